export * from './access-cache';
export * from './dicom-json';
export * from './dicom-uid';
export * from './dicomweb-paths';
export * from './dicomweb-sources';
export * from './pacs-errors';
export * from './study-search';
export * from './accept';
