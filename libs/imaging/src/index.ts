export * from './imaging.module';
export * from './imaging-settings';
export { readImagingConfig, sourceVariablePrefix } from './domain';
export type { DicomWebAuth, DicomWebSource, ImagingConfig } from './domain';
