export * from './fhir-bundle';
export * from './recommendation-pdf';
