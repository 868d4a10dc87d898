export interface SecondOpinionsSettings {
  /** Base URL the referrer's upload links point at. */
  publicUrl: string;
  uploadLimitBytes: number;
}

export const SECOND_OPINIONS_SETTINGS = Symbol('SecondOpinionsSettings');
