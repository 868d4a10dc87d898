import { checkTransition, TransitionTable } from './transitions';

/** Where a patient case stands in the tumor board workflow. */
export enum CaseStatus {
  Draft = 'draft',
  Ready = 'ready',
  Scheduled = 'scheduled',
  Discussed = 'discussed',
  RecommendationPublished = 'recommendation_published',
  Deferred = 'deferred',
  Withdrawn = 'withdrawn',
}

/**
 * Preparation (draft ⇄ ready) → on an agenda (scheduled) → discussed → recommendation
 * published. A scheduled or discussed case can be deferred to another meeting; a case can be
 * withdrawn until it has been discussed.
 */
const CASE_TRANSITIONS: TransitionTable<CaseStatus> = {
  [CaseStatus.Draft]: [CaseStatus.Ready, CaseStatus.Withdrawn],
  [CaseStatus.Ready]: [CaseStatus.Scheduled, CaseStatus.Draft, CaseStatus.Withdrawn],
  [CaseStatus.Scheduled]: [
    CaseStatus.Discussed,
    CaseStatus.Deferred,
    CaseStatus.Ready,
    CaseStatus.Withdrawn,
  ],
  [CaseStatus.Deferred]: [CaseStatus.Scheduled, CaseStatus.Ready, CaseStatus.Withdrawn],
  [CaseStatus.Discussed]: [CaseStatus.RecommendationPublished, CaseStatus.Deferred],
  [CaseStatus.RecommendationPublished]: [],
  [CaseStatus.Withdrawn]: [],
};

export function checkCaseTransition(
  from: CaseStatus,
  to: CaseStatus,
): { ok: true } | { ok: false; allowed: CaseStatus[]; message: string } {
  return checkTransition(CASE_TRANSITIONS, from, to, caseSubject(from));
}

function caseSubject(status: CaseStatus): string {
  if (status === CaseStatus.RecommendationPublished)
    return 'a case with a published recommendation';
  return `${/^[aeiou]/.test(status) ? 'an' : 'a'} ${status} case`;
}

/**
 * What marking a case's agenda item discussed does to the case: it becomes discussed, unless the
 * board already decided on it in the meeting (its recommendation is published), which stays.
 */
export function statusAfterDiscussion(status: CaseStatus): CaseStatus | null {
  return status === CaseStatus.RecommendationPublished ? null : CaseStatus.Discussed;
}
