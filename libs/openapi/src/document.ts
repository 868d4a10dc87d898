import { INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { contractSchemas } from './contract-schemas';
import { DECLARED_RESPONSE, DeclaredResponse } from './returns';

/** `Cases_detail` for `CasesController.detail`: stable while the class and method keep their names. */
export function operationId(controllerKey: string, methodKey: string): string {
  return `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;
}

/** The status Nest answers a handler with: `@HttpCode`, else 201 for POST and 200 otherwise. */
function answeredStatus(handler: object): number {
  const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  if (code !== undefined) return code;
  return Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? 201 : 200;
}

/**
 * Turns every `@Returns…` declaration of the app's controllers into a Swagger response under
 * the status the route really answers with; a declared status the route does not answer with
 * is refused. Idempotent: the document can be built any number of times.
 */
export function applyDeclaredResponses(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = Object.getOwnPropertyDescriptor(prototype, key)?.value as unknown;
        if (typeof handler !== 'function') continue;
        const declared = Reflect.getMetadata(DECLARED_RESPONSE, handler) as
          DeclaredResponse | undefined;
        if (!declared) continue;
        const status = answeredStatus(handler);
        if (declared.status !== undefined && declared.status !== status) {
          throw new Error(
            `${prototype.constructor.name}.${key} declares a ${declared.status} response but answers ` +
              `${status}: add @HttpCode(${declared.status}) or declare ${status}`,
          );
        }
        const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) as Record<
          string,
          object
        >;
        const response = { description: declared.description, content: declared.content };
        Reflect.defineMetadata(
          DECORATORS.API_RESPONSE,
          { ...responses, [status]: response },
          handler,
        );
      }
    }
  }
}

/** The contract schemas beside the document's own (request DTOs); a name used twice is refused. */
export function withContractSchemas(document: OpenAPIObject): OpenAPIObject {
  const own = document.components?.schemas ?? {};
  const contracts = contractSchemas();
  const clash = Object.keys(own).filter((name) => name in contracts);
  if (clash.length > 0) {
    throw new Error(`schema names used by both a DTO and a contract: ${clash.join(', ')}`);
  }
  return {
    ...document,
    components: { ...document.components, schemas: { ...own, ...contracts } },
  };
}

const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function byName<T>(entries: Record<string, T>, order?: (key: string) => number): Record<string, T> {
  const keys = Object.keys(entries).sort((a, b) => {
    const rank = order ? order(a) - order(b) : 0;
    return rank !== 0 ? rank : a < b ? -1 : a > b ? 1 : 0;
  });
  return Object.fromEntries(keys.map((key) => [key, entries[key]]));
}

/**
 * Paths, methods, responses and every components section in a fixed order, so the serialised
 * document changes only when the API does (not when modules or decorators are reordered).
 */
export function inStableOrder(document: OpenAPIObject): OpenAPIObject {
  const methodRank = (key: string) =>
    METHOD_ORDER.includes(key) ? METHOD_ORDER.indexOf(key) : METHOD_ORDER.length;
  const paths = Object.fromEntries(
    Object.entries(byName(document.paths)).map(([path, item]) => {
      const operations = Object.entries(byName(item as Record<string, unknown>, methodRank)).map(
        ([key, value]) => {
          const operation = value as { responses?: Record<string, unknown> };
          return [
            key,
            METHOD_ORDER.includes(key) && operation.responses
              ? { ...operation, responses: byName(operation.responses) }
              : value,
          ];
        },
      );
      return [path, Object.fromEntries(operations)];
    }),
  );
  const components = document.components
    ? Object.fromEntries(
        Object.entries(byName(document.components as Record<string, unknown>)).map(
          ([section, entries]) => [section, byName(entries as Record<string, unknown>)],
        ),
      )
    : undefined;
  return { ...document, paths, ...(components ? { components } : {}) } as OpenAPIObject;
}

/**
 * The app's OpenAPI 3.1 document: routes and request DTOs from Nest, success responses from the
 * `@Returns…` decorators, the contract schemas as components, in a stable order. The server
 * serves it and `npm run api:generate` writes it for the web client: one function, so the two
 * cannot differ.
 */
export function createApiDocument(
  app: INestApplication,
  config: Omit<OpenAPIObject, 'paths'>,
): OpenAPIObject {
  if (!config.openapi.startsWith('3.1')) {
    throw new Error(
      `the contract schemas are JSON Schema 2020-12: OpenAPI 3.1 needed, not ${config.openapi}`,
    );
  }
  applyDeclaredResponses(app);
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationId,
  });
  return inStableOrder(withContractSchemas(document));
}
