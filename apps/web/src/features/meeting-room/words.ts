import type { MeetingStateView, PresenceEntry, QuorumView, RoomAgendaItem } from '@app/contracts';
import { specialtyLabel } from '../../ui/words';

export const MEETING_STATUS_LABELS: Record<
  MeetingStateView['status'],
  { label: string; tone: 'neutral' | 'success' | 'info' }
> = {
  scheduled: { label: 'Not started', tone: 'neutral' },
  live: { label: 'Live', tone: 'success' },
  ended: { label: 'Ended', tone: 'info' },
};

/** "Missing: pathology, radiology · 3 of 4 voting members present". */
export function quorumWords(quorum: QuorumView): string {
  const parts: string[] = [];
  if (quorum.missingSpecialties.length > 0) {
    parts.push(
      `missing: ${quorum.missingSpecialties.map(specialtyLabel).join(', ').toLowerCase()}`,
    );
  }
  if (quorum.votingMembersPresent < quorum.minVotingMembers) {
    parts.push(
      `${quorum.votingMembersPresent} of ${quorum.minVotingMembers} voting members present`,
    );
  }
  return parts.join(' · ');
}

/** A name from presence, or a neutral stand-in for someone who has just left. */
export function nameOf(presence: PresenceEntry[], userId: string | null): string {
  if (!userId) return '';
  return presence.find((entry) => entry.userId === userId)?.displayName ?? 'A member who left';
}

/** The items not yet discussed: what ending the meeting must not leave behind. */
export function undiscussed(agenda: RoomAgendaItem[]): RoomAgendaItem[] {
  return agenda.filter((item) => item.status === 'pending' || item.status === 'in_discussion');
}
