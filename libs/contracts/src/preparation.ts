import { CasePriority, CaseStatusName } from './cases';
import { Specialty } from './enums';

/**
 * What a specialty is asked to prepare before the board discusses a case: radiology (or nuclear
 * medicine) reviews the imaging, pathology the slides, any specialty may be asked for a review.
 */
export type PreparationKind = 'imaging_review' | 'pathology_review' | 'specialty_review';

export const PREPARATION_KINDS: readonly PreparationKind[] = [
  'imaging_review',
  'pathology_review',
  'specialty_review',
];

/** open → done (with a finding) or cancelled (with a reason); both are final. */
export type PreparationStatus = 'open' | 'done' | 'cancelled';

export const PREPARATION_STATUSES: readonly PreparationStatus[] = ['open', 'done', 'cancelled'];

/** Which part of one's worklist to list. */
export type PreparationWorklistFilter = 'open' | 'done' | 'all';

export const PREPARATION_WORKLIST_FILTERS: readonly PreparationWorklistFilter[] = [
  'open',
  'done',
  'all',
];

export interface PreparationRequestView {
  id: string;
  caseId: string;
  boardId: string;
  specialty: Specialty;
  kind: PreparationKind;
  question: string;
  /** A named board member of that specialty; null: anyone of the specialty. */
  assigneeId: string | null;
  status: PreparationStatus;
  /** The reviewer's short finding, once done. */
  finding: string | null;
  requestedBy: string;
  requestedAt: string;
  completedBy: string | null;
  completedAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  cancelledReason: string | null;
  version: number;
}

/** A meeting a case is on the agenda of. */
export interface CaseMeetingRef {
  meetingId: string;
  startsAt: string;
  /** The board's IANA time zone, in which the meeting's time is shown. */
  timezone: string;
}

/** A request on a reviewer's worklist, with what they need to plan it. */
export interface PreparationWorklistItemView extends PreparationRequestView {
  patientRef: string;
  caseStatus: CaseStatusName;
  casePriority: CasePriority;
  caseDueDate: string | null;
  boardName: string;
  /** The next meeting (scheduled or live) the case is on the agenda of; null if none. */
  nextMeeting: CaseMeetingRef | null;
}
