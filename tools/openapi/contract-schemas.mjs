#!/usr/bin/env node
/**
 * The REST response shapes of `libs/contracts` as OpenAPI 3.1 component schemas.
 *
 *   node tools/openapi/contract-schemas.mjs          writes the two files below
 *   node tools/openapi/contract-schemas.mjs --check  exits 1, naming them, when either is stale
 *
 * - `libs/openapi/contract-schemas.json`: one JSON Schema per type exported by
 *   `libs/contracts/src/index.ts` (ts-json-schema-generator), refs as `#/components/schemas/<Name>`,
 *   names sorted. The server's OpenAPI document merges them into its components.
 * - `libs/openapi/src/contract-shapes.ts`: the same names mapped to their TypeScript types, which
 *   `@Returns('<Name>')` checks a controller method's result against.
 *
 * A generic instantiation (`Page<UserView>`) has no stable name of its own: export an alias from
 * the contracts (`export type UserPage = Page<UserView>`) and the alias names its schema. Types
 * made only of functions (the socket event maps) have no JSON form and are left out.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CONTRACTS = 'libs/contracts/src/index.ts';
export const SCHEMAS_FILE = 'libs/openapi/contract-schemas.json';
export const SHAPES_FILE = 'libs/openapi/src/contract-shapes.ts';
const DEFINITIONS = '#/definitions/';
const COMPONENTS = '#/components/schemas/';

/** `{ [file]: text }` for both generated files. */
export function generateContractFiles() {
  const generator = createGenerator({
    path: join(ROOT, CONTRACTS),
    tsconfig: join(ROOT, 'tsconfig.json'),
    type: '*',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true,
    encodeRefs: false,
    additionalProperties: true,
    functions: 'hide',
  });
  const definitions = componentSchemas(generator.createSchema('*').definitions ?? {});
  const names = Object.keys(definitions);
  return {
    [SCHEMAS_FILE]: `${JSON.stringify(definitions, null, 2)}\n`,
    [SHAPES_FILE]: shapesModule(names),
  };
}

function componentSchemas(definitions) {
  const unnamed = new Map();
  const kept = {};
  for (const [name, schema] of Object.entries(definitions)) {
    if (isNever(schema)) continue;
    if (name.includes('<')) unnamed.set(name, schema);
    else kept[name] = schema;
  }
  // `export type UserPage = Page<UserView>` comes out as a ref to `Page<UserView>`: the alias
  // takes the instantiation's schema, and every ref to the instantiation points at the alias.
  const aliasOf = new Map();
  for (const [name, schema] of Object.entries(kept)) {
    const target = typeof schema.$ref === 'string' ? schema.$ref.slice(DEFINITIONS.length) : null;
    if (!target || !unnamed.has(target) || aliasOf.has(target)) continue;
    if (Object.keys(schema).some((key) => key !== '$ref' && key !== 'description')) continue;
    aliasOf.set(target, name);
    kept[name] = {
      ...unnamed.get(target),
      ...(schema.description ? { description: schema.description } : {}),
    };
  }
  const missing = [...unnamed.keys()].filter((name) => !aliasOf.has(name));
  if (missing.length > 0) {
    throw new Error(
      `no name for ${missing.join(', ')}: export an alias from libs/contracts ` +
        `(e.g. export type UserPage = Page<UserView>)`,
    );
  }
  const sorted = {};
  for (const name of Object.keys(kept).sort()) sorted[name] = toOpenApi(kept[name], aliasOf, name);
  return sorted;
}

/** What ts-json-schema-generator makes of a function-only type: a schema nothing satisfies. */
function isNever(schema) {
  return (
    typeof schema === 'object' &&
    Object.keys(schema).length === 1 &&
    typeof schema.not === 'object' &&
    Object.keys(schema.not).length === 0
  );
}

/** Refs into `#/components/schemas`, draft-07 tuples as 2020-12 `prefixItems`. */
function toOpenApi(value, aliasOf, owner) {
  if (Array.isArray(value)) return value.map((item) => toOpenApi(item, aliasOf, owner));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(
        Object.entries(child).map(([name, schema]) => [name, toOpenApi(schema, aliasOf, owner)]),
      );
    } else if (key === '$ref' && typeof child === 'string' && child.startsWith(DEFINITIONS)) {
      const name = child.slice(DEFINITIONS.length);
      out.$ref = `${COMPONENTS}${aliasOf.get(name) ?? name}`;
    } else if (key === 'items' && Array.isArray(child)) {
      out.prefixItems = toOpenApi(child, aliasOf, owner);
    } else if (key === 'additionalItems') {
      out.items = toOpenApi(child, aliasOf, owner);
    } else if (key === 'not' && isNever({ not: child })) {
      throw new Error(`${owner} refers to a type with no JSON form (made of functions)`);
    } else {
      out[key] = toOpenApi(child, aliasOf, owner);
    }
  }
  return out;
}

function shapesModule(names) {
  const width = 100;
  const lines = names.map((name) => {
    const line = `  ${name}: Contracts.${name};`;
    return line.length <= width ? line : `  ${name}:\n    Contracts.${name};`;
  });
  return [
    `// Generated by tools/openapi/contract-schemas.mjs from ${CONTRACTS}: do not edit.`,
    `// Regenerate with \`npm run api:generate\`.`,
    `import type * as Contracts from '@app/contracts';`,
    '',
    '/** Every schema of contract-schemas.json, by name, with the contract type it describes. */',
    'export interface ContractShapes {',
    ...lines,
    '}',
    '',
  ].join('\n');
}

async function main(check) {
  const files = generateContractFiles();
  const stale = [];
  for (const [file, text] of Object.entries(files)) {
    const path = join(ROOT, file);
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current === text) continue;
    stale.push(relative(ROOT, path));
    if (!check) await writeFile(path, text);
  }
  if (check && stale.length > 0) {
    process.stderr.write(`stale: ${stale.join(', ')}; run npm run api:generate\n`);
    process.exit(1);
  }
  if (!check)
    process.stdout.write(
      stale.length ? `wrote ${stale.join(', ')}\n` : 'contract schemas are up to date\n',
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.includes('--check')).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
