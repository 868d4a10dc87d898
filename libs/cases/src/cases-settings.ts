import { Clock } from '@app/core';

export interface CasesSettings {
  /** Base64 32-byte key for MRN encryption. */
  mrnEncryptionKey: string;
  recordsDir: string;
  uploadLimitBytes: number;
  /** The system clock unless a test fixes the time. */
  clock?: Clock;
}

export const CASES_SETTINGS = Symbol('CASES_SETTINGS');

/** The clock the cases context reads "now" from. */
export const CASES_CLOCK = Symbol('CASES_CLOCK');
