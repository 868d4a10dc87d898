export * from './opinion-pdf';
