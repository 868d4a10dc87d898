import { DateTime } from 'luxon';
import {
  ARBITRATION_OUTCOMES,
  ArbitrationOutcome,
  CaseFirstTreatment,
  COC_REQUIRED_SPECIALTIES,
  CONCORDANCE_CLASSES_BY_SEVERITY,
  ConcordanceClassName,
  Specialty,
} from '@app/contracts';
import { assertInstant, assertUnique } from '@app/core';
import type { ArbitrationCountRecord, DeliveredOpinionRecord } from '@app/second-opinions';
import { CsvCell } from './csv';
import {
  Adherence,
  ADHERENCE_LEVELS,
  DEVIATION_REASONS,
  DeviationReason,
} from './follow-up-schedule';

/**
 * An exact share, `numerator` out of `denominator`, with a percent for display: rounded to one
 * decimal, halves up (2 of 3 → 66.7, 1 of 8 → 12.5). With nothing to divide by the percent is
 * null, never NaN.
 */
export interface Proportion {
  numerator: number;
  denominator: number;
  percent: number | null;
}

/** From `from` included to `to` excluded, so that consecutive periods never count a record twice. */
export interface ReportingPeriod {
  from: Date;
  to: Date;
}

/** An outcome follow-up recorded for a published recommendation. */
export interface FollowUpRecord {
  recommendationId: string;
  intervalDays: number;
  recordedAt: Date;
  adherence: Adherence;
  deviationReason: DeviationReason | null;
}

/** A case presented at a case conference. */
export interface PresentedCaseRecord {
  caseId: string;
  presentedAt: Date;
  /** Whether it was discussed before the first treatment (see `isProspective`); null: unknown. */
  prospective: boolean | null;
  stageDocumented: boolean;
  guidelineCited: boolean;
  clinicalTrialDiscussed: boolean;
}

/** Who attended a case conference, by specialty. */
export interface MeetingAttendanceRecord {
  meetingId: string;
  heldAt: Date;
  specialtiesPresent: readonly Specialty[];
}

export interface QualityMetricsInput {
  /** The board's records; each kind is counted if its date falls in the period. */
  period: ReportingPeriod;
  opinions: readonly DeliveredOpinionRecord[];
  /** Requests that went to arbitration: counted when asked for, and when decided, in the period. */
  arbitrations: readonly ArbitrationCountRecord[];
  followUps: readonly FollowUpRecord[];
  cases: readonly PresentedCaseRecord[];
  meetings: readonly MeetingAttendanceRecord[];
  /** The analytic caseload for the period, from the cancer registry: a whole number ≥ 0. */
  analyticCaseload: number;
  /** Specialties whose attendance is reported; `COC_REQUIRED_SPECIALTIES` if left out. */
  requiredSpecialties?: readonly Specialty[];
}

export interface ConcordanceMetrics {
  /** Second opinions delivered. */
  classified: number;
  /** Every class, most severe first, out of the opinions delivered. */
  classes: Array<{ classification: ConcordanceClassName; share: Proportion }>;
}

export interface ArbitrationMetrics {
  /** Requests whose arbitration was first asked for in the period. */
  requested: number;
  /** Arbitrations decided in the period. */
  decided: number;
  /** Every outcome, in the order of `ARBITRATION_OUTCOMES`, out of those decided. */
  outcomes: Array<{ outcome: ArbitrationOutcome; share: Proportion }>;
}

export interface TurnaroundMetrics {
  delivered: number;
  /** Nearest-rank median turnaround, null without deliveries. */
  p50Ms: number | null;
  /** Nearest-rank 90th percentile turnaround, null without deliveries. */
  p90Ms: number | null;
  /** Deliveries beyond their target, out of all deliveries. */
  breaches: Proportion;
}

export interface AdherenceMetrics {
  intervalDays: number;
  followUps: number;
  /** Every adherence level, out of the follow-ups at this interval. */
  levels: Array<{ adherence: Adherence; share: Proportion }>;
  /** Every deviation reason with the number of follow-ups giving it. */
  deviationReasons: Array<{ reason: DeviationReason; count: number }>;
}

