import { assertInstant, assertUnique, days } from '@app/core';

/** Whether a published recommendation was carried out, as found at a follow-up. */
export type Adherence = 'implemented_fully' | 'implemented_partly' | 'not_implemented';

export const ADHERENCE_LEVELS: readonly Adherence[] = Object.freeze([
  'implemented_fully',
  'implemented_partly',
  'not_implemented',
]);

/**
 * Why the care given departed from the recommendation:
 * - `patient_preference`: the patient chose otherwise;
 * - `comorbidity`: another condition made it unsafe or unsuitable;
 * - `progression`: the disease progressed before or during treatment;
 * - `recommendation_not_documented`: the recommendation never reached the patient's record;
 * - `recommendation_not_received`: the treating team never received it;
 * - `other`: anything else, described in the detail.
 */
export type DeviationReason =
  | 'patient_preference'
  | 'comorbidity'
  | 'progression'
  | 'recommendation_not_documented'
  | 'recommendation_not_received'
  | 'other';

export const DEVIATION_REASONS: readonly DeviationReason[] = Object.freeze([
  'patient_preference',
  'comorbidity',
  'progression',
  'recommendation_not_documented',
  'recommendation_not_received',
  'other',
]);

/** Follow-ups at 30 days, 90 days and one year after publication. */
export const DEFAULT_FOLLOW_UP_INTERVAL_DAYS: readonly number[] = Object.freeze([30, 90, 365]);

/** A follow-up becomes overdue 14 days after its due date. */
export const DEFAULT_FOLLOW_UP_GRACE_DAYS = 14;

/** A follow-up already recorded, for the interval it answers. */
export interface RecordedFollowUp {
  intervalDays: number;
  recordedAt: Date;
}

/**
 * - `upcoming`: not yet due;
 * - `due`: due, and within the grace period;
 * - `overdue`: the grace period is over and nothing was recorded;
 * - `done`: recorded, whenever that was.
 */
export type FollowUpStatus = 'upcoming' | 'due' | 'overdue' | 'done';

export interface ScheduledFollowUp {
  intervalDays: number;
  dueAt: Date;
  /** The last instant of the grace period: after it, an unrecorded follow-up is overdue. */
  overdueAfter: Date;
  status: FollowUpStatus;
  recordedAt: Date | null;
}

export interface FollowUpScheduleInput {
  publishedAt: Date;
  now: Date;
  recorded: readonly RecordedFollowUp[];
  /** Days after publication, whole and above 0, each once; `DEFAULT_FOLLOW_UP_INTERVAL_DAYS` if left out. */
  intervalDays?: readonly number[];
  /** Whole days, 0 or more; `DEFAULT_FOLLOW_UP_GRACE_DAYS` if left out. */
  graceDays?: number;
}

/**
 * The outcome follow-ups of a published recommendation, earliest first, at `now`.
 *
 * Each is due `intervalDays` days of 24 hours after `publishedAt` (so, in UTC, at the same time
 * of day) and overdue once `graceDays` more have passed: it is `due` from the due instant to the
 * end of grace inclusive, `overdue` strictly after. A recorded follow-up is `done` even if it was
 * recorded early or late.
 *
 * Programming errors (throw): an interval that is not a whole number above 0 or is listed twice,
 * a grace that is not a whole number of days, a record for an interval not in the schedule or two
 * records for one interval, a record dated before publication, an Invalid Date.
 */
export function followUpSchedule(input: FollowUpScheduleInput): ScheduledFollowUp[] {
  const intervals = sortedIntervals(input.intervalDays ?? DEFAULT_FOLLOW_UP_INTERVAL_DAYS);
  const graceMs = days(input.graceDays ?? DEFAULT_FOLLOW_UP_GRACE_DAYS);
  assertInstant(input.publishedAt, 'publishedAt');
  assertInstant(input.now, 'now');
  const recordedAt = recordsByInterval(input.recorded, intervals, input.publishedAt);
  return intervals.map((intervalDays) => {
    const dueAt = new Date(input.publishedAt.getTime() + days(intervalDays));
    const overdueAfter = new Date(dueAt.getTime() + graceMs);
    const recorded = recordedAt.get(intervalDays) ?? null;
    return {
      intervalDays,
      dueAt,
      overdueAfter,
      status: statusAt(input.now, dueAt, overdueAfter, recorded),
      recordedAt: recorded,
    };
  });
}

/** What is recorded at a follow-up, before validation. */
export interface FollowUpOutcomeInput {
  adherence: string;
  deviationReason?: string | null;
  /** Free text on the deviation; required with the reason `other`. */
  deviationDetail?: string | null;
  outcomeNotes?: string | null;
}

