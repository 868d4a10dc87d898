import {
  BoardRole,
  MeetingStateDelta,
  MeetingStateView,
  PresenceEntry,
  Specialty,
  applyRoomDelta,
} from '@app/contracts';
import { RoomBroadcaster } from './room-broadcaster';

const person = (userId: string): PresenceEntry => ({
  userId,
  displayName: userId,
  role: BoardRole.Panelist,
  specialty: Specialty.Pathology,
  votingRight: true,
});

function room(change: Partial<MeetingStateView> = {}): MeetingStateView {
  return {
    meetingId: 'm',
    status: 'live',
    focusedItemId: null,
    agenda: [],
    timers: [],
    queue: { raised: [], floor: null },
    presence: [person('a')],
    quorum: {
      quorate: false,
      missingSpecialties: [],
      votingMembersPresent: 1,
      minVotingMembers: 2,
      reasons: [],
    },
    version: 1,
    seq: 0,
    ...change,
  };
}

/** A broadcaster over a room the test changes, with snapshots it can hold back. */
function harness() {
  let now = room();
  const held: Array<() => void> = [];
  const sent: MeetingStateDelta[] = [];
  /** Deltas sent to one socket, and the sockets each room delta left out. */
  const own = new Map<string, MeetingStateDelta[]>();
  const left: string[][] = [];
  let hold = false;
  const broadcaster = new RoomBroadcaster(
    {
      snapshot: () => {
        const taken = now;
        if (!hold) return Promise.resolve(taken);
        return new Promise((resolve) => held.push(() => resolve(taken)));
      },
      emit: (delta, except) => {
        sent.push(delta);
        left.push(except);
      },
      emitTo: (socketId, delta) => own.set(socketId, [...(own.get(socketId) ?? []), delta]),
    },
    100,
  );
  return {
    broadcaster,
    sent,
    own,
    left,
    now: () => now,
    set: (change: Partial<MeetingStateView>) => (now = { ...now, ...change }),
    hold: (on: boolean) => (hold = on),
    /** Resolves once a snapshot is being read (and held). */
    asked: () => asked(held),
    /** Lets the snapshot being read finish (once it is asked for). */
    release: async () => {
      await asked(held);
      held.splice(0).forEach((resume) => resume());
    },
  };
}

