import { StreamableFile } from '@nestjs/common';
import type { ContentObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { ContractShapes } from './contract-shapes';

/** A schema name of contract-schemas.json: a type exported by `@app/contracts`. */
export type ContractName = keyof ContractShapes;

type Handler = (...args: never[]) => unknown;
type Resolved<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** What `tsc` names when a method's result is not what its response decorator declares. */
export interface DeclaredResponseMismatch<Declared> {
  'the method must resolve to': Declared;
}

/**
 * A method decorator that accepts only methods resolving to `Declared`: exactly (assignable both
 * ways) when `Exact`, so a `CaseSummaryView` method cannot claim `CaseDetailView` nor the
 * reverse; otherwise anything assignable to it (files).
 */
export type ResponseDecorator<Declared, Exact extends boolean = true> = <F extends Handler>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<F> &
    ((
      Exact extends true
        ? Same<Resolved<F>, Declared>
        : [Resolved<F>] extends [Declared]
          ? true
          : false
    ) extends true
      ? unknown
      : DeclaredResponseMismatch<Declared>),
) => void;

/** The success response a route declares, resolved into the document by `applyDeclaredResponses`. */
export interface DeclaredResponse {
  /** Absent: whatever the route answers (`@HttpCode`, else 201 for POST and 200 for the rest). */
  status?: number;
  description: string;
  content?: ContentObject;
}

export const DECLARED_RESPONSE = Symbol('openapi:declared-response');

const BINARY: SchemaObject = { type: 'string', format: 'binary' };

/** What the implementations return; the overloads narrow it to the checked form. */
type AnyMethodDecorator = (
  target: object,
  propertyKey: string | symbol,
  descriptor: PropertyDescriptor,
) => void;

function declare(response: DeclaredResponse): AnyMethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(DECLARED_RESPONSE, response, descriptor.value as object);
  };
}

export interface ReturnsOptions {
  /** Checked against the route: declaring 200 on a POST needs `@HttpCode(200)`. */
  status?: 200 | 201;
  description?: string;
  /**
   * Other representations of the same resource the route can answer with (content
   * negotiation), as opaque files: e.g. `['text/csv']` beside the JSON.
   */
  alternatives?: readonly string[];
}

/** Files the route may answer with instead of the contract (see `alternatives`). */
type WithAlternatives<T, O> = O extends { alternatives: readonly string[] }
  ? T | StreamableFile
  : T;

/**
 * The route answers the contract `name` as JSON (`{ array: true }`: a list of them), with the
 * status it sends. `tsc` refuses the decorator on a method that does not resolve to that type.
 *
 *   @Returns('CaseDetailView')  @Returns('CaseSummaryView', { array: true })
 */
export function Returns<K extends ContractName, O extends ReturnsOptions & { array?: false }>(
  name: K,
  options?: O,
): ResponseDecorator<WithAlternatives<ContractShapes[K], O>>;
export function Returns<K extends ContractName, O extends ReturnsOptions & { array: true }>(
  name: K,
  options: O,
): ResponseDecorator<WithAlternatives<Array<ContractShapes[K]>, O>>;
export function Returns(
  name: ContractName,
  options: ReturnsOptions & { array?: boolean } = {},
): AnyMethodDecorator {
  const ref: ReferenceObject = { $ref: `#/components/schemas/${name}` };
  const content: ContentObject = {
    'application/json': { schema: options.array ? { type: 'array', items: ref } : ref },
  };
  for (const mediaType of options.alternatives ?? []) content[mediaType] = { schema: BINARY };
  return declare({
    status: options.status,
    description: options.description ?? (options.array ? `A list of ${name}` : name),
    content,
  });
}

/** The route answers 204 with no body (it needs `@HttpCode(204)`); the method resolves to void. */
export function ReturnsNothing(options: { description?: string } = {}): ResponseDecorator<void> {
  return declare({ status: 204, description: options.description ?? 'No content' });
}

/** What a file route may resolve to: bytes, a stream, or text. */
export type FileBody = StreamableFile | Buffer | string;

export interface ReturnsFileOptions {
  description?: string;
  /**
   * The body's schema when it is a JSON document in a foreign format rather than opaque bytes
   * (a FHIR Bundle: `{ type: 'object', additionalProperties: true }`); the method may then resolve
   * to any object.
   */
  schema?: SchemaObject;
}

/**
 * The route answers a file of one of `mediaTypes` (`{ type: 'string', format: 'binary' }`),
 * e.g. `@ReturnsFile('application/pdf')`, `@ReturnsFile('text/calendar')`.
 */
export function ReturnsFile(
  mediaTypes: string | readonly string[],
  options?: ReturnsFileOptions & { schema?: undefined },
): ResponseDecorator<FileBody, false>;
export function ReturnsFile(
  mediaTypes: string | readonly string[],
  options: ReturnsFileOptions & { schema: SchemaObject },
): ResponseDecorator<object, false>;
export function ReturnsFile(
  mediaTypes: string | readonly string[],
  options: ReturnsFileOptions = {},
): AnyMethodDecorator {
  const content: ContentObject = {};
  for (const mediaType of typeof mediaTypes === 'string' ? [mediaTypes] : mediaTypes)
    content[mediaType] = { schema: options.schema ?? BINARY };
  return declare({ description: options.description ?? 'The file', content });
}

/**
 * The route writes its body itself through the response (`@Res()`), streaming what it relays, e.g.
 * DICOMweb frames: documented like `@ReturnsFile`, and the method resolves to void.
 */
export function ReturnsStream(
  mediaTypes: string | readonly string[],
  options: ReturnsFileOptions = {},
): ResponseDecorator<void> {
  const content: ContentObject = {};
  for (const mediaType of typeof mediaTypes === 'string' ? [mediaTypes] : mediaTypes)
    content[mediaType] = { schema: options.schema ?? BINARY };
  return declare({ description: options.description ?? 'The stream', content });
}
