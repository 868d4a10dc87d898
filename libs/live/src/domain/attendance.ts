import { AttendanceView, BoardRole, Specialty } from '@app/contracts';

/** One stay of a user in a meeting (`agendaItemId` null) or in the discussion of one agenda item. */
export interface AttendanceStay {
  userId: string;
  agendaItemId: string | null;
  joinedAt: Date;
  leftAt: Date | null;
}

/** Who an attendee is: their name and specialty, and their role on the board (null once no longer a member). */
export interface AttendeeProfile {
  displayName: string;
  specialty: Specialty;
  role: BoardRole | null;
}

/**
 * The attendance of a meeting from its stays, in the order they began: each attendee with their
 * stays in the meeting, and for each agenda item who was present while it was discussed and
 * which specialties that covered (observers do not count). Stays of users with no profile are
 * left out.
 */
export function summariseAttendance(
  meetingId: string,
  stays: AttendanceStay[],
  profileOf: (userId: string) => AttendeeProfile | undefined,
): AttendanceView {
  const attendees = new Map<string, AttendanceView['attendees'][number]>();
  const byItem = new Map<string, { userIds: Set<string>; specialties: Set<Specialty> }>();
  for (const stay of stays) {
    const profile = profileOf(stay.userId);
    if (!profile) continue;
    if (stay.agendaItemId === null) {
      const attendee = attendees.get(stay.userId) ?? {
        userId: stay.userId,
        displayName: profile.displayName,
        specialty: profile.specialty,
        role: profile.role,
        intervals: [],
      };
      attendee.intervals.push({
        joinedAt: stay.joinedAt.toISOString(),
        leftAt: stay.leftAt?.toISOString() ?? null,
      });
      attendees.set(stay.userId, attendee);
    } else if (profile.role !== BoardRole.Observer) {
      const item = byItem.get(stay.agendaItemId) ?? { userIds: new Set(), specialties: new Set() };
      item.userIds.add(stay.userId);
      item.specialties.add(profile.specialty);
      byItem.set(stay.agendaItemId, item);
    }
  }
  return {
    meetingId,
    attendees: [...attendees.values()],
    byItem: [...byItem.entries()].map(([itemId, item]) => ({
      itemId,
      userIds: [...item.userIds],
      specialties: [...item.specialties].sort(),
    })),
  };
}
