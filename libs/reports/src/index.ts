export * from './pdf/recommendation-pdf';
export * from './pdf/written-opinion-pdf';
export * from './fhir';
