export interface QualitySettings {
  /** Days after publication or delivery at which outcomes are followed up. */
  followUpDays: readonly number[];
  /** Days after a follow-up's due date before it is overdue. */
  followUpGraceDays: number;
}

export const QUALITY_SETTINGS = Symbol('QualitySettings');