async function asked(held: unknown[]): Promise<void> {
  for (let turn = 0; held.length === 0; turn += 1) {
    if (turn > 1_000) throw new Error('no snapshot was asked for');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What a client that joined with `first` holds after the deltas. */
const follow = (first: MeetingStateView, deltas: MeetingStateDelta[]) =>
  deltas.reduce<MeetingStateView | null>(
    (state, delta) => state && applyRoomDelta(state, delta),
    first,
  );

describe('RoomBroadcaster', () => {
  it('numbers the first state and then sends only deltas, each based on the one before', async () => {
    const { broadcaster, sent, set } = harness();
    const first = (await broadcaster.refresh('m'))!;
    expect(first.seq).toBe(101);
    expect(sent).toEqual([]);
    set({ presence: [person('a'), person('b')] });
    await broadcaster.refresh('m');
    set({ presence: [person('b')] });
    await broadcaster.refresh('m');
    expect(sent.map((delta) => [delta.base, delta.seq])).toEqual([
      [101, 102],
      [102, 103],
    ]);
    expect(follow(first, sent)).toEqual({ ...room({ presence: [person('b')] }), seq: 103 });
  });

  it('sends nothing when nothing changed', async () => {
    const { broadcaster, sent } = harness();
    await broadcaster.refresh('m');
    await broadcaster.refresh('m');
    expect(sent).toEqual([]);
  });

  it('shares one queued refresh between the requests made while it waits', async () => {
    const { broadcaster, sent, set, hold, release, asked } = harness();
    await broadcaster.refresh('m');
    hold(true);
    const running = broadcaster.refresh('m');
    await asked();
    set({ presence: [person('a'), person('b')] });
    const queued = [broadcaster.refresh('m'), broadcaster.refresh('m'), broadcaster.refresh('m')];
    expect(new Set([running, ...queued]).size).toBe(2);
    await release();
    await running;
    await release();
    await Promise.all(queued);
    expect(sent).toHaveLength(1);
    expect(sent[0].presence?.upsert).toEqual([person('b')]);
  });

  it("broadcasts a command's control state and keeps the presence last read", async () => {
    const { broadcaster, sent, set } = harness();
    await broadcaster.refresh('m');
    set({ presence: [person('a'), person('b')] });
    const commanded = room({ version: 2, focusedItemId: 'i1', presence: [] });
    const state = await broadcaster.publish('m', commanded);
    expect(state).toMatchObject({ version: 2, focusedItemId: 'i1', presence: [person('a')] });
    expect(sent).toEqual([
      { meetingId: 'm', base: 101, seq: 102, focusedItemId: 'i1', version: 2 },
    ]);
  });

  it('never goes back to an older control state', async () => {
    const { broadcaster, sent, set, hold, release, asked } = harness();
    await broadcaster.refresh('m');
    hold(true);
    const stale = broadcaster.refresh('m');
    await asked();
    const newer = broadcaster.publish('m', room({ version: 3, focusedItemId: 'i2' }));
    const older = broadcaster.publish('m', room({ version: 2, focusedItemId: 'i1' }));
    set({ presence: [person('a'), person('c')] });
    await release();
    await stale;
    expect(await newer).toMatchObject({ version: 3, focusedItemId: 'i2' });
    expect(await older).toMatchObject({ version: 3, focusedItemId: 'i2' });
    hold(false);
    expect(await broadcaster.refresh('m')).toMatchObject({
      version: 3,
      focusedItemId: 'i2',
      presence: [person('a'), person('c')],
    });
    expect(sent.map((delta) => delta.version)).toEqual([3, undefined]);
  });

  it('goes on after a snapshot fails, and starts again for a meeting that is gone', async () => {
    const { broadcaster } = harness();
    const failing = new RoomBroadcaster(
      {
        snapshot: jest
          .fn()
          .mockRejectedValueOnce(new Error('database down'))
          .mockResolvedValueOnce(room())
          .mockResolvedValueOnce(null),
        emit: () => undefined,
        emitTo: () => undefined,
      },
      7,
    );
    await expect(failing.refresh('m')).rejects.toThrow('database down');
    expect(await failing.refresh('m')).toMatchObject({ seq: 8 });
    expect(await failing.refresh('m')).toBeNull();
    expect(failing.current('m')).toBeNull();
    expect(broadcaster.current('m')).toBeNull();
  });

  it('forgets a room nobody here is in', async () => {
    const { broadcaster } = harness();
    await broadcaster.refresh('m');
    broadcaster.forget('m');
    expect(broadcaster.current('m')).toBeNull();
  });

  describe('a socket joining', () => {
    /** What the gateway makes of the last broadcast: it, with who is present now. */
    const presentNow = (state: () => MeetingStateView) => async (last: MeetingStateView) => ({
      ...last,
      presence: state().presence,
      quorum: state().quorum,
    });

    it('is answered with a fresh snapshot when it is the first here', async () => {
      const { broadcaster, sent } = harness();
      const view = jest.fn();
      expect(await broadcaster.admit('m', 's1', view)).toMatchObject({ seq: 101 });
      expect(view).not.toHaveBeenCalled();
      expect(sent).toEqual([]);
    });

    it('sees who is present now, and the next broadcast brings it and the room to one state', async () => {
      const { broadcaster, sent, own, left, set, now } = harness();
      const room = (await broadcaster.refresh('m'))!;
      set({ presence: [person('a'), person('b')] });
      const joiner = (await broadcaster.admit('m', 's-b', presentNow(now)))!;
      expect(joiner.presence).toEqual([person('a'), person('b')]);
      expect(joiner.seq).not.toBe(room.seq);
      // Before the broadcast, b leaves and c arrives: b's own state must lose b, too.
      set({ presence: [person('a'), person('c')] });
      const after = (await broadcaster.refresh('m'))!;
      expect(left).toEqual([['s-b']]);
      expect(follow(room, sent)).toEqual(after);
      expect(follow(joiner, own.get('s-b')!)).toEqual(after);
    });

    it('moves a joiner whose state already is the room to its next seq', async () => {
      const { broadcaster, own, set, now } = harness();
      await broadcaster.refresh('m');
      set({ presence: [person('a'), person('b')] });
      const joiner = (await broadcaster.admit('m', 's-b', presentNow(now)))!;
      const after = (await broadcaster.refresh('m'))!;
      expect(own.get('s-b')).toEqual([{ meetingId: 'm', base: joiner.seq, seq: after.seq }]);
    });

    it('gets the last broadcast itself when it changes nothing there', async () => {
      const { broadcaster, now } = harness();
      const room = (await broadcaster.refresh('m'))!;
      expect(await broadcaster.admit('m', 's-a', presentNow(now))).toBe(room);
    });
  });
});
