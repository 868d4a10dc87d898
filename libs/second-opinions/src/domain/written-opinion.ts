import {
  ConcordanceClassName,
  IndependentAssessment,
  PanelDecisionRecord,
  ProfessionalCredentials,
  ReviewerCredentials,
  SecondOpinionStatus,
  VoteOptionView,
  VoteOutcomeView,
  VoteTallyView,
  WrittenOpinionContent,
} from '@app/contracts';
import { Conflict, InvalidInput } from '@app/core';
import { ConflictAttestation } from './blinding';
import { validateConcordance } from './concordance';

/** A reviewer assigned to the request, with their own assessment and concordance class once given. */
export interface AssignedReviewer {
  userId: string;
  displayName: string;
  specialty: string;
  institution: string;
  credentials: ProfessionalCredentials;
  attestation: ConflictAttestation | null;
  assessment: IndependentAssessment | null;
  submittedAt: Date | null;
  concordance: ConcordanceClassName | null;
  concordanceRationale: string | null;
}

/** What the written opinion states of the request itself. */
export type RequestFacts = Pick<
  WrittenOpinionContent,
  | 'requestId'
  | 'boardName'
  | 'type'
  | 'priority'
  | 'patient'
  | 'preferredLanguage'
  | 'question'
  | 'referrer'
  | 'firstOpinion'
>;

/** What a panel states beside the option it decided, which is its recommendation. */
export type PanelConclusion = Omit<IndependentAssessment, 'recommendation'>;

/** What the coordinator gives when delivering: a panel's conclusion and concordance, and the patient's summary. */
export interface WrittenOpinionDelivery {
  patientSummary: string;
  conclusion?: PanelConclusion;
  concordance?: { classification: string; rationale?: string };
}

/** The panel's vote of the latest round on the request's case. */
export interface PanelVote {
  id: string;
  round: number;
  status: 'open' | 'closed';
  options: VoteOptionView[];
  result: { outcome: VoteOutcomeView; tally: VoteTallyView } | null;
  closedAt: Date | null;
}

/** The option a panel's vote decided, and the record of how. */
export interface PanelDecision {
  option: VoteOptionView;
  record: PanelDecisionRecord;
}

/** Refuses to go on with a request that is not being reviewed. */
export function assertUnderReview(status: SecondOpinionStatus): void {
  if (status === 'consent_withdrawn')
    throw new Conflict('consent has been withdrawn: the request has stopped');
  if (status === 'awaiting_records') throw new Conflict('the records are not complete yet');
  if (status === 'opinion_delivered') throw new Conflict('the opinion has already been delivered');
}

/** Reviewers who answered "no conflict of interest": only they may review. */
export function clearedReviewers(reviewers: readonly AssignedReviewer[]): AssignedReviewer[] {
  return reviewers.filter((reviewer) => reviewer.attestation === 'no_conflict');
}

/** A single specialist's written opinion: their own assessment and concordance class, unchanged. */
export function specialistOpinion(
  request: RequestFacts,
  reviewers: readonly AssignedReviewer[],
  input: WrittenOpinionDelivery,
): WrittenOpinionContent {
  if (input.conclusion || input.concordance)
    throw new InvalidInput(
      'a specialist’s opinion is their own assessment: conclusion and concordance come from the review',
      [
        ...(input.conclusion ? [{ field: 'conclusion', message: 'only for a panel' }] : []),
        ...(input.concordance ? [{ field: 'concordance', message: 'only for a panel' }] : []),
      ],
    );
  const cleared = clearedReviewers(reviewers);
  if (cleared.length !== 1)
    throw new Conflict(
      cleared.length === 0
        ? 'no reviewer cleared of conflicts has reviewed this request'
        : 'several reviewers are cleared: put the request to a panel vote',
    );
  const [reviewer] = cleared;
  if (!reviewer.assessment || !reviewer.submittedAt)
    throw new Conflict('the reviewer has not submitted an assessment yet');
  if (!reviewer.concordance)
    throw new Conflict('the reviewer has not classified the concordance yet');
  return {
    ...opinionBase(request, reviewers),
    conclusion: reviewer.assessment,
    concordance: {
      classification: reviewer.concordance,
      rationale: reviewer.concordanceRationale,
    },
    reviewMode: 'specialist',
    panelDecision: null,
    patientSummary: input.patientSummary,
  };
}

