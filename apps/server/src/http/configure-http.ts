import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppConfig } from '../config/app-config';
import { ErrorFilter } from './error.filter';
import { requestContextMiddleware } from './request-context.middleware';
import { createValidationPipe } from './validation';

export const API_PREFIX = 'api/v1';

/**
 * `__proto__` and `constructor` keys are never legitimate input, and the
 * validation layer would silently drop rather than refuse them; refusing them
 * at parse time gives a clear 400 and rules out prototype pollution.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`"${key}" is not allowed as a key`);
  return value;
}

/** Everything about the HTTP surface that is not a route: shared by main and the e2e tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  app.use(
    helmet({
      // Outside production the server is reached over plain http://localhost,
      // where upgrading subresources to https would break the API docs UI.
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: config.production ? [] : null },
      },
    }),
  );
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: false,
    exposedHeaders: ['X-Request-Id'],
    maxAge: 600,
  });
  app.useBodyParser('json', {
    limit: config.bodyLimitBytes,
    strict: true,
    reviver: refusePrototypeKeys,
  });
  app.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tumor Board server')
      .setDescription('Multidisciplinary virtual tumor board collaboration API')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
