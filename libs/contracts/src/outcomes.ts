/** Whether a published recommendation or delivered second opinion was carried out. */
export type OutcomeAdherence = 'implemented_fully' | 'implemented_partly' | 'not_implemented';

/** Why the care given departed from what was recommended. */
export type OutcomeDeviationReason =
  | 'patient_preference'
  | 'comorbidity'
  | 'progression'
  | 'recommendation_not_documented'
  | 'recommendation_not_received'
  | 'other';

/**
 * - `upcoming`: not yet due;
 * - `due`: due, within the grace period;
 * - `overdue`: the grace period is over and nothing was recorded;
 * - `done`: recorded.
 */
export type OutcomeFollowUpStatus = 'upcoming' | 'due' | 'overdue' | 'done';

export type OutcomeSubjectType = 'recommendation' | 'second_opinion';

/** What is followed up: a board recommendation's chain of versions, or a second opinion. */
export interface OutcomeSubjectView {
  type: OutcomeSubjectType;
  /**
   * A recommendation: the id of the first published version of its chain (amendments keep
   * it); a second opinion: the request's id.
   */
  id: string;
  boardId: string;
  /** The board case (for a second opinion, its panel's case, if it went to a panel). */
  caseId: string | null;
  patientRef: string;
  /** For a recommendation, the latest published version of its chain (null for a second opinion). */
  currentVersionId: string | null;
  /** First publication, or delivery of the opinion's first version: the schedule runs from here. */
  publishedAt: string;
}

export interface RecordedOutcomeView {
  id: string;
  adherence: OutcomeAdherence;
  deviationReason: OutcomeDeviationReason | null;
  deviationDetail: string | null;
  outcomeNotes: string | null;
  recordedBy: { userId: string; displayName: string };
  recordedAt: string;
}

/** One follow-up of a subject's schedule. */
export interface ScheduledOutcomeView {
  intervalDays: number;
  dueAt: string;
  /** The last instant of the grace period: after it, an unrecorded follow-up is overdue. */
  overdueAfter: string;
  /** From when it may be recorded: the previous follow-up's due date (the first: publication). */
  opensAt: string;
  status: OutcomeFollowUpStatus;
  outcome: RecordedOutcomeView | null;
}

/** One subject's follow-ups, earliest first, evaluated at `asOf`. */
export interface OutcomeScheduleView {
  subject: OutcomeSubjectView;
  asOf: string;
  followUps: ScheduledOutcomeView[];
}

export interface BoardOutcomeFollowUpView extends ScheduledOutcomeView {
  subject: OutcomeSubjectView;
}

/** A board's follow-ups at `asOf`: overdue first (most overdue first), then due, upcoming, done. */
export interface BoardOutcomeFollowUpsView {
  asOf: string;
  items: BoardOutcomeFollowUpView[];
}
