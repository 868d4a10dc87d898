import type { ImagingConfig } from './domain';

/** The imaging context's configuration: the DICOMweb sources and the proxy's bounds. */
export type ImagingSettings = ImagingConfig;

export const IMAGING_SETTINGS = Symbol('IMAGING_SETTINGS');
