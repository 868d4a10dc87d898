import { COC_REQUIRED_SPECIALTIES, QuorumPolicy, VotingPolicy } from '@app/contracts';

/** The quorum a new board starts with when its founder names none. */
export const DEFAULT_QUORUM_POLICY: QuorumPolicy = {
  requiredSpecialties: [...COC_REQUIRED_SPECIALTIES],
  minVotingMembers: COC_REQUIRED_SPECIALTIES.length,
};

/**
 * The voting policy a new board starts with when its founder names none. Boards only store a
 * policy; the vote's tally applies its threshold (libs/voting/src/domain/tally.ts).
 */
export const DEFAULT_VOTING_POLICY: VotingPolicy = {
  threshold: { kind: 'simple_majority' },
  abstentionsCountTowardQuorum: true,
  blindUntilClose: true,
  chairCastingVote: false,
};