export interface CaseConferenceMetrics {
  /** Distinct cases presented out of the analytic caseload (may exceed 100 %). */
  casesPresented: Proportion;
  /**
   * Distinct cases discussed before their first treatment, out of the distinct cases presented
   * whose status is known.
   */
  prospective: Proportion;
  /** Distinct cases presented whose prospective status is unknown: left out of `prospective`. */
  prospectiveNotRecorded: number;
  /** The following three: distinct cases out of the distinct cases presented. */
  stageDocumented: Proportion;
  guidelineCited: Proportion;
  clinicalTrialDiscussed: Proportion;
  meetings: number;
  /** Each required specialty: meetings it attended out of the meetings held. */
  attendance: Array<{ specialty: Specialty; share: Proportion }>;
}

export interface QualityMetrics {
  period: ReportingPeriod;
  concordance: ConcordanceMetrics & { arbitration: ArbitrationMetrics };
  turnaround: TurnaroundMetrics;
  /** One entry per follow-up interval with a follow-up recorded in the period, shortest first. */
  adherence: AdherenceMetrics[];
  caseConference: CaseConferenceMetrics;
}

/**
 * The quality metrics of one board for one period, from plain records:
 * - concordance and turnaround: second opinions delivered in the period, and arbitrations of
 *   disputed ones asked for and decided in the period;
 * - adherence: follow-ups recorded in the period, per interval (a 30-day and a 1-year follow-up
 *   of the same recommendation answer different questions and are never pooled);
 * - case conference: cases presented and meetings held in the period.
 * Malformed input (see each part, and a period that does not end after it starts) throws.
 */
export function qualityMetrics(input: QualityMetricsInput): QualityMetrics {
  const { period } = input;
  assertPeriod(period);
  const opinions = input.opinions.filter((opinion) => withinPeriod(opinion.deliveredAt, period));
  const cases = input.cases.filter((presented) => withinPeriod(presented.presentedAt, period));
  return {
    period,
    concordance: {
      ...concordanceMetrics(opinions),
      arbitration: arbitrationMetrics(input.arbitrations, period),
    },
    turnaround: turnaroundMetrics(opinions),
    adherence: adherenceMetrics(
      input.followUps.filter((followUp) => withinPeriod(followUp.recordedAt, period)),
    ),
    caseConference: caseConferenceMetrics(
      cases,
      input.meetings.filter((meeting) => withinPeriod(meeting.heldAt, period)),
      input.analyticCaseload,
      input.requiredSpecialties ?? COC_REQUIRED_SPECIALTIES,
    ),
  };
}

/** `numerator` out of `denominator`, both whole numbers ≥ 0 (see `Proportion`). */
export function proportion(numerator: number, denominator: number): Proportion {
  for (const count of [numerator, denominator])
    if (!Number.isInteger(count) || count < 0)
      throw new Error(`a proportion is made of whole numbers ≥ 0, got ${numerator}/${denominator}`);
  const percent =
    denominator === 0
      ? null
      : Math.floor((2000 * numerator + denominator) / (2 * denominator)) / 10;
  return { numerator, denominator, percent };
}

/** Whether `at` falls in the period: `from` ≤ at < `to`. */
export function withinPeriod(at: Date, period: ReportingPeriod): boolean {
  assertInstant(at, 'a record date');
  return at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime();
}

/**
 * The nearest-rank percentile: the smallest value such that at least `percentile` % of the
 * values are at or below it, i.e. the value of rank ⌈percentile·n / 100⌉ in ascending order. It
 * is always one of the values, never interpolated; null for no values. `percentile` is above 0
 * and at most 100.
 */
