import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import {
  OPENAPI_JSON,
  OPENAPI_TYPES,
  REPO_ROOT,
  apiClientFiles,
} from '../../apps/server/src/cli/api-client-files';
import { TestApp, startTestApp } from '../support/test-app';

const REGENERATE = 'run npm run api:generate';

interface Operation {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);

function operations(document: Document): Array<{ route: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
  );
}

/** Where two texts first differ, to point at the stale part. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, index) => text !== b[index]);
  const at = line === -1 ? Math.min(a.length, b.length) : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '<end>')}, generated ${JSON.stringify(b[at] ?? '<end>')}`;
}

describe('OpenAPI document and the web client generated from it', () => {
  let t: TestApp;
  let files: Record<string, string>;
  let document: Document;

  beforeAll(async () => {
    t = await startTestApp();
    files = apiClientFiles(t.app);
    document = JSON.parse(files[OPENAPI_JSON]) as Document;
  });

  afterAll(() => t.close());

  it.each([OPENAPI_JSON, OPENAPI_TYPES])('%s is up to date', async (file) => {
    const committed = await readFile(join(REPO_ROOT, file), 'utf8').catch(() => null);
    if (committed === null) throw new Error(`${file} is missing: ${REGENERATE}`);
    if (committed !== files[file]) {
      throw new Error(
        `${file} is stale (${firstDifference(committed, files[file])}): ${REGENERATE}`,
      );
    }
  });

  it('has contract schemas that match libs/contracts', () => {
    const check = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'tools/openapi/contract-schemas.mjs'), '--check'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    if (check.status !== 0) {
      throw new Error(
        `libs/openapi/contract-schemas.json or contract-shapes.ts no longer match libs/contracts ` +
          `(${(check.stderr || check.stdout).trim()}): ${REGENERATE}`,
      );
    }
  });

  it('is what the server serves', async () => {
    const served = await request(t.http).get('/api/docs-json').expect(200);
    expect(served.body).toEqual(document);
  });

  it('declares the success response of every route', () => {
    const problems: string[] = [];
    for (const { route, operation } of operations(document)) {
      const success = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));
      if (success.length !== 1) {
        problems.push(`${route}: ${success.length} success responses`);
        continue;
      }
      const content = operation.responses[success[0]].content;
      if (success[0] === '204') {
        if (content) problems.push(`${route}: 204 with a body`);
      } else if (!content || Object.values(content).some((media) => !media.schema)) {
        problems.push(`${route}: ${success[0]} without a schema (add @Returns…)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names every operation once, and every ref resolves', () => {
    const ids = operations(document).map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[A-Za-z]+_[A-Za-z]+$/.test(id))).toBe(
      true,
    );
    expect(new Set(ids).size).toBe(ids.length);
    const text = JSON.stringify(document);
    expect(text).not.toContain('#/definitions/');
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(refs.filter((name) => !(name in document.components.schemas))).toEqual([]);
  });

  it('answers with the contract types', () => {
    expect(document.openapi).toBe('3.1.0');
    const json = (path: string, method: string, status: string) =>
      document.paths[path][method].responses[status].content?.['application/json']?.schema;
    expect(json('/api/v1/cases/{caseId}', 'get', '200')).toEqual({
      $ref: '#/components/schemas/CaseDetailView',
    });
    expect(json('/api/v1/boards/{boardId}/cases', 'get', '200')).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/CaseSummaryView' },
    });
    expect(json('/api/v1/boards/{boardId}/cases', 'post', '201')).toEqual({
      $ref: '#/components/schemas/CaseDetailView',
    });
    expect(json('/api/v1/auth/login', 'post', '200')).toEqual({
      $ref: '#/components/schemas/IssuedTokens',
    });
    expect(json('/api/v1/audit', 'get', '200')).toEqual({
      $ref: '#/components/schemas/AuditEventPage',
    });
    expect(json('/api/v1/auth/logout', 'post', '200')).toEqual({
      $ref: '#/components/schemas/SignOutView',
    });
    expect(json('/api/v1/auth/sign-in-options', 'get', '200')).toEqual({
      $ref: '#/components/schemas/SignInOptionsView',
    });
    // The single sign-on start and callback are browser navigations answered with redirects.
    expect(Object.keys(document.paths).filter((path) => path.includes('/oidc/'))).toEqual([]);
    expect(document.components.schemas.Specialty).toMatchObject({
      type: 'string',
      enum: expect.arrayContaining(['medical_oncology', 'pathology', 'other']),
    });
    expect(document.components.schemas.BoardRole.enum).toEqual([
      'coordinator',
      'chair',
      'presenter',
      'panelist',
      'observer',
    ]);
  });

  it('describes downloads as binary files', () => {
    const content = (path: string) => document.paths[path].get.responses['200'].content;
    const binary = { schema: { type: 'string', format: 'binary' } };
    expect(content('/api/v1/recommendations/{id}/pdf')).toEqual({ 'application/pdf': binary });
    expect(content('/api/v1/second-opinions/{id}/opinion/clinical-report.pdf')).toEqual({
      'application/pdf': binary,
    });
    expect(content('/api/v1/calendar/{file}')).toEqual({ 'text/calendar': binary });
    expect(content('/api/v1/cases/{caseId}/records/{recordId}/file')).toEqual({
      'application/pdf': binary,
      'image/png': binary,
      'image/jpeg': binary,
    });
    expect(content('/api/v1/boards/{boardId}/quality-metrics')).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/QualityMetricsView' } },
      'text/csv': binary,
    });
  });

  it('gives the web client string unions and the contract shapes', () => {
    const types = files[OPENAPI_TYPES];
    expect(types).toContain('export interface paths {');
    expect(types).toContain('export interface components {');
    expect(types).toMatch(/ {8}Specialty: "medical_oncology" \| "radiation_oncology" \|/);
    expect(types).toContain('"application/json": components["schemas"]["CaseDetailView"];');
  });
});
