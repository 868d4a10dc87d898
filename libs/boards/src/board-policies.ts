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

/**
 * The share of votes an option needs, as a fraction. A custom threshold must
 * exceed one half, so two options can never both reach consensus.
 */
export function thresholdFraction(policy: VotingPolicy): number {
  switch (policy.threshold.kind) {
    case 'simple_majority':
      return 0.5;
    case 'two_thirds':
      return 2 / 3;
    case 'unanimous':
      return 1;
    case 'custom':
      return policy.threshold.percent / 100;
  }
}
