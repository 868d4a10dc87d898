import { VoteTallyView } from '@app/contracts';
import { BallotEntry, Tally, decideOutcome } from './domain';
import { VoteRow, VoterRow } from './vote.repository';

/** The pure tally of a vote's effective ballots, under the policy frozen on the vote when it opened. */
export function tallyVote(vote: VoteRow, effective: BallotEntry[], voters: VoterRow[]): Tally {
  return decideOutcome({
    options: vote.options.map((option) => ({ id: option.id })),
    eligible: voters.map((v) => ({ userId: v.user_id, specialty: v.specialty })),
    ballots: effective.map((b) => ({
      voterId: b.voterId,
      specialty: b.specialty,
      optionId: b.optionId,
    })),
    policy: vote.policy,
    minVotingMembers: vote.min_voting_members,
    chairId: vote.chair_id,
  });
}

export function toTallyView(tally: Tally): VoteTallyView {
  return {
    options: tally.options.map((o) => ({ optionId: o.optionId, votes: o.votes, share: o.share })),
    abstentions: tally.abstentions,
    ballotsCounted: tally.ballotsCounted,
    eligibleCount: tally.eligibleCount,
    turnout: tally.turnout,
    quorum: tally.quorum,
    bySpecialty: tally.bySpecialty.map((s) => ({
      specialty: s.specialty,
      eligible: s.eligible,
      votes: s.votes,
      abstentions: s.abstentions,
    })),
  };
}
