import { BoardRole } from './enums';
import { CasePriority, CaseStatusName } from './cases';
import { CaseMeetingRef, PreparationWorklistItemView } from './preparation';

/** One of the caller's coming meetings, across all their boards. */
export interface HomeMeetingView {
  id: string;
  boardId: string;
  boardName: string;
  /** The board's IANA timezone. */
  timezone: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** Wall-clock start in the board's timezone. */
  localStart: string;
  durationMinutes: number;
  status: 'scheduled' | 'live';
  myRole: BoardRole;
  /** Cases on its agenda (deferred ones aside). */
  agendaItems: number;
}

/** A case the caller presents that is still on its way to the board. */
export interface HomeCaseView {
  caseId: string;
  boardId: string;
  boardName: string;
  patientRef: string;
  status: CaseStatusName;
  priority: CasePriority;
  dueDate: string | null;
  primarySite: string | null;
  readiness: { ready: boolean; missing: string[] };
  nextMeeting: CaseMeetingRef | null;
}

/** One of the caller's cases that still lacks something. */
export interface HomeMissingView {
  caseId: string;
  boardId: string;
  patientRef: string;
  dueDate: string | null;
  missing: string[];
}

/** For a coordinator: a case not ready for the board's next meeting. */
export interface HomeNotReadyView {
  caseId: string;
  boardId: string;
  boardName: string;
  patientRef: string;
  status: CaseStatusName;
  dueDate: string | null;
  presenterId: string | null;
  missing: string[];
  /** The board's next meeting. */
  meeting: CaseMeetingRef;
  /** On that meeting's agenda (otherwise: due on or before its day). */
  onAgenda: boolean;
}

export interface HomeWaitingOnMeView {
  /** What is missing on cases the caller presents. */
  missingRecords: HomeMissingView[];
  /** Boards the caller coordinates: cases on, or due by, the next meeting that are not ready. */
  notReadyForNextMeeting: HomeNotReadyView[];
  /** The caller's open preparation requests: how many, and the first few (oldest due first). */
  preparationRequests: { open: number; first: PreparationWorklistItemView[] };
}

/** The caller's home page: what comes next and what is waiting on them. */
export interface HomeView {
  nextMeetings: HomeMeetingView[];
  myCases: HomeCaseView[];
  waitingOnMe: HomeWaitingOnMeView;
}
