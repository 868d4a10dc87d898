import fc from 'fast-check';
import { HOSTILE_STRINGS } from './fuzz';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
}

export interface FuzzRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Which caller: an administrator, a board coordinator, or nobody. */
  as: 'admin' | 'coordinator' | 'anonymous';
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const HOSTILE_NUMBERS = [
  -1,
  0,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  1e21,
  -1e21,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
];

function resolve(document: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || depth > 8) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    return resolve(document, document.components?.schemas?.[name], depth + 1);
  }
  if (schema.allOf?.length) {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf) {
      const resolved = resolve(document, part, depth + 1);
      Object.assign(merged.properties ?? {}, resolved.properties);
      merged.required?.push(...(resolved.required ?? []));
    }
    return merged;
  }
  return schema;
}

const hostile = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE_STRINGS),
  fc.constantFrom<unknown>(...HOSTILE_NUMBERS),
  fc.constantFrom<unknown>(null, true, false, [], {}, [null], { __proto__: { x: 1 } }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
);

/** A value shaped by the schema, well formed most of the time, hostile some of the time. */
export function valueOf(
  document: OpenApiDocument,
  raw: Schema | undefined,
  ids: readonly string[],
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const wellFormed = wellFormedValue(document, schema, ids, depth);
  return fc.oneof({ arbitrary: wellFormed, weight: 4 }, { arbitrary: hostile, weight: 1 });
}

function wellFormedValue(
  document: OpenApiDocument,
  schema: Schema,
  ids: readonly string[],
  depth: number,
): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  const options = schema.oneOf ?? schema.anyOf;
  if (options?.length)
    return fc.oneof(...options.map((option) => valueOf(document, option, ids, depth + 1)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...ids), fc.uuid());
      if (schema.format === 'date-time')
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date')
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 60, 200),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueOf(document, schema.items, ids, depth + 1), { maxLength: 4 });
    case 'object':
    default: {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0)
        return fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 3 });
      const required = (schema.required ?? []).filter((name) => name in (schema.properties ?? {}));
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of properties)
        record[name] = valueOf(document, property, ids, depth + 1);
      const complete = fc.record(record, { requiredKeys: required });
      return fc.oneof(
        { arbitrary: complete, weight: 3 },
        // Required fields left out…
        { arbitrary: fc.record(record, { requiredKeys: [] }), weight: 1 },
        // …or an unknown one added.
        { arbitrary: complete.map((value) => ({ ...value, unexpected: 'field' })), weight: 1 },
      );
    }
  }
}

/** Path parameters: known ids mostly, else random or malformed ones. */
function pathValue(ids: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...ids), weight: 6 },
    { arbitrary: fc.uuid(), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        '1',
        'x',
        'null',
        '%00',
        '..',
        'a'.repeat(300),
        ids[0].toUpperCase(),
      ),
      weight: 1,
    },
  );
}

/** Every operation of the document, as arbitraries of requests to it. */
export function operationsOf(
  document: OpenApiDocument,
  ids: readonly string[],
  skip: (method: string, path: string) => boolean,
): Array<{ name: string; requests: fc.Arbitrary<FuzzRequest> }> {
  const operations: Array<{ name: string; requests: fc.Arbitrary<FuzzRequest> }> = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || skip(method, template)) continue;
      const parameters = operation.parameters ?? [];
      const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
      const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      const path = fc
        .tuple(...pathParameters.map(() => pathValue(ids)))
        .map((values) =>
          pathParameters.reduce(
            (built, parameter, index) =>
              built.replace(`{${parameter.name}}`, encodeURIComponent(values[index])),
            template,
          ),
        );
      const query = fc
        .tuple(
          ...queryParameters.map((parameter) =>
            fc.option(valueOf(document, parameter.schema, ids), { freq: 2 }),
          ),
        )
        .map((values) =>
          Object.fromEntries(
            queryParameters
              .map((parameter, index) => [parameter.name, values[index]] as const)
              .filter(([, value]) => value !== null && value !== undefined)
              .map(([name, value]) => [
                name,
                typeof value === 'string' ? value : JSON.stringify(value),
              ]),
          ),
        );
      const body = bodySchema ? valueOf(document, bodySchema, ids) : fc.constant(undefined);
      operations.push({
        name: `${method.toUpperCase()} ${template}`,
        requests: fc
          .record({
            path,
            query,
            body,
            as: fc.constantFrom<FuzzRequest['as']>(
              'admin',
              'coordinator',
              'coordinator',
              'anonymous',
            ),
          })
          .map((parts) => ({ method, ...parts })),
      });
    }
  }
  return operations;
}
