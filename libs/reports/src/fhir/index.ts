export * from './types';
export { PATIENT_REFERENCE_SYSTEM } from './terminology';
export { buildFhirBundle } from './bundle';
