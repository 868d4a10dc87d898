import fc from 'fast-check';
import type { MeetingStateView, PresenceEntry, RoomAgendaItem } from './live';
import { BoardRole, Specialty } from './enums';
import { applyRoomDelta, diffRoomState } from './room-delta';

const item = (itemId: string, status: RoomAgendaItem['status'] = 'pending', position = 1) => ({
  itemId,
  caseId: `case-${itemId}`,
  position: status === 'deferred' ? null : position,
  minutesAllotted: 10,
  status,
});

const person = (userId: string, specialty = Specialty.Pathology): PresenceEntry => ({
  userId,
  displayName: `Dr ${userId}`,
  role: BoardRole.Panelist,
  specialty,
  votingRight: true,
});

const quorum = (present: number) => ({
  quorate: present >= 2,
  missingSpecialties: [],
  votingMembersPresent: present,
  minVotingMembers: 2,
  reasons: [],
});

function room(change: Partial<MeetingStateView> = {}): MeetingStateView {
  const presence = change.presence ?? [person('a'), person('b')];
  return {
    meetingId: 'm',
    status: 'live',
    focusedItemId: 'i1',
    agenda: [item('i1', 'in_discussion', 1), item('i2', 'pending', 2)],
    timers: [],
    queue: { raised: [], floor: null },
    presence,
    quorum: quorum(presence.length),
    version: 3,
    seq: 10,
    ...change,
  };
}

/** Presence is a set: compared in one order. */
const comparable = (state: MeetingStateView | null) =>
  state && {
    ...state,
    presence: [...state.presence].sort((x, y) => x.userId.localeCompare(y.userId)),
  };

describe('diffRoomState and applyRoomDelta', () => {
  it('sends a focus change as the fields that changed, a few hundred bytes', () => {
    const presence = Array.from({ length: 500 }, (_, n) => person(`user-${n}`));
    const before = room({ presence, quorum: quorum(500) });
    const after = room({
      presence,
      quorum: quorum(500),
      focusedItemId: 'i2',
      version: 4,
      agenda: [item('i1', 'in_discussion', 1), item('i2', 'in_discussion', 2)],
      seq: 11,
    });
    const delta = diffRoomState(before, after, 11);
    expect(delta).toEqual({
      meetingId: 'm',
      base: 10,
      seq: 11,
      focusedItemId: 'i2',
      version: 4,
      agenda: { upsert: [item('i2', 'in_discussion', 2)], remove: [] },
    });
    expect(JSON.stringify(delta).length).toBeLessThan(400);
    expect(JSON.stringify(after).length).toBeGreaterThan(40_000);
    expect(applyRoomDelta(before, delta!)).toEqual(after);
  });

  it('sends presence by person, with the quorum every time presence changes', () => {
    const before = room();
    const after = room({ presence: [person('b'), person('c')], seq: 11 });
    const delta = diffRoomState(before, after, 11);
    expect(delta).toEqual({
      meetingId: 'm',
      base: 10,
      seq: 11,
      presence: { upsert: [person('c')], remove: ['a'] },
      quorum: after.quorum,
    });
    expect(applyRoomDelta(before, delta!)).toEqual(after);
  });

  it('ignores the order of presence but keeps the agenda in its new order', () => {
    const reordered = room({ presence: [person('b'), person('a')], seq: 11 });
    expect(diffRoomState(room(), reordered, 11)).toBeNull();
    const moved = room({ agenda: [item('i2', 'pending', 1), item('i1', 'in_discussion', 2)] });
    const delta = diffRoomState(room(), moved, 11);
    expect(delta?.agenda?.order).toEqual(['i2', 'i1']);
    expect(applyRoomDelta(room(), delta!)?.agenda).toEqual(moved.agenda);
  });

  it('is null when nothing changed', () => {
    expect(diffRoomState(room(), room({ seq: 99 }), 11)).toBeNull();
  });

  it('refuses a delta for another state (one was missed) or another meeting', () => {
    const delta = diffRoomState(room(), room({ focusedItemId: 'i2' }), 11)!;
    expect(applyRoomDelta(room({ seq: 9 }), delta)).toBeNull();
    expect(applyRoomDelta(room({ meetingId: 'other' }), delta)).toBeNull();
    expect(applyRoomDelta(room(), { ...delta, base: 11 })).toBeNull();
  });

  it('sets the focus back to none', () => {
    const after = room({ focusedItemId: null, status: 'ended', seq: 11 });
    expect(applyRoomDelta(room(), diffRoomState(room(), after, 11)!)).toEqual(after);
  });

  it('rebuilds any state from any other, through JSON as sockets carry it', () => {
    const statuses = ['pending', 'in_discussion', 'discussed', 'deferred'] as const;
    const ids = fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5');
    const users = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const agenda = fc
      .uniqueArray(fc.record({ id: ids, status: fc.constantFrom(...statuses) }), {
        selector: (entry) => entry.id,
      })
      .map((entries) => entries.map((entry, n) => item(entry.id, entry.status, n + 1)));
    const timers = fc
      .uniqueArray(fc.record({ id: ids, elapsed: fc.nat(900), running: fc.boolean() }), {
        selector: (entry) => entry.id,
      })
      .map((entries) =>
        entries.map((entry) => ({
          itemId: entry.id,
          allottedSeconds: 600,
          elapsedSeconds: entry.elapsed,
          running: entry.running,
          overrun: entry.elapsed > 600,
          overrunSeconds: Math.max(0, entry.elapsed - 600),
        })),
      );
    const state = fc
      .record({
        status: fc.constantFrom('scheduled', 'live', 'ended'),
        focusedItemId: fc.option(ids, { nil: null }),
        agenda,
        timers,
        raised: fc.uniqueArray(users),
        floor: fc.option(users, { nil: null }),
        presence: fc.uniqueArray(users).map((list) => list.map((id) => person(id))),
        version: fc.nat(50),
      })
      .map(({ raised, floor, presence, ...rest }) =>
        room({ ...rest, queue: { raised, floor }, presence, quorum: quorum(presence.length) }),
      );
    fc.assert(
      fc.property(state, state, (before, target) => {
        const after = { ...target, seq: before.seq + 1 };
        const delta = diffRoomState(before, after, after.seq);
        if (delta === null) {
          expect(comparable({ ...before, seq: after.seq })).toEqual(comparable(after));
          return;
        }
        const carried = JSON.parse(JSON.stringify(delta)) as typeof delta;
        expect(comparable(applyRoomDelta(before, carried))).toEqual(comparable(after));
      }),
      { numRuns: 500 },
    );
  });
});
