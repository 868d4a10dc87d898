import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaObject } from '@nestjs/swagger';

/**
 * Next to this lib's sources in the checkout, and copied beside the compiled ones by
 * `nest build` (`copyFiles`): the same relative path from `src/` and `dist/…/src/`.
 */
const FILE = join(__dirname, '..', 'contract-schemas.json');

let loaded: Record<string, SchemaObject> | undefined;

/** The schemas tools/openapi/contract-schemas.mjs generated from `@app/contracts`, by name. */
export function contractSchemas(): Record<string, SchemaObject> {
  if (!loaded) {
    let text: string;
    try {
      text = readFileSync(FILE, 'utf8');
    } catch (error) {
      throw new Error(`${FILE} is missing (run npm run api:generate): ${String(error)}`);
    }
    loaded = JSON.parse(text) as Record<string, SchemaObject>;
  }
  return loaded;
}
