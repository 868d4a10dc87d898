import { BoardRole, Specialty } from '@app/contracts';
import { compareCodeUnits } from './sort-order';
import { EligibleVoter } from './tally';

/** A board member as the vote sees them. */
export interface VotingMembership {
  userId: string;
  specialty: Specialty;
  role: BoardRole;
  votingRight: boolean;
}

export type ExclusionReason =
  'observer' | 'no_voting_right' | 'not_present' | 'not_on_panel' | 'conflict_of_interest';

export interface ExcludedMember {
  userId: string;
  reason: ExclusionReason;
}

interface Members {
  members: readonly VotingMembership[];
  /** Members who declared a conflict of interest on the case. */
  conflictedUserIds: readonly string[];
}

/** A vote held in the meeting: who is present when the vote opens. */
export interface LiveVoteAttendance extends Members {
  presentUserIds: readonly string[];
  namedPanel?: never;
}

/** A vote held between meetings: the panel named when the vote opens. */
export interface AsynchronousVoteAttendance extends Members {
  namedPanel: readonly string[];
  presentUserIds?: never;
}

export type EligibilityInput = LiveVoteAttendance | AsynchronousVoteAttendance;

export interface Eligibility {
  /** Sorted by user id. */
  eligible: EligibleVoter[];
  /** Every other member, once, with the first reason that applies; sorted by user id. */
  excluded: ExcludedMember[];
}

/** Observers never vote, whatever their voting right says. */
function standingExclusion(member: VotingMembership): ExclusionReason | null {
  if (member.role === BoardRole.Observer) return 'observer';
  if (!member.votingRight) return 'no_voting_right';
  return null;
}

function attendanceExclusion(
  input: EligibilityInput,
): (member: VotingMembership) => ExclusionReason | null {
  if (input.namedPanel !== undefined) {
    const panel = new Set(input.namedPanel);
    return (member) => (panel.has(member.userId) ? null : 'not_on_panel');
  }
  const present = new Set(input.presentUserIds);
  return (member) => (present.has(member.userId) ? null : 'not_present');
}

/**
 * Who may vote on a case. A voting member is a member with the voting right who is not an
 * observer. In a live vote, the voting members present when the vote opens vote; in an
 * asynchronous vote, the voting members of the named panel. A member who declared a conflict
 * of interest on the case never votes on it.
 *
 * Each member not eligible is listed once, with the first reason that applies in this order:
 * observer, no voting right, not present (live) or not on the panel (asynchronous), conflict of
 * interest. People present or named on the panel who are not members of the board are ignored.
 * A member listed twice is a programming error and throws.
 */
export function eligibleVoters(input: EligibilityInput): Eligibility {
  assertListedOnce(input.members);
  const exclusion = exclusionRule(input);
  const eligible: EligibleVoter[] = [];
  const excluded: ExcludedMember[] = [];
  for (const member of input.members) {
    const reason = exclusion(member);
    if (reason === null) eligible.push({ userId: member.userId, specialty: member.specialty });
    else excluded.push({ userId: member.userId, reason });
  }
  eligible.sort((a, b) => compareCodeUnits(a.userId, b.userId));
  excluded.sort((a, b) => compareCodeUnits(a.userId, b.userId));
  return { eligible, excluded };
}

function exclusionRule(
  input: EligibilityInput,
): (member: VotingMembership) => ExclusionReason | null {
  const attendance = attendanceExclusion(input);
  const conflicted = new Set(input.conflictedUserIds);
  return (member) =>
    standingExclusion(member) ??
    attendance(member) ??
    (conflicted.has(member.userId) ? 'conflict_of_interest' : null);
}

function assertListedOnce(members: readonly VotingMembership[]): void {
  const seen = new Set<string>();
  for (const { userId } of members) {
    if (seen.has(userId)) throw new Error(`member ${userId} is listed twice`);
    seen.add(userId);
  }
}
