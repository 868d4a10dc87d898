export interface CasesSettings {
  /** Base64 32-byte key for MRN encryption. */
  mrnEncryptionKey: string;
  recordsDir: string;
  uploadLimitBytes: number;
}

export const CASES_SETTINGS = Symbol('CASES_SETTINGS');
