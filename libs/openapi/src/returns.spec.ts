import { Controller, Delete, Get, HttpCode, INestApplication, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DocumentBuilder } from '@nestjs/swagger';
import type { CaseDetailView, CaseSummaryView, TokenPair } from '@app/contracts';
import { createApiDocument } from './document';
import { Returns, ReturnsFile, ReturnsNothing, ReturnsStream } from './returns';

const config = () => new DocumentBuilder().setOpenAPIVersion('3.1.0').setTitle('t').build();

declare const detail: CaseDetailView;
declare const summary: CaseSummaryView;

/** Never instantiated: `npm run typecheck` proves the decorators refuse mismatched methods. */
export class TypeChecks {
  @Returns('CaseDetailView')
  detail(): Promise<CaseDetailView> {
    return Promise.resolve(detail);
  }

  @Returns('CaseSummaryView', { array: true })
  list(): Promise<CaseSummaryView[]> {
    return Promise.resolve([summary]);
  }

  // @ts-expect-error a summary is not the detail
  @Returns('CaseDetailView')
  notTheDetail(): Promise<CaseSummaryView> {
    return Promise.resolve(summary);
  }

  // @ts-expect-error nor is the detail (with more fields) the summary
  @Returns('CaseSummaryView')
  notTheSummary(): Promise<CaseDetailView> {
    return Promise.resolve(detail);
  }

  // @ts-expect-error one is not a list
  @Returns('CaseSummaryView', { array: true })
  notAList(): Promise<CaseSummaryView> {
    return Promise.resolve(summary);
  }

  // @ts-expect-error a body is not nothing
  @ReturnsNothing()
  notNothing(): Promise<TokenPair> {
    return Promise.resolve({} as TokenPair);
  }

  // @ts-expect-error a contract is not a file
  @ReturnsFile('application/pdf')
  notAFile(): Promise<CaseSummaryView> {
    return Promise.resolve(summary);
  }

  // @ts-expect-error a route that streams through the response returns nothing itself
  @ReturnsStream('image/png')
  notAStream(): Promise<string> {
    return Promise.resolve('png');
  }
}

@Controller('things')
class ThingsController {
  @Get(':id')
  @Returns('CaseDetailView')
  get(): Promise<CaseDetailView> {
    return Promise.resolve(detail);
  }

  @Post()
  @Returns('CaseSummaryView')
  create(): Promise<CaseSummaryView> {
    return Promise.resolve(summary);
  }

  @Post(':id/copy')
  @HttpCode(200)
  @Returns('CaseSummaryView', { array: true, status: 200 })
  copy(): Promise<CaseSummaryView[]> {
    return Promise.resolve([summary]);
  }

  @Delete(':id')
  @HttpCode(204)
  @ReturnsNothing()
  remove(): Promise<void> {
    return Promise.resolve();
  }

  @Get(':id/pdf')
  @ReturnsFile('application/pdf')
  pdf(): Promise<string> {
    return Promise.resolve('%PDF');
  }

  @Get(':id/frames')
  @ReturnsStream('multipart/related', { description: 'The frames' })
  frames(): Promise<void> {
    return Promise.resolve();
  }
}

@Controller('wrong')
class WrongStatusController {
  @Post()
  @Returns('CaseSummaryView', { status: 200 })
  create(): Promise<CaseSummaryView> {
    return Promise.resolve(summary);
  }
}

async function appWith(controller: new (...args: never[]) => unknown): Promise<INestApplication> {
  const module = await Test.createTestingModule({ controllers: [controller] }).compile();
  return module.createNestApplication({ logger: false });
}

describe('response decorators', () => {
  it('put each declared response under the status the route answers', async () => {
    const app = await appWith(ThingsController);
    const document = createApiDocument(app, config());
    const responses = (path: string, method: string) =>
      (document.paths[path] as Record<string, { responses: Record<string, unknown> }>)[method]
        .responses;
    expect(responses('/things/{id}', 'get')).toEqual({
      200: {
        description: 'CaseDetailView',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/CaseDetailView' } },
        },
      },
    });
    expect(Object.keys(responses('/things', 'post'))).toEqual(['201']);
    expect(responses('/things/{id}/copy', 'post')).toEqual({
      200: {
        description: 'A list of CaseSummaryView',
        content: {
          'application/json': {
            schema: { type: 'array', items: { $ref: '#/components/schemas/CaseSummaryView' } },
          },
        },
      },
    });
    expect(responses('/things/{id}', 'delete')).toEqual({ 204: { description: 'No content' } });
    expect(responses('/things/{id}/pdf', 'get')).toEqual({
      200: {
        description: 'The file',
        content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      },
    });
    expect(responses('/things/{id}/frames', 'get')).toEqual({
      200: {
        description: 'The frames',
        content: { 'multipart/related': { schema: { type: 'string', format: 'binary' } } },
      },
    });
    expect(document.components?.schemas?.CaseDetailView).toBeDefined();
    expect(createApiDocument(app, config())).toEqual(document);
    await app.close();
  });

  it('refuse a declared status the route does not answer with', async () => {
    const app = await appWith(WrongStatusController);
    expect(() => createApiDocument(app, config())).toThrow(
      'WrongStatusController.create declares a 200 response but answers 201',
    );
    await app.close();
  });
});
