import { COC_REQUIRED_SPECIALTIES, QuorumPolicy, VotingPolicy } from '@app/contracts';

export const DEFAULT_QUORUM_POLICY: QuorumPolicy = {
  requiredSpecialties: [...COC_REQUIRED_SPECIALTIES],
  minVotingMembers: COC_REQUIRED_SPECIALTIES.length,
};

export const DEFAULT_VOTING_POLICY: VotingPolicy = {
  threshold: { kind: 'simple_majority' },
  abstentionsCountTowardQuorum: true,
  blindUntilClose: true,
  chairCastingVote: false,
};
