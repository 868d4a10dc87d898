import { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { join, resolve, sep } from 'node:path';
import { createOpenApiDocument } from '../http/api-document';

/** The checkout's root, from apps/server/src/cli or dist/apps/server/src/cli. */
export const REPO_ROOT = resolve(
  __dirname,
  __dirname.includes(`${sep}dist${sep}`) ? '../../../../..' : '../../../..',
);

export const OPENAPI_JSON = 'apps/web/src/api/openapi.json';
export const OPENAPI_TYPES = 'apps/web/src/api/schema.d.ts';

/** openapi-typescript, run by tools/openapi/openapi-types.mjs in a process of its own. */
function openapiTypes(json: string): string {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'tools/openapi/openapi-types.mjs')], {
    cwd: REPO_ROOT,
    input: json,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`openapi-typescript failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * The web client's generated API files, by path from the checkout's root: the app's OpenAPI
 * document (pretty, in a stable order) and the TypeScript types made from it. `npm run
 * api:generate` writes them; the staleness test compares them with the committed ones.
 */
export function apiClientFiles(app: INestApplication): Record<string, string> {
  const json = `${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`;
  return { [OPENAPI_JSON]: json, [OPENAPI_TYPES]: openapiTypes(json) };
}
