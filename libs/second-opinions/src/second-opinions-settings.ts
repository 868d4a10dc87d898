import { SlaTargets } from './domain';

export interface SecondOpinionsSettings {
  /** Base URL the referrer's upload and opinion links point at. */
  publicUrl: string;
  uploadLimitBytes: number;
  /** Follow-up questions a referrer may ask after delivery, unless set on the request. */
  followUpQuestions: number;
  /** Days the referrer's link to the delivered opinion stays valid. */
  referrerLinkDays: number;
  /** Turnaround target per priority. */
  slaTargets: SlaTargets;
}

export const SECOND_OPINIONS_SETTINGS = Symbol('SecondOpinionsSettings');
