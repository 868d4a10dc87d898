import {
  BoardRole,
  MeetingStateView,
  PresenceEntry,
  QuorumPolicy,
  Specialty,
} from '@app/contracts';

export interface PresentMember {
  userId: string;
  specialty: Specialty;
  role: BoardRole;
  votingRight: boolean;
}

export interface QuorumState {
  quorate: boolean;
  /** Required specialties with nobody present (any role except observer counts for a specialty). */
  missingSpecialties: Specialty[];
  votingMembersPresent: number;
  minVotingMembers: number;
  /** Human-readable reasons, empty when quorate, e.g. ["missing: pathology, radiology", "voting members present: 2 of 3 required"]. */
  reasons: string[];
}

/** Observers watch; they never count towards a specialty or the voting members. */
function counts(member: PresentMember): boolean {
  return member.role !== BoardRole.Observer;
}

/** 'radiation_oncology' → 'radiation oncology'. */
function specialtyWords(specialty: Specialty): string {
  return specialty.replace(/_/g, ' ');
}

/**
 * Specialties covered by the counting members. A user connected from several devices
 * appears several times; the entries are simply merged, so duplicates cannot inflate anything.
 */
function coveredSpecialties(members: PresentMember[]): Set<Specialty> {
  return new Set(members.map((member) => member.specialty));
}

/**
 * Distinct userIds with a vote. With several entries for one user (several devices),
 * the user votes if any of their non-observer entries carries the voting right.
 */
function distinctVoters(members: PresentMember[]): number {
  return new Set(members.filter((member) => member.votingRight).map((member) => member.userId))
    .size;
}

/** Missing required specialties in the policy's order; a specialty listed twice is reported once. */
function missingFrom(required: Specialty[], covered: Set<Specialty>): Specialty[] {
  return [...new Set(required)].filter((specialty) => !covered.has(specialty));
}

function quorumReasons(missing: Specialty[], voters: number, minVoters: number): string[] {
  const reasons: string[] = [];
  if (missing.length > 0) reasons.push(`missing: ${missing.map(specialtyWords).join(', ')}`);
  if (voters < minVoters)
    reasons.push(`voting members present: ${voters} of ${minVoters} required`);
  return reasons;
}

/**
 * A board is quorate when every required specialty has at least one non-observer present
 * (voting or not) and at least `minVotingMembers` distinct non-observers with a vote are present.
 */
export function computeQuorum(present: PresentMember[], policy: QuorumPolicy): QuorumState {
  const counting = present.filter(counts);
  const missingSpecialties = missingFrom(policy.requiredSpecialties, coveredSpecialties(counting));
  const votingMembersPresent = distinctVoters(counting);
  const reasons = quorumReasons(missingSpecialties, votingMembersPresent, policy.minVotingMembers);
  return {
    quorate: reasons.length === 0,
    missingSpecialties,
    votingMembersPresent,
    minVotingMembers: policy.minVotingMembers,
    reasons,
  };
}

/** The room with who is present now (one entry per person) and the quorum they make. */
export function withPresent(
  state: MeetingStateView,
  present: PresenceEntry[],
  policy: QuorumPolicy,
): MeetingStateView {
  const presence = [...new Map(present.map((entry) => [entry.userId, entry])).values()];
  return { ...state, presence, quorum: computeQuorum(presence, policy) };
}