/** A panel's delivery states its conclusion and a valid concordance class. */
export function checkedPanelDelivery(input: WrittenOpinionDelivery): {
  conclusion: PanelConclusion;
  concordance: WrittenOpinionContent['concordance'];
} {
  if (!input.conclusion || !input.concordance)
    throw new InvalidInput('a panel’s opinion states its conclusion and concordance class', [
      ...(input.conclusion ? [] : [{ field: 'conclusion', message: 'is required for a panel' }]),
      ...(input.concordance ? [] : [{ field: 'concordance', message: 'is required for a panel' }]),
    ]);
  const validated = validateConcordance(input.concordance);
  if (!validated.ok)
    throw new InvalidInput(validated.message, [
      { field: 'concordance.classification', message: validated.message },
    ]);
  return { conclusion: input.conclusion, concordance: validated.value };
}

/** What the panel's vote decided: a closed vote with a consensus, or a conflict saying why not. */
export function panelDecision(vote: PanelVote | null): PanelDecision {
  if (!vote) throw new Conflict('the panel has not voted yet');
  if (vote.status !== 'closed' || !vote.result || !vote.closedAt)
    throw new Conflict('the panel vote is still open');
  const result = vote.result;
  if (result.outcome.kind === 'no_quorum')
    throw new Conflict('the panel vote closed without a quorum: open another round');
  const { outcome } = result;
  if (outcome.kind !== 'consensus')
    throw new Conflict(
      'the panel reached no consensus: open another round, or refer the case for an external opinion',
    );
  const { optionId } = outcome;
  const option = vote.options.find((candidate) => candidate.id === optionId);
  if (!option) throw new Error(`vote ${vote.id} decided an option it does not have`);
  return {
    option,
    record: {
      voteId: vote.id,
      round: vote.round,
      outcome: outcome.kind,
      decidedOption: option.text,
      votesFor: result.tally.options.find((o) => o.optionId === option.id)?.votes ?? 0,
      eligible: result.tally.eligibleCount,
      closedAt: vote.closedAt.toISOString(),
    },
  };
}

/** A panel's written opinion: its conclusion with the decided option as recommendation, by those who voted. */
export function panelOpinion(
  request: RequestFacts,
  reviewers: readonly AssignedReviewer[],
  decision: PanelDecision,
  voterIds: readonly string[],
  delivery: ReturnType<typeof checkedPanelDelivery> & { patientSummary: string },
): WrittenOpinionContent {
  const panel = reviewers.filter((reviewer) => voterIds.includes(reviewer.userId));
  const { option } = decision;
  return {
    ...opinionBase(request, panel),
    conclusion: {
      ...delivery.conclusion,
      stage: delivery.conclusion.stage ?? null,
      recommendation: option.sequence ? `${option.text}. ${option.sequence}` : option.text,
    },
    concordance: delivery.concordance,
    reviewMode: 'panel',
    panelDecision: decision.record,
    patientSummary: delivery.patientSummary,
  };
}

/** The request's facts and its authors: the reviewers cleared of conflicts whose assessment is in. */
function opinionBase(
  request: RequestFacts,
  reviewers: readonly AssignedReviewer[],
): RequestFacts & Pick<WrittenOpinionContent, 'reviewers' | 'addenda'> {
  const authors: ReviewerCredentials[] = reviewers
    .filter((reviewer) => reviewer.attestation === 'no_conflict' && reviewer.submittedAt)
    .map((reviewer) => ({
      userId: reviewer.userId,
      displayName: reviewer.displayName,
      specialty: reviewer.specialty,
      institution: reviewer.institution,
      credentials: reviewer.credentials,
    }));
  return { ...request, reviewers: authors, addenda: [] };
}
