import {
  BoardRole,
  PREPARATION_KINDS,
  PreparationKind,
  PreparationStatus,
  SPECIALTIES,
  Specialty,
} from '@app/contracts';
import { CaseStatus } from './case-status';
import { checkTransition, TransitionTable } from './transitions';

/**
 * Preparation requests: before a meeting, the case's presenter or a coordinator asks a specialty
 * to prepare the case (radiology reviews the imaging, pathology the slides, any specialty may be
 * asked for a review). A reviewer of that specialty, the named assignee or a coordinator marks it
 * done with a short finding. Pure rules; the service loads the facts and asks here.
 */

export const QUESTION_LENGTH = { min: 2, max: 2000 } as const;
export const FINDING_LENGTH = { min: 2, max: 4000 } as const;
export const CANCEL_REASON_LENGTH = { min: 2, max: 1000 } as const;

/** Which specialties each kind of review is asked of; null: any specialty. */
const KIND_SPECIALTIES: Readonly<Record<PreparationKind, readonly Specialty[] | null>> = {
  imaging_review: [Specialty.Radiology, Specialty.NuclearMedicine],
  pathology_review: [Specialty.Pathology],
  specialty_review: null,
};

export function specialtiesFor(kind: PreparationKind): Specialty[] {
  return [...(KIND_SPECIALTIES[kind] ?? SPECIALTIES)];
}

export function kindFitsSpecialty(kind: PreparationKind, specialty: Specialty): boolean {
  return PREPARATION_KINDS.includes(kind) && specialtiesFor(kind).includes(specialty);
}

/** Cases still on their way to the board take new preparation requests. */
export const PREPARABLE_CASE_STATUSES: readonly CaseStatus[] = [
  CaseStatus.Draft,
  CaseStatus.Ready,
  CaseStatus.Scheduled,
  CaseStatus.Deferred,
];

export type PreparationRefusalCode =
  | 'forbidden'
  | 'invalid_input'
  | 'case_not_open'
  | 'duplicate_open_request'
  | 'preparation_not_open'
  | 'invalid_transition';

export type PreparationDecision =
  { ok: true } | { ok: false; code: PreparationRefusalCode; message: string; field?: string };

/** Who acts on a request, as their board sees them (an administrator may not be a member). */
export interface PreparationActor {
  userId: string;
  isAdmin: boolean;
  /** Their role on the case's board; null when not a member. */
  role: BoardRole | null;
  specialty: Specialty;
}

export interface NewPreparation {
  /** The caller's edit rights on the case (`mayEditCase`: coordinators, its presenter or chair). */
  canEditCase: boolean;
  caseStatus: CaseStatus;
  specialty: Specialty;
  kind: PreparationKind;
  question: string;
  /** The named assignee as their board sees them; undefined when none is named. */
  assignee?: { role: BoardRole | null; specialty: Specialty };
  /** Requests on the case that are still open. */
  open: ReadonlyArray<{ specialty: Specialty; kind: PreparationKind }>;
}

/**
 * Whether a preparation request may be made: the right to edit the case, then a kind that fits
 * the specialty, a question of 2 to 2000 characters and an assignee who is a member of that
 * specialty and not an observer, then a case still being prepared, with no open request of the
 * same specialty and kind.
 */
export function checkNewPreparation(input: NewPreparation): PreparationDecision {
  if (!input.canEditCase) {
    return refuse('forbidden', 'only a coordinator or the case presenter may request preparation');
  }
  if (!kindFitsSpecialty(input.kind, input.specialty)) {
    return refuse(
      'invalid_input',
      `${withArticle(words(input.kind))} is asked of ${specialtiesFor(input.kind).map(words).join(' or ')}, not ${words(input.specialty)}`,
      'kind',
    );
  }
  const question = lengthProblem('question', input.question, QUESTION_LENGTH);
  if (question) return question;
  if (input.assignee !== undefined) {
    const { role, specialty } = input.assignee;
    if (role === null || role === BoardRole.Observer) {
      return refuse(
        'invalid_input',
        'the assignee must be a member of the board who is not an observer',
        'assigneeId',
      );
    }
    if (specialty !== input.specialty) {
      return refuse(
        'invalid_input',
        `the assignee is in ${words(specialty)}, not ${words(input.specialty)}`,
        'assigneeId',
      );
    }
  }
  if (!PREPARABLE_CASE_STATUSES.includes(input.caseStatus)) {
    return refuse(
      'case_not_open',
      `${withArticle(words(input.caseStatus))} case takes no preparation requests; only ${PREPARABLE_CASE_STATUSES.join(', ')} cases do`,
    );
  }
  if (input.open.some((r) => r.specialty === input.specialty && r.kind === input.kind)) {
    return refuse(
      'duplicate_open_request',
      `${withArticle(words(input.kind))} by ${words(input.specialty)} is already open on this case`,
    );
  }
  return { ok: true };
}

/**
 * Who may mark a request done: a member of the board who is not an observer and whose specialty
 * is the one asked, the named assignee (unless an observer since), or a coordinator. An
 * administrator has a coordinator's rights, as everywhere on a board.
 */