export interface FollowUpOutcome {
  adherence: Adherence;
  deviationReason: DeviationReason | null;
  deviationDetail: string | null;
  outcomeNotes: string | null;
}

export type FollowUpRefusal =
  | 'unknown_adherence'
  | 'unknown_deviation_reason'
  | 'deviation_reason_required'
  | 'deviation_not_applicable'
  | 'deviation_detail_required';

export type FollowUpValidation =
  { ok: true; value: FollowUpOutcome } | { ok: false; code: FollowUpRefusal; message: string };

/**
 * A follow-up's outcome, or why it is refused, checked in this order:
 * 1. adherence must be one of `ADHERENCE_LEVELS` (`unknown_adherence`);
 * 2. a deviation reason, if given, must be one of `DEVIATION_REASONS` (`unknown_deviation_reason`);
 * 3. fully implemented: there is no deviation, so neither reason nor detail may be given
 *    (`deviation_not_applicable`);
 * 4. partly or not implemented: a reason is required (`deviation_reason_required`);
 * 5. reason `other`: a detail is required (`deviation_detail_required`).
 * Texts are kept trimmed; blank text counts as none.
 */
export function validateFollowUpOutcome(input: FollowUpOutcomeInput): FollowUpValidation {
  const { adherence } = input;
  const reason = blankToNull(input.deviationReason);
  const deviationDetail = blankToNull(input.deviationDetail);
  if (!isAdherence(adherence))
    return refuse('unknown_adherence', `unknown adherence "${adherence}"`);
  if (reason !== null && !isDeviationReason(reason))
    return refuse('unknown_deviation_reason', `unknown deviation reason "${reason}"`);
  if (adherence === 'implemented_fully' && (reason !== null || deviationDetail !== null))
    return refuse(
      'deviation_not_applicable',
      'a recommendation implemented fully has no deviation to explain',
    );
  if (adherence !== 'implemented_fully' && reason === null)
    return refuse(
      'deviation_reason_required',
      `a deviation reason is required when the recommendation was ${adherence.replace(/_/g, ' ')}`,
    );
  if (reason === 'other' && deviationDetail === null)
    return refuse('deviation_detail_required', 'describe the deviation when the reason is other');
  return {
    ok: true,
    value: {
      adherence,
      deviationReason: reason,
      deviationDetail,
      outcomeNotes: blankToNull(input.outcomeNotes),
    },
  };
}

export function isAdherence(value: string): value is Adherence {
  return (ADHERENCE_LEVELS as readonly string[]).includes(value);
}

export function isDeviationReason(value: string): value is DeviationReason {
  return (DEVIATION_REASONS as readonly string[]).includes(value);
}

function refuse(code: FollowUpRefusal, message: string): FollowUpValidation {
  return { ok: false, code, message };
}

function blankToNull(text: string | null | undefined): string | null {
  return text?.trim() || null;
}

function sortedIntervals(intervals: readonly number[]): number[] {
  for (const interval of intervals)
    if (!Number.isInteger(interval) || interval <= 0)
      throw new Error(`a follow-up interval is a whole number of days > 0, got ${interval}`);
  assertUnique(intervals.map(String), 'follow-up interval');
  return [...intervals].sort((a, b) => a - b);
}

function recordsByInterval(
  recorded: readonly RecordedFollowUp[],
  intervals: readonly number[],
  publishedAt: Date,
): Map<number, Date> {
  const byInterval = new Map<number, Date>();
  for (const record of recorded) {
    const what = `the ${record.intervalDays}-day follow-up`;
    assertInstant(record.recordedAt, `${what}'s recordedAt`);
    if (!intervals.includes(record.intervalDays)) throw new Error(`${what} is not in the schedule`);
    if (byInterval.has(record.intervalDays)) throw new Error(`${what} is recorded twice`);
    if (record.recordedAt.getTime() < publishedAt.getTime())
      throw new Error(`${what} is recorded before the recommendation was published`);
    byInterval.set(record.intervalDays, record.recordedAt);
  }
  return byInterval;
}

function statusAt(
  now: Date,
  dueAt: Date,
  overdueAfter: Date,
  recordedAt: Date | null,
): FollowUpStatus {
  if (recordedAt !== null) return 'done';
  if (now.getTime() < dueAt.getTime()) return 'upcoming';
  if (now.getTime() <= overdueAfter.getTime()) return 'due';
  return 'overdue';
}
