import { Conflict, DomainError, Forbidden, InvalidInput } from '@app/core';

/** A ballot waiting in a batch: who casts it, for which option (null: abstain), under which submission id, when. */
export interface SubmittedBallot {
  voterId: string;
  optionId: string | null;
  /** The client's id for this submission: a retry of it is recorded once. */
  submissionId: string;
  /** When the ballot arrived: the deadline is judged at this instant. */
  submittedAt: Date;
}

/** What the vote's records say about one eligible voter of a batch, read under the vote's lock. */
export interface VoterStanding {
  voterId: string;
  /** The sequence number of the voter's latest ballot on this vote; 0 before their first. */
  latestSequence: number;
  /** Those of the batch's submission ids this voter has already recorded. */
  recordedSubmissionIds: readonly string[];
}

/** The vote as a batch finds it once its row is locked. */
export interface VoteAtBatch {
  closed: boolean;
  deadline: Date | null;
  optionIds: readonly string[];
  /** The batch's voters who are eligible; a voter not listed may not vote. */
  voters: readonly VoterStanding[];
  /** How many voters have cast a ballot, and how many may. */
  ballotsReceived: number;
  eligibleCount: number;
}

/**
 * One ballot's outcome: recorded as the voter's next ballot (the one that completes the vote
 * closes it), a retry of a submission already recorded, or refused with the error its voter gets.
 * The counts are the vote's after this ballot.
 */
export type BallotDecision =
  | { kind: 'recorded'; sequence: number; ballotsReceived: number; closesVote: boolean }
  | { kind: 'duplicate'; ballotsReceived: number; closed: boolean }
  | { kind: 'refused'; error: DomainError };

/**
 * Decides a batch of ballots on one vote exactly as if they had been cast one after another in
 * the order given: each voter's ballots take the sequence numbers after their latest (so the last
 * of the batch is the one that counts), a submission already recorded — before or earlier in the
 * batch — is a duplicate and gets its receipt even once the vote has closed, and the ballot that
 * completes the vote closes it, so new ballots after it in the batch find the vote closed. A
 * refused ballot changes nothing for the others.
 */
export function decideBallots(
  vote: VoteAtBatch,
  ballots: readonly SubmittedBallot[],
): BallotDecision[] {
  const standings = new Map(
    vote.voters.map((voter) => [
      voter.voterId,
      {
        latestSequence: voter.latestSequence,
        submissionIds: new Set(voter.recordedSubmissionIds),
      },
    ]),
  );
  let ballotsReceived = vote.ballotsReceived;
  let closed = vote.closed;
  return ballots.map((ballot): BallotDecision => {
    const voter = standings.get(ballot.voterId);
    if (!voter)
      return { kind: 'refused', error: new Forbidden('you are not eligible to vote on this case') };
    if (voter.submissionIds.has(ballot.submissionId))
      return { kind: 'duplicate', ballotsReceived, closed };
    if (closed) return { kind: 'refused', error: new Conflict('the vote is closed') };
    if (vote.deadline && vote.deadline.getTime() <= ballot.submittedAt.getTime())
      return {
        kind: 'refused',
        error: new Conflict('the deadline has passed; the vote is being closed'),
      };
    if (ballot.optionId !== null && !vote.optionIds.includes(ballot.optionId))
      return {
        kind: 'refused',
        error: new InvalidInput('unknown option', [
          { field: 'choice', message: 'must be one of the vote’s option ids, or "abstain"' },
        ]),
      };
    if (voter.latestSequence === 0) ballotsReceived += 1;
    voter.latestSequence += 1;
    voter.submissionIds.add(ballot.submissionId);
    closed = ballotsReceived === vote.eligibleCount;
    return {
      kind: 'recorded',
      sequence: voter.latestSequence,
      ballotsReceived,
      closesVote: closed,
    };
  });
}
