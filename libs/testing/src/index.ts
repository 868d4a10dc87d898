export * from './test-database';
export * from './tcp-proxy';
export * from './test-config';
export * from './pdf-text';
export * from './fhir-validation';
export * from './recommendation-reports';
export * from './test-clock';
