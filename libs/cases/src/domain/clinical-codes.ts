/**
 * Format checks for the codes a case carries. They check the shape of a code, not that it
 * exists in the current release of the classification.
 */

/**
 * ICD-10 / ICD-10-CM: a letter other than U (reserved for provisional WHO codes), a digit and
 * a digit or letter (ICD-10-CM has C7A, C7B, D3A), then, when the code goes beyond the category,
 * a dot and 1–4 characters (C34.1, C50.911, S72.001A). The dotless form 'C341' is refused.
 */
const ICD10 = /^[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?$/;

/** ICD-O-3 topography: C00.0–C80.9, always with its subsite digit. */
const ICDO3_TOPOGRAPHY = /^C(?:[0-7]\d|80)\.\d$/;

/** ICD-O-3 morphology: histology 8000–9999, '/', behaviour code. The grade is a separate field. */
const ICDO3_MORPHOLOGY = /^[89]\d{3}\/[012369]$/;

/** DICOM PS3.5 §9.1: numeric components without leading zeros, at most 64 characters. */
const DICOM_UID = /^(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))*$/;
const DICOM_UID_MAX_LENGTH = 64;

export function isIcd10Code(code: string): boolean {
  return typeof code === 'string' && ICD10.test(code);
}

export function isIcdO3Topography(code: string): boolean {
  return typeof code === 'string' && ICDO3_TOPOGRAPHY.test(code);
}

export function isIcdO3Morphology(code: string): boolean {
  return typeof code === 'string' && ICDO3_MORPHOLOGY.test(code);
}

export function isDicomUid(uid: string): boolean {
  return typeof uid === 'string' && uid.length <= DICOM_UID_MAX_LENGTH && DICOM_UID.test(uid);
}