export function nearestRankPercentile(
  values: readonly number[],
  percentile: number,
): number | null {
  if (!(percentile > 0 && percentile <= 100))
    throw new Error(`a percentile is above 0 and at most 100, got ${percentile}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((percentile * sorted.length) / 100) - 1];
}

/** Concordance classes of the given delivered opinions; a request counted twice throws. */
export function concordanceMetrics(
  opinions: readonly DeliveredOpinionRecord[],
): ConcordanceMetrics {
  assertUnique(
    opinions.map((opinion) => opinion.requestId),
    'delivered opinion',
  );
  return {
    classified: opinions.length,
    classes: CONCORDANCE_CLASSES_BY_SEVERITY.map((classification) => ({
      classification,
      share: proportion(
        opinions.filter((opinion) => opinion.concordance === classification).length,
        opinions.length,
      ),
    })),
  };
}

/**
 * Arbitrations by a third reviewer in the period: requests whose arbitration was first asked for
 * in it, and those decided in it with the share of each outcome. A request listed twice, a
 * decision without an outcome (or the reverse) or one dated before its request throws.
 */
export function arbitrationMetrics(
  arbitrations: readonly ArbitrationCountRecord[],
  period: ReportingPeriod,
): ArbitrationMetrics {
  assertUnique(
    arbitrations.map((arbitration) => arbitration.requestId),
    'arbitrated request',
  );
  for (const { requestId, requestedAt, decidedAt, outcome } of arbitrations) {
    assertInstant(requestedAt, `the arbitration of ${requestId}`);
    if ((decidedAt === null) !== (outcome === null))
      throw new Error(
        `the arbitration of ${requestId} has a decision date or an outcome, not both`,
      );
    if (decidedAt !== null && decidedAt.getTime() < requestedAt.getTime())
      throw new Error(`the arbitration of ${requestId} is decided before it was asked for`);
  }
  const decided = arbitrations.filter(
    (arbitration) => arbitration.decidedAt !== null && withinPeriod(arbitration.decidedAt, period),
  );
  return {
    requested: arbitrations.filter((arbitration) => withinPeriod(arbitration.requestedAt, period))
      .length,
    decided: decided.length,
    outcomes: ARBITRATION_OUTCOMES.map((outcome) => ({
      outcome,
      share: proportion(
        decided.filter((arbitration) => arbitration.outcome === outcome).length,
        decided.length,
      ),
    })),
  };
}

/**
 * Turnaround of the given delivered opinions: p50 and p90 by nearest rank, and breaches as the
 * second-opinion program judged each delivery against its target (`breached`). A request counted
 * twice or a turnaround that is not a finite number of ms ≥ 0 throws.
 */
export function turnaroundMetrics(opinions: readonly DeliveredOpinionRecord[]): TurnaroundMetrics {
  assertUnique(
    opinions.map((opinion) => opinion.requestId),
    'delivered opinion',
  );
  for (const { requestId, turnaroundMs } of opinions)
    if (!Number.isFinite(turnaroundMs) || turnaroundMs < 0)
      throw new Error(
        `the elapsed time of delivered opinion ${requestId} must be a finite number ≥ 0, got ${turnaroundMs}`,
      );
  const turnarounds = opinions.map((opinion) => opinion.turnaroundMs);
  const breached = opinions.filter((opinion) => opinion.breached);
  return {
    delivered: opinions.length,
    p50Ms: nearestRankPercentile(turnarounds, 50),
    p90Ms: nearestRankPercentile(turnarounds, 90),
    breaches: proportion(breached.length, opinions.length),
  };
}

/**
 * Adherence per follow-up interval, shortest interval first, for the given follow-ups. A
 * recommendation with two follow-ups at one interval throws.
 */
export function adherenceMetrics(followUps: readonly FollowUpRecord[]): AdherenceMetrics[] {
  assertUnique(
    followUps.map((followUp) => `${followUp.recommendationId} at ${followUp.intervalDays} days`),
    'follow-up of recommendation',
  );
  const intervals = [...new Set(followUps.map((followUp) => followUp.intervalDays))].sort(
    (a, b) => a - b,
  );
  return intervals.map((intervalDays) =>
    adherenceAt(
      intervalDays,
      followUps.filter((followUp) => followUp.intervalDays === intervalDays),
    ),
  );
}

/**
 * Whether a case presented at `presentedAt` (the meeting's start) was discussed prospectively,
 * i.e. before its first cancer-directed treatment began, from the case's record of it: yes if
 * not started; if started, yes when it started on or after the day of the meeting in the board's
 * time zone `timezone`, no when it started on an earlier day; unknown (null) with no record.
 *
 * A treatment started on the very day of the meeting counts as prospective: the record holds a
 * date and no time, and a board meets ahead of the care it plans, so a treatment begun that day
 * is taken to follow the discussion. A malformed date or an unknown time zone throws.
 */
export function isProspective(
  firstTreatment: CaseFirstTreatment | null,
  presentedAt: Date,
  timezone: string,
): boolean | null {
  assertInstant(presentedAt, 'the presentation');
  const meeting = DateTime.fromJSDate(presentedAt, { zone: timezone });
  if (!meeting.isValid) throw new Error(`the time zone ${timezone} is not known`);
  if (firstTreatment === null) return null;
  if (firstTreatment.status === 'not_started') return true;
  const { startedOn } = firstTreatment;
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(startedOn) ||
    !DateTime.fromISO(startedOn, { zone: 'utc' }).isValid
  )
    throw new Error(`the first treatment's date ${startedOn} is not a date like 2026-10-20`);
  return startedOn >= meeting.toISODate();
}

/**
 * Commission on Cancer case-conference figures for the given presentations and meetings.
 *
 * A case presented several times counts once; it counts as prospective, staged, with a guideline
 * cited or with a trial discussed if any of its presentations was. Its prospective status is
 * known if that of any of its presentations is: it is not prospective when all those known are
 * not, and not recorded when none is known. Attendance is reported for each required specialty
 * (each once, in the order given): the meetings where at least one of its members was present
 * out of all meetings. A meeting listed twice, or an analytic caseload
 * that is not a whole number ≥ 0, throws.
 */
export function caseConferenceMetrics(
  cases: readonly PresentedCaseRecord[],
  meetings: readonly MeetingAttendanceRecord[],
  analyticCaseload: number,
  requiredSpecialties: readonly Specialty[] = COC_REQUIRED_SPECIALTIES,
): CaseConferenceMetrics {
  if (!Number.isInteger(analyticCaseload) || analyticCaseload < 0)
    throw new Error(`the analytic caseload is a whole number ≥ 0, got ${analyticCaseload}`);
  assertUnique(
    meetings.map((meeting) => meeting.meetingId),
    'meeting',
  );
  const presentations = presentationsByCase(cases);
  const share = (holds: (presented: PresentedCaseRecord) => boolean): Proportion =>
    proportion(presentations.filter((ofCase) => ofCase.some(holds)).length, presentations.length);
  const known = presentations.filter((ofCase) =>
    ofCase.some((presented) => presented.prospective !== null),
  );
  return {
    casesPresented: proportion(presentations.length, analyticCaseload),
    prospective: proportion(
      known.filter((ofCase) => ofCase.some((presented) => presented.prospective === true)).length,
      known.length,
    ),
    prospectiveNotRecorded: presentations.length - known.length,
    stageDocumented: share((presented) => presented.stageDocumented),
    guidelineCited: share((presented) => presented.guidelineCited),
    clinicalTrialDiscussed: share((presented) => presented.clinicalTrialDiscussed),
    meetings: meetings.length,
    attendance: [...new Set(requiredSpecialties)].map((specialty) => ({
      specialty,
      share: proportion(
        meetings.filter((meeting) => meeting.specialtiesPresent.includes(specialty)).length,
        meetings.length,
      ),
    })),
  };
}

/** The header of `qualityMetricsCsvRows`. */
export const QUALITY_METRICS_CSV_HEADER: readonly string[] = Object.freeze([
  'section',
  'item',
  'numerator',
  'denominator',
  'percent',
  'value',
]);

/**
 * The metrics as rows for `toCsv`, header first: one row per figure, with a proportion in
 * numerator, denominator and percent, and any other figure (a count, a turnaround in ms, a period
 * bound in ISO 8601) in value. Empty cells stand for "not applicable" or "no value".
 */
export function qualityMetricsCsvRows(metrics: QualityMetrics): CsvCell[][] {
  const { concordance, turnaround, caseConference: coc } = metrics;
  return [
    [...QUALITY_METRICS_CSV_HEADER],
    valueRow('period', 'from', metrics.period.from.toISOString()),
    valueRow('period', 'to', metrics.period.to.toISOString()),
    valueRow('concordance', 'classified', concordance.classified),
    ...concordance.classes.map((entry) =>
      proportionRow('concordance', entry.classification, entry.share),
    ),
    valueRow('arbitration', 'requested', concordance.arbitration.requested),
    valueRow('arbitration', 'decided', concordance.arbitration.decided),
    ...concordance.arbitration.outcomes.map((entry) =>
      proportionRow('arbitration', entry.outcome, entry.share),
    ),
    valueRow('turnaround', 'delivered', turnaround.delivered),
    valueRow('turnaround', 'p50_ms', turnaround.p50Ms),
    valueRow('turnaround', 'p90_ms', turnaround.p90Ms),
    proportionRow('turnaround', 'breaches', turnaround.breaches),
    ...metrics.adherence.flatMap(adherenceRows),
    proportionRow('case_conference', 'cases_presented', coc.casesPresented),
    proportionRow('case_conference', 'prospective', coc.prospective),
    valueRow('case_conference', 'prospective_not_recorded', coc.prospectiveNotRecorded),
    proportionRow('case_conference', 'stage_documented', coc.stageDocumented),
    proportionRow('case_conference', 'guideline_cited', coc.guidelineCited),
    proportionRow('case_conference', 'clinical_trial_discussed', coc.clinicalTrialDiscussed),
    valueRow('case_conference', 'meetings', coc.meetings),
    ...coc.attendance.map((entry) =>
      proportionRow('case_conference', `attendance:${entry.specialty}`, entry.share),
    ),
  ];
}

function valueRow(section: string, item: string, value: string | number | null): CsvCell[] {
  return [section, item, null, null, null, value];
}

function proportionRow(section: string, item: string, share: Proportion): CsvCell[] {
  return [section, item, share.numerator, share.denominator, share.percent, null];
}

function adherenceRows(entry: AdherenceMetrics): CsvCell[][] {
  const section = `adherence_${entry.intervalDays}d`;
  return [
    valueRow(section, 'follow_ups', entry.followUps),
    ...entry.levels.map((level) => proportionRow(section, level.adherence, level.share)),
    ...entry.deviationReasons.map((deviation) =>
      valueRow(section, `deviation:${deviation.reason}`, deviation.count),
    ),
  ];
}

function adherenceAt(intervalDays: number, followUps: readonly FollowUpRecord[]): AdherenceMetrics {
  return {
    intervalDays,
    followUps: followUps.length,
    levels: ADHERENCE_LEVELS.map((adherence) => ({
      adherence,
      share: proportion(
        followUps.filter((followUp) => followUp.adherence === adherence).length,
        followUps.length,
      ),
    })),
    deviationReasons: DEVIATION_REASONS.map((reason) => ({
      reason,
      count: followUps.filter((followUp) => followUp.deviationReason === reason).length,
    })),
  };
}

/** The presentations of each distinct case, cases in order of first appearance. */
function presentationsByCase(cases: readonly PresentedCaseRecord[]): PresentedCaseRecord[][] {
  const byCase = new Map<string, PresentedCaseRecord[]>();
  for (const presented of cases)
    byCase.set(presented.caseId, [...(byCase.get(presented.caseId) ?? []), presented]);
  return [...byCase.values()];
}

function assertPeriod(period: ReportingPeriod): void {
  assertInstant(period.from, 'the period start');
  assertInstant(period.to, 'the period end');
  if (period.to.getTime() <= period.from.getTime())
    throw new Error('a reporting period must end after it starts');
}