export function mayCompletePreparation(
  actor: PreparationActor,
  request: { specialty: Specialty; assigneeId: string | null },
): boolean {
  if (actor.isAdmin || actor.role === BoardRole.Coordinator) return true;
  if (actor.role === null || actor.role === BoardRole.Observer) return false;
  return actor.specialty === request.specialty || request.assigneeId === actor.userId;
}

/**
 * Who may cancel a request: whoever may edit the case (a coordinator, its presenter or chair),
 * or the member who asked, unless they are an observer since.
 */
export function mayCancelPreparation(
  actor: PreparationActor,
  canEditCase: boolean,
  request: { requestedBy: string },
): boolean {
  if (canEditCase) return true;
  return (
    actor.role !== null && actor.role !== BoardRole.Observer && request.requestedBy === actor.userId
  );
}

export function checkCompletePreparation(
  actor: PreparationActor,
  request: { status: PreparationStatus; specialty: Specialty; assigneeId: string | null },
  finding: string,
): PreparationDecision {
  if (!mayCompletePreparation(actor, request)) {
    return refuse(
      'forbidden',
      actor.role === BoardRole.Observer
        ? 'observers have read-only access'
        : `only ${words(request.specialty)}, the assignee or a coordinator may complete this request`,
    );
  }
  return (
    lengthProblem('finding', finding, FINDING_LENGTH) ?? transitionDecision(request.status, 'done')
  );
}

export function checkCancelPreparation(
  actor: PreparationActor,
  canEditCase: boolean,
  request: { status: PreparationStatus; requestedBy: string },
  reason: string,
): PreparationDecision {
  if (!mayCancelPreparation(actor, canEditCase, request)) {
    return refuse(
      'forbidden',
      actor.role === BoardRole.Observer
        ? 'observers have read-only access'
        : 'only a coordinator, the case presenter or the requester may cancel this request',
    );
  }
  return (
    lengthProblem('reason', reason, CANCEL_REASON_LENGTH) ??
    transitionDecision(request.status, 'cancelled')
  );
}

const PREPARATION_TRANSITIONS: TransitionTable<PreparationStatus> = {
  open: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

/** open → done, open → cancelled; done and cancelled are final. */
export function checkPreparationTransition(
  from: PreparationStatus,
  to: PreparationStatus,
):
  | { ok: true }
  | {
      ok: false;
      code: 'preparation_not_open' | 'invalid_transition';
      allowed: PreparationStatus[];
      message: string;
    } {
  const subject = `${withArticle(from)} preparation request`;
  const check = checkTransition(PREPARATION_TRANSITIONS, from, to, subject);
  if (check.ok) return check;
  return {
    ...check,
    code: check.allowed.length === 0 ? 'preparation_not_open' : 'invalid_transition',
  };
}

function transitionDecision(from: PreparationStatus, to: PreparationStatus): PreparationDecision {
  const check = checkPreparationTransition(from, to);
  return check.ok ? check : refuse(check.code, check.message);
}

/** A preparation request as readiness sees it. */
export interface PreparationFact {
  id: string;
  specialty: Specialty;
  kind: PreparationKind;
  status: PreparationStatus;
  requestedAt: Date;
  finding: string | null;
}

export interface PreparationReadinessItem {
  preparationRequestId: string;
  label: string;
  met: boolean;
  detail: string;
}

/** "Radiology imaging review", "Pathology slide review", "Surgical oncology review". */
export function preparationLabel(specialty: Specialty, kind: PreparationKind): string {
  const name = capitalize(words(specialty));
  switch (kind) {
    case 'imaging_review':
      return `${name} imaging review`;
    case 'pathology_review':
      return `${name} slide review`;
    case 'specialty_review':
      return `${name} review`;
  }
}

/**
 * Readiness items for a case's preparation requests, oldest first: an open request is unmet
 * ("requested 2026-03-02"), a done one met with its finding; cancelled ones do not count.
 */
export function preparationReadinessItems(
  requests: readonly PreparationFact[],
): PreparationReadinessItem[] {
  return requests
    .filter((request) => request.status !== 'cancelled')
    .sort(
      (a, b) =>
        a.requestedAt.getTime() - b.requestedAt.getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((request) => ({
      preparationRequestId: request.id,
      label: preparationLabel(request.specialty, request.kind),
      met: request.status === 'done',
      detail:
        request.status === 'done'
          ? (request.finding ?? '')
          : `requested ${request.requestedAt.toISOString().slice(0, 10)}`,
    }));
}

function lengthProblem(
  field: string,
  text: string,
  { min, max }: { min: number; max: number },
): PreparationDecision | null {
  const length = typeof text === 'string' ? text.trim().length : 0;
  if (length >= min && length <= max) return null;
  return refuse('invalid_input', `${field} must be ${min} to ${max} characters`, field);
}

function refuse(
  code: PreparationRefusalCode,
  message: string,
  field?: string,
): PreparationDecision {
  return { ok: false, code, message, ...(field ? { field } : {}) };
}

function words(value: string): string {
  return value.replace(/_/g, ' ');
}

function withArticle(text: string): string {
  return `${/^[aeiou]/.test(text) ? 'an' : 'a'} ${text}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
