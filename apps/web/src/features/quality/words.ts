import type { Schemas } from '../../api/types';

/** Display words for outcome follow-ups and the quality dashboard, written once. */

export type Adherence = Schemas['OutcomeAdherence'];
export type DeviationReason = Schemas['OutcomeDeviationReason'];
export type FollowUpStatus = Schemas['OutcomeFollowUpStatus'];
export type ConcordanceClass = Schemas['ConcordanceClassName'];
export type ArbitrationOutcome = Schemas['ArbitrationOutcome'];
export type Share = Schemas['QualityMetricsShareView'];

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const ADHERENCE_LABELS: Record<Adherence, string> = {
  implemented_fully: 'Implemented fully',
  implemented_partly: 'Implemented partly',
  not_implemented: 'Not implemented',
};

/** In the order the form offers them (the server's `DEVIATION_REASONS`). */
export const DEVIATION_REASON_LABELS: Record<DeviationReason, string> = {
  patient_preference: 'The patient chose otherwise',
  comorbidity: 'Another condition made it unsafe or unsuitable',
  progression: 'The disease progressed',
  recommendation_not_documented: 'The recommendation was not in the patient’s record',
  recommendation_not_received: 'The treating team did not receive the recommendation',
  other: 'Other',
};

export const STATUS_LABELS: Record<FollowUpStatus, { label: string; tone: Tone }> = {
  overdue: { label: 'Overdue', tone: 'danger' },
  due: { label: 'Due', tone: 'warning' },
  upcoming: { label: 'Upcoming', tone: 'neutral' },
  done: { label: 'Recorded', tone: 'success' },
};

export const SUBJECT_LABELS: Record<Schemas['OutcomeSubjectType'], string> = {
  recommendation: 'Board recommendation',
  second_opinion: 'Second opinion',
};

/** Most severe first, as the metrics list them. */
export const CONCORDANCE_LABELS: Record<ConcordanceClass, string> = {
  diagnosis_changed: 'Diagnosis changed',
  treatment_changed: 'Treatment changed',
  clarified: 'Clarified',
  confirmed: 'Confirmed',
};

export const ARBITRATION_OUTCOME_LABELS: Record<ArbitrationOutcome, string> = {
  second_opinion_upheld: 'Second opinion upheld',
  first_opinion_upheld: 'First opinion upheld',
  neither_upheld: 'Neither upheld',
};

/** "30-day follow-up"; a year's interval reads as such. */
export function intervalLabel(days: number): string {
  return `${days}-day follow-up`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

const PERCENT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** The API's percent as it is ("33.3%"), or "—" when there is nothing to divide by. */
export function percentText(share: Share): string {
  return share.percent === null ? '—' : `${PERCENT.format(share.percent)}%`;
}

/** "12 of 40 (30%)", or "0 of 0" when there is nothing to divide by. */
export function shareText(share: Share): string {
  const counted = `${share.numerator} of ${share.denominator}`;
  return share.percent === null ? counted : `${counted} (${percentText(share)})`;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** The unit turnaround reads best in: hours while the longest is under three days, days beyond. */
export type DurationUnit = 'hours' | 'days';

export function durationUnit(longestMs: number): DurationUnit {
  return longestMs < 3 * DAY_MS ? 'hours' : 'days';
}

/** A duration in `unit`, unrounded (for a chart's axis). */
export function inUnit(ms: number, unit: DurationUnit): number {
  return ms / (unit === 'hours' ? HOUR_MS : DAY_MS);
}

/** "18.5 hours", "4.2 days", or "—" without a value. */
export function durationText(
  ms: number | null,
  unit: DurationUnit = durationUnit(ms ?? 0),
): string {
  if (ms === null) return '—';
  const value = ONE_DECIMAL.format(inUnit(ms, unit));
  return `${value} ${unit === 'hours' ? (value === '1' ? 'hour' : 'hours') : value === '1' ? 'day' : 'days'}`;
}

/** "8 Dec 2026": the day an instant falls on in the board's zone. */
export function dateInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(date);
}
