export * from './fhir-bundle';
export * from './recommendation-pdf';
export * from './pdf-writer';
