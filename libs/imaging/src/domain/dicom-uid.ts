/**
 * A DICOM UID as the proxy accepts it in a path: dot-separated numeric components, at most 64
 * characters (PS3.5 §9.1). Components with a leading zero, which the standard forbids but some
 * archives hold, are let through: the PACS is the judge of what it stores.
 */
export const DICOM_UID_PATTERN = /^[0-9]+(\.[0-9]+)*$/;
export const DICOM_UID_MAX_LENGTH = 64;

export function isDicomUid(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= DICOM_UID_MAX_LENGTH &&
    DICOM_UID_PATTERN.test(value)
  );
}
