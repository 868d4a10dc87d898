import {
  ArbitrationOutcome,
  ArbitrationRecord,
  ConcordanceClassName,
  SecondOpinionStatus,
  WrittenOpinionContent,
} from '@app/contracts';
import { Conflict, Forbidden } from '@app/core';
import { ConflictAttestation } from './blinding';

/**
 * The concordance classes of a delivered opinion that may go to a third reviewer: the second
 * opinion changed the diagnosis or the treatment. A confirmed or clarified opinion has nothing
 * to settle.
 */
export const DISPUTED_CONCORDANCE: readonly ConcordanceClassName[] = Object.freeze([
  'diagnosis_changed',
  'treatment_changed',
]);

/** What decides whether a coordinator may ask a third reviewer to arbitrate the request. */
export interface ArbitrationFacts {
  status: SecondOpinionStatus;
  /** The concordance class of the latest version of the written opinion; null before delivery. */
  concordance: ConcordanceClassName | null;
  /** Whether an arbitration stands already (asked for, its arbiter not having declared a conflict). */
  standing: boolean;
}

/**
 * Refuses (409) an arbitration the request cannot have: consent withdrawn, no opinion delivered
 * yet, an opinion that did not change the diagnosis or the treatment, or an arbitration already
 * standing (at most one per request; one whose arbiter declared a conflict does not count).
 */
export function assertArbitrable(facts: ArbitrationFacts): void {
  if (facts.status === 'consent_withdrawn')
    throw new Conflict('consent has been withdrawn: the request cannot go to arbitration');
  if (facts.status !== 'opinion_delivered' || facts.concordance === null)
    throw new Conflict('an opinion goes to arbitration once it has been delivered');
  if (!DISPUTED_CONCORDANCE.includes(facts.concordance))
    throw new Conflict(
      'only an opinion that changed the diagnosis or the treatment goes to arbitration',
    );
  if (facts.standing) throw new Conflict('this opinion has already gone to arbitration');
}

/** What the arbiter may do next: answer the conflict question, assess, or decide. */
export type ArbiterStep = 'attest' | 'assess' | 'decide';

/** Where the arbiter stands. */
export interface ArbiterProgress {
  status: SecondOpinionStatus;
  attestation: ConflictAttestation | null;
  assessmentSubmittedAt: Date | null;
  decidedAt: Date | null;
}

/**
 * Refuses a step the arbiter may not take now: any step once consent is withdrawn (409); the
 * conflict question answered twice (409); an assessment or a decision without having attested
 * to no conflict of interest (403); an assessment submitted twice (409); a decision before the
 * assessment, or a second decision (409).
 */
export function assertArbiterMay(step: ArbiterStep, progress: ArbiterProgress): void {
  if (progress.status === 'consent_withdrawn')
    throw new Conflict('consent has been withdrawn: the arbitration has stopped');
  if (step === 'attest') {
    if (progress.attestation !== null)
      throw new Conflict('you have already answered the conflict-of-interest question');
    return;
  }
  if (progress.attestation !== 'no_conflict')
    throw new Forbidden(
      progress.attestation === 'conflict_declared'
        ? 'you declared a conflict of interest on this request'
        : 'attest that you have no conflict of interest first',
    );
  if (step === 'assess') {
    if (progress.assessmentSubmittedAt !== null)
      throw new Conflict('your assessment is already submitted');
    return;
  }
  if (progress.assessmentSubmittedAt === null)
    throw new Conflict('submit your own assessment before deciding the arbitration');
  if (progress.decidedAt !== null) throw new Conflict('the arbitration is already decided');
}

/** The outcomes in words, as the written opinion's revision reason states them. */
export const ARBITRATION_OUTCOME_WORDS: Readonly<Record<ArbitrationOutcome, string>> =
  Object.freeze({
    second_opinion_upheld: 'the second opinion is upheld',
    first_opinion_upheld: 'the first opinion is upheld',
    neither_upheld: 'neither opinion is upheld',
  });

/** Why the version recording the arbitration replaces the previous one. */
export function arbitrationRevisionReason(outcome: ArbitrationOutcome): string {
  return `Arbitration by a third reviewer: ${ARBITRATION_OUTCOME_WORDS[outcome]}`;
}

/**
 * The written opinion's next version: the latest one with the arbitration added, everything
 * else unchanged. An opinion that already records an arbitration is a programming error.
 */
export function arbitratedOpinion(
  latest: WrittenOpinionContent,
  arbitration: ArbitrationRecord,
): WrittenOpinionContent {
  if (latest.arbitration)
    throw new Error(`the opinion on request ${latest.requestId} already records an arbitration`);
  return { ...latest, arbitration };
}
