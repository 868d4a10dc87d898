import { BoardRole, Specialty } from '@app/contracts';
import { AttendanceStay, AttendeeProfile, summariseAttendance } from './attendance';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 7, 8, minute));
const stay = (
  userId: string,
  agendaItemId: string | null,
  joined: number,
  left: number | null = null,
): AttendanceStay => ({
  userId,
  agendaItemId,
  joinedAt: at(joined),
  leftAt: left === null ? null : at(left),
});

const PROFILES: Record<string, AttendeeProfile> = {
  ana: { displayName: 'Ana', specialty: Specialty.Pathology, role: BoardRole.Chair },
  ben: { displayName: 'Ben', specialty: Specialty.Radiology, role: BoardRole.Panelist },
  obs: { displayName: 'Olga', specialty: Specialty.MedicalOncology, role: BoardRole.Observer },
  gone: { displayName: 'Gus', specialty: Specialty.SurgicalOncology, role: null },
};
const profileOf = (userId: string) => PROFILES[userId];

describe('summariseAttendance', () => {
  it('lists each attendee once, in the order they first arrived, with every stay', () => {
    const view = summariseAttendance(
      'm1',
      [stay('ben', null, 0, 10), stay('ana', null, 1), stay('ben', null, 20)],
      profileOf,
    );
    expect(view).toEqual({
      meetingId: 'm1',
      attendees: [
        {
          userId: 'ben',
          displayName: 'Ben',
          specialty: Specialty.Radiology,
          role: BoardRole.Panelist,
          intervals: [
            { joinedAt: at(0).toISOString(), leftAt: at(10).toISOString() },
            { joinedAt: at(20).toISOString(), leftAt: null },
          ],
        },
        {
          userId: 'ana',
          displayName: 'Ana',
          specialty: Specialty.Pathology,
          role: BoardRole.Chair,
          intervals: [{ joinedAt: at(1).toISOString(), leftAt: null }],
        },
      ],
      byItem: [],
    });
  });

  it('counts for each item who was present and their specialties, sorted, observers aside', () => {
    const view = summariseAttendance(
      'm1',
      [
        stay('ben', 'i2', 0),
        stay('obs', 'i2', 0),
        stay('ana', 'i2', 1),
        stay('ben', 'i2', 5),
        stay('gone', 'i1', 6),
      ],
      profileOf,
    );
    expect(view.attendees).toEqual([]);
    expect(view.byItem).toEqual([
      {
        itemId: 'i2',
        userIds: ['ben', 'ana'],
        specialties: [Specialty.Pathology, Specialty.Radiology],
      },
      { itemId: 'i1', userIds: ['gone'], specialties: [Specialty.SurgicalOncology] },
    ]);
  });

  it('keeps a former member with no role, and leaves out stays of unknown users', () => {
    const view = summariseAttendance(
      'm1',
      [stay('gone', null, 0), stay('nobody', null, 1), stay('nobody', 'i1', 1)],
      profileOf,
    );
    expect(view.attendees.map((attendee) => [attendee.userId, attendee.role])).toEqual([
      ['gone', null],
    ]);
    expect(view.byItem).toEqual([]);
  });
});
