import { BoardRole, Specialty } from './enums';

export interface QuorumPolicy {
  /** Specialties that must be present (any member of that specialty). */
  requiredSpecialties: Specialty[];
  /** Minimum number of voting members present. */
  minVotingMembers: number;
}

export type VotingThreshold =
  | { kind: 'simple_majority' }
  | { kind: 'two_thirds' }
  | { kind: 'unanimous' }
  | { kind: 'custom'; percent: number };

export interface VotingPolicy {
  threshold: VotingThreshold;
  abstentionsCountTowardQuorum: boolean;
  blindUntilClose: boolean;
  chairCastingVote: boolean;
}

export interface BoardView {
  id: string;
  name: string;
  tumourSites: string[];
  institution: string;
  timezone: string;
  description: string;
  quorumPolicy: QuorumPolicy;
  votingPolicy: VotingPolicy;
  /** The caller's role on the board; null for an administrator who is not a member. */
  myRole: BoardRole | null;
  createdAt: string;
}

export interface BoardMemberView {
  userId: string;
  displayName: string;
  email: string;
  specialty: Specialty;
  institution: string;
  role: BoardRole;
  votingRight: boolean;
  addedAt: string;
}

export interface MeetingView {
  id: string;
  boardId: string;
  seriesId: string | null;
  title: string;
  startsAt: string;
  endsAt: string;
  /** Wall-clock start in the board's timezone. */
  localStart: string;
  timezone: string;
  status: 'scheduled' | 'live' | 'ended' | 'cancelled';
  cancelledReason: string | null;
  movedFrom: string | null;
}

export interface MeetingSeriesView {
  id: string;
  boardId: string;
  title: string;
  rrule: string | null;
  firstStartLocal: string;
  durationMinutes: number;
  meetings: MeetingView[];
}

export interface CalendarFeedView {
  id: string;
  scope: 'board' | 'user';
  boardId: string | null;
  createdAt: string;
  revokedAt: string | null;
  /** Present only in the response that creates the feed. */
  url?: string;
}
