import { describe, expect, it, vi } from 'vitest';
import type { MeetingStateDelta, MeetingStateView } from '@app/contracts';
import { LiveError, type LiveConnection, type LiveStatus } from '../../api/live';
import { RoomClient } from './RoomClient';

const MEETING_ID = '00000000-0000-4000-8000-0000000000a1';
const OTHER_MEETING_ID = '00000000-0000-4000-8000-0000000000a2';

function state(version: number, change: Partial<MeetingStateView> = {}): MeetingStateView {
  return {
    meetingId: MEETING_ID,
    status: 'live',
    focusedItemId: null,
    agenda: [],
    timers: [],
    queue: { raised: [], floor: null },
    presence: [],
    quorum: {
      quorate: true,
      missingSpecialties: [],
      votingMembersPresent: 2,
      minVotingMembers: 2,
      reasons: [],
    },
    version,
    seq: version,
    ...change,
  };
}

/** The delta that takes the room from the state at `version` to the next, with `change`. */
function step(version: number, change: Partial<MeetingStateDelta> = {}): MeetingStateDelta {
  return {
    meetingId: MEETING_ID,
    base: version,
    seq: version + 1,
    version: version + 1,
    ...change,
  };
}

type Answer = (payload: unknown) => Promise<object>;

/**
 * The part of the live connection a room uses, in memory: requests are answered by the scripted
 * `answers` (one per event), pushes and reconnections are fired by the test.
 */
class FakeLive {
  status: LiveStatus = 'connected';
  readonly requests: Array<{ event: string; payload: unknown }> = [];
  readonly answers = new Map<string, Answer>();
  readonly stateListeners = new Set<(meeting: MeetingStateView) => void>();
  readonly deltaListeners = new Set<(delta: MeetingStateDelta) => void>();
  readonly reconnectListeners = new Set<() => void>();

  request(event: string, payload: unknown): Promise<object> {
    this.requests.push({ event, payload });
    const answer = this.answers.get(event);
    return answer ? answer(payload) : Promise.resolve({ ok: true });
  }

  on(event: string, listener: (message: never) => void): () => void {
    const listeners: Set<(message: never) => void> | undefined =
      event === 'meeting:state'
        ? this.stateListeners
        : event === 'meeting:delta'
          ? this.deltaListeners
          : undefined;
    if (!listeners) throw new Error(`unexpected listener for ${event}`);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  getState() {
    return { status: this.status, problem: null };
  }

  /** The server pushes the whole state (after a recovered connection). */
  push(meeting: MeetingStateView): void {
    for (const listener of [...this.stateListeners]) listener(meeting);
  }

  /** The server broadcasts a change of the room. */
  pushDelta(delta: MeetingStateDelta): void {
    for (const listener of [...this.deltaListeners]) listener(delta);
  }

  /** The socket came back after a drop. */
  reconnect(): void {
    for (const listener of [...this.reconnectListeners]) listener();
  }

  /** Holds `meeting:join` unanswered; answers it when the returned function is called. */
  holdsJoin(): (value: object) => void {
    let answer: (value: object) => void = () => undefined;
    this.answers.set(
      'meeting:join',
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    return (value) => answer(value);
  }

  /** Answers `meeting:join` with this snapshot. */
  joinsWith(snapshot: MeetingStateView): this {
    this.answers.set('meeting:join', () => Promise.resolve({ ok: true, state: snapshot }));
    return this;
  }

  sent(event: string): unknown[] {
    return this.requests.filter((request) => request.event === event).map((r) => r.payload);
  }
}

function setUp(snapshot: MeetingStateView = state(1)) {
  const live = new FakeLive().joinsWith(snapshot);
  let time = 1_000;
  const clock = {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
  const room = new RoomClient(live as unknown as LiveConnection, MEETING_ID, clock.now);
  return { live, room, clock };
}

/** Lets the promise callbacks of a reconnection's rejoin run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RoomClient joining', () => {
  it('starts joining with nothing to show', () => {
    const { room } = setUp();
    expect(room.getState()).toEqual({
      status: 'joining',
      meeting: null,
      receivedAt: 0,
      problem: null,
    });
  });

  it('joins the meeting and takes the snapshot, noting when it came', async () => {
    const snapshot = state(4);
    const { live, room } = setUp(snapshot);
    const changed = vi.fn();
    room.subscribe(changed);

    await room.join();

    expect(live.sent('meeting:join')).toEqual([{ meetingId: MEETING_ID }]);
    expect(room.getState()).toEqual({
      status: 'joined',
      meeting: snapshot,
      receivedAt: 1_000,
      problem: null,
    });
    expect(changed).toHaveBeenCalled();
    expect(live.stateListeners.size).toBe(1);
    expect(live.reconnectListeners.size).toBe(1);
  });

  it('a refused join says why and keeps no state', async () => {
    const { live, room } = setUp();
    live.answers.set('meeting:join', () =>
      Promise.reject(new LiveError('forbidden', 'You are not a member of this board.')),
    );

    await room.join();

    expect(room.getState()).toMatchObject({
      status: 'refused',
      problem: 'You are not a member of this board.',
      meeting: null,
    });
  });

  it('a join the server did not answer in time keeps joining (the reconnection retries)', async () => {
    const { live, room } = setUp();
    live.answers.set('meeting:join', () =>
      Promise.reject(new LiveError('timeout', 'The meeting server did not answer in time.')),
    );
    const joined = vi.fn();
    room.onJoined(joined);

    await room.join();

    expect(room.getState()).toMatchObject({ status: 'joining', problem: null, meeting: null });
    expect(joined).not.toHaveBeenCalled();

    // The link comes back: the rejoin gets the snapshot.
    live.joinsWith(state(2));
    live.reconnect();
    await settle();
    expect(room.getState()).toMatchObject({ status: 'joined', meeting: state(2) });
    expect(joined).toHaveBeenCalledTimes(1);
  });

  it('asks again, while connected, when the server did not answer a join in time', async () => {
    vi.useFakeTimers();
    try {
      const { live, room } = setUp();
      live.answers.set('meeting:join', () =>
        Promise.reject(new LiveError('timeout', 'The meeting server did not answer in time.')),
      );
      await room.join();
      expect(room.getState().status).toBe('joining');

      live.joinsWith(state(3));
      await vi.advanceTimersByTimeAsync(2_000);
      expect(live.sent('meeting:join')).toHaveLength(2);
      expect(room.getState()).toMatchObject({ status: 'joined', meeting: state(3) });
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves the asking again to the reconnection when the connection dropped, and stops on leave', async () => {
    vi.useFakeTimers();
    try {
      const { live, room } = setUp();
      live.answers.set('meeting:join', () =>
        Promise.reject(new LiveError('timeout', 'The meeting server did not answer in time.')),
      );
      await room.join();
      live.status = 'reconnecting';
      await vi.advanceTimersByTimeAsync(2_000);
      expect(live.sent('meeting:join')).toHaveLength(1);

      live.status = 'connected';
      await room.join();
      room.leave();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(live.sent('meeting:join')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a rejoin after a refusal that is let in clears the problem', async () => {
    const { live, room } = setUp();
    live.answers.set('meeting:join', () =>
      Promise.reject(new LiveError('not_found', 'No such meeting.')),
    );
    await room.join();
    expect(room.getState().status).toBe('refused');

    live.joinsWith(state(3));
    live.reconnect();
    await settle();

    expect(room.getState()).toMatchObject({ status: 'joined', problem: null, meeting: state(3) });
  });

  it('listens to the connection once however often it joins', async () => {
    const { live, room } = setUp();
    await room.join();
    await room.join();
    expect(live.stateListeners.size).toBe(1);
    expect(live.reconnectListeners.size).toBe(1);
    expect(live.sent('meeting:join')).toHaveLength(2);
  });
});

describe('RoomClient pushed states', () => {
  it('applies the deltas that follow on, and notes when the timers were read', async () => {
    const { live, room, clock } = setUp(state(5));
    await room.join();

    clock.advance(2_000);
    live.pushDelta(step(5, { focusedItemId: 'item-1' }));
    expect(room.getState().meeting).toEqual(state(6, { focusedItemId: 'item-1' }));
    expect(room.getState().receivedAt).toBe(1_000);

    const timer = {
      itemId: 'item-1',
      allottedSeconds: 600,
      elapsedSeconds: 30,
      running: true,
      overrun: false,
      overrunSeconds: 0,
    };
    clock.advance(1_000);
    live.pushDelta(step(6, { timers: { upsert: [timer], remove: [] } }));
    expect(room.getState().meeting?.timers).toEqual([timer]);
    expect(room.getState().receivedAt).toBe(4_000);
  });

  it('drops a delta it already has', async () => {
    const { live, room } = setUp(state(5));
    await room.join();
    const changed = vi.fn();
    room.subscribe(changed);
    live.pushDelta(step(4, { status: 'ended' }));
    expect(room.getState().meeting).toEqual(state(5));
    expect(changed).not.toHaveBeenCalled();
    expect(live.sent('meeting:join')).toHaveLength(1);
  });

  it('asks for the whole state again when a delta was missed', async () => {
    const { live, room } = setUp(state(5));
    await room.join();
    live.joinsWith(state(9, { focusedItemId: 'item-2' }));
    live.pushDelta(step(7, { focusedItemId: 'item-1' }));
    await settle();
    expect(live.sent('meeting:join')).toHaveLength(2);
    expect(room.getState()).toMatchObject({
      status: 'joined',
      meeting: state(9, { focusedItemId: 'item-2' }),
    });
  });

  it("ignores another meeting's state", async () => {
    const { live, room } = setUp(state(5));
    await room.join();
    const before = room.getState();

    live.push(state(9, { meetingId: OTHER_MEETING_ID, status: 'ended' }));

    expect(room.getState()).toBe(before);
  });

  it('takes a state pushed before the join is answered', async () => {
    const { live, room } = setUp();
    const answer = live.holdsJoin();
    const joining = room.join();

    live.push(state(7));
    expect(room.getState()).toMatchObject({ status: 'joining', meeting: state(7) });

    answer({ ok: true, state: state(8) });
    await joining;
    expect(room.getState()).toMatchObject({ status: 'joined', meeting: state(8) });
  });

  it('keeps the deltas that come before the join is answered, and applies them after it', async () => {
    const { live, room } = setUp();
    const answer = live.holdsJoin();
    const joining = room.join();
    live.pushDelta(step(8, { focusedItemId: 'item-1' }));
    answer({ ok: true, state: state(8) });
    await joining;
    expect(room.getState().meeting).toEqual(state(9, { focusedItemId: 'item-1' }));
    expect(live.sent('meeting:join')).toHaveLength(1);
  });

  it('stops notifying a listener that unsubscribed', async () => {
    const { live, room } = setUp(state(1));
    await room.join();
    const changed = vi.fn();
    const stop = room.subscribe(changed);
    live.pushDelta(step(1));
    expect(changed).toHaveBeenCalledTimes(1);
    stop();
    live.pushDelta(step(2));
    expect(changed).toHaveBeenCalledTimes(1);
    expect(room.getState().meeting?.version).toBe(3);
  });
});

describe('RoomClient reconnection', () => {
  it('rejoins on reconnection and the snapshot replaces even a newer-version state (server restart)', async () => {
    const { live, room } = setUp(state(5));
    await room.join();
    live.push(state(12, { focusedItemId: 'item-2' }));
    expect(room.getState().meeting?.version).toBe(12);

    // The server restarted: its room was rebuilt and counts versions from 1 again.
    const restarted = state(1, { focusedItemId: 'item-1' });
    live.joinsWith(restarted);
    live.reconnect();
    await settle();

    expect(live.sent('meeting:join')).toHaveLength(2);
    expect(room.getState()).toMatchObject({ status: 'joined', meeting: restarted });

    // What the rebuilt room broadcasts next follows on from the snapshot, so it is applied.
    live.pushDelta(step(1, { focusedItemId: 'item-3' }));
    expect(room.getState().meeting).toMatchObject({ version: 2, focusedItemId: 'item-3' });
  });

  it('calls the onJoined listeners on each join and rejoin, until they stop', async () => {
    const { live, room } = setUp(state(1));
    const joined = vi.fn();
    const other = vi.fn();
    room.onJoined(joined);
    const stopOther = room.onJoined(other);

    await room.join();
    expect(joined).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(1);

    live.reconnect();
    await settle();
    expect(joined).toHaveBeenCalledTimes(2);
    expect(other).toHaveBeenCalledTimes(2);

    stopOther();
    live.reconnect();
    await settle();
    expect(joined).toHaveBeenCalledTimes(3);
    expect(other).toHaveBeenCalledTimes(2);
  });

  it('does not call onJoined when the join is refused', async () => {
    const { live, room } = setUp();
    live.answers.set('meeting:join', () =>
      Promise.reject(new LiveError('forbidden', 'Observers only.')),
    );
    const joined = vi.fn();
    room.onJoined(joined);
    await room.join();
    expect(joined).not.toHaveBeenCalled();
  });

  it('sees the status of the join only after the state is in place', async () => {
    const { room } = setUp(state(3));
    const seen: Array<{ status: string; version: number | undefined }> = [];
    room.onJoined(() => {
      const { status, meeting } = room.getState();
      seen.push({ status, version: meeting?.version });
    });
    await room.join();
    expect(seen).toEqual([{ status: 'joined', version: 3 }]);
  });
});

describe('RoomClient commands', () => {
  it('sends the command with its options and applies the state it returns', async () => {
    const { live, room } = setUp(state(1));
    await room.join();
    const answered = state(2, { focusedItemId: 'item-9' });
    live.answers.set('meeting:command', () => Promise.resolve({ ok: true, state: answered }));

    await room.command('focus', { itemId: 'item-9' });

    expect(live.sent('meeting:command')).toEqual([
      { meetingId: MEETING_ID, command: 'focus', itemId: 'item-9' },
    ]);
    expect(room.getState().meeting).toBe(answered);
  });

  it('sends the end with what becomes of the undiscussed cases', async () => {
    const { live, room } = setUp(state(1));
    await room.join();
    live.answers.set('meeting:command', () =>
      Promise.resolve({ ok: true, state: state(2, { status: 'ended' }) }),
    );

    await room.command('end', { undiscussed: 'return_to_cases', reason: 'Ran out of time' });

    expect(live.sent('meeting:command')).toEqual([
      {
        meetingId: MEETING_ID,
        command: 'end',
        undiscussed: 'return_to_cases',
        reason: 'Ran out of time',
      },
    ]);
    expect(room.getState().meeting?.status).toBe('ended');
  });

  it('a command without options sends only the meeting and the command', async () => {
    const { live, room } = setUp(state(1));
    await room.join();
    live.answers.set('meeting:command', () => Promise.resolve({ ok: true, state: state(2) }));
    await room.command('next');
    expect(live.sent('meeting:command')).toEqual([{ meetingId: MEETING_ID, command: 'next' }]);
  });

  it('does not go back to an older state than one already pushed', async () => {
    const { live, room } = setUp(state(1));
    await room.join();
    // The answer was overtaken by the broadcasts of it and of a later command.
    live.answers.set('meeting:command', () => {
      live.pushDelta(step(1, { focusedItemId: 'item-2' }));
      live.pushDelta(step(2, { focusedItemId: 'item-3' }));
      return Promise.resolve({ ok: true, state: state(2, { focusedItemId: 'item-2' }) });
    });
    await room.command('next');
    expect(room.getState().meeting).toMatchObject({ version: 3, focusedItemId: 'item-3' });
  });

  it('rethrows a refusal and leaves the state as it was', async () => {
    const { live, room } = setUp(state(1));
    await room.join();
    const before = room.getState();
    live.answers.set('meeting:command', () =>
      Promise.reject(new LiveError('not_live', 'The meeting is not live.')),
    );

    const refusal = room.command('mark_discussed', { itemId: 'item-1' });

    await expect(refusal).rejects.toBeInstanceOf(LiveError);
    await expect(refusal).rejects.toMatchObject({
      code: 'not_live',
      message: 'The meeting is not live.',
    });
    expect(room.getState()).toBe(before);
  });
});

describe('RoomClient leaving', () => {
  it('stops listening and tells the server it left when connected', async () => {
    const { live, room } = setUp(state(1));
    await room.join();

    room.leave();

    expect(live.stateListeners.size).toBe(0);
    expect(live.reconnectListeners.size).toBe(0);
    expect(live.sent('meeting:leave')).toEqual([{ meetingId: MEETING_ID }]);

    // Nothing pushed or reconnected afterwards reaches the room.
    live.push(state(5));
    live.reconnect();
    await settle();
    expect(room.getState().meeting?.version).toBe(1);
    expect(live.sent('meeting:join')).toHaveLength(1);
  });

  it.each<LiveStatus>(['reconnecting', 'connecting', 'ended'])(
    'does not send meeting:leave while %s',
    async (status) => {
      const { live, room } = setUp(state(1));
      await room.join();
      live.status = status;
      room.leave();
      expect(live.sent('meeting:leave')).toEqual([]);
      expect(live.stateListeners.size).toBe(0);
      expect(live.reconnectListeners.size).toBe(0);
    },
  );

  it('swallows a refused leave (vitest fails the run on an unhandled rejection)', async () => {
    const { live, room } = setUp(state(1));
    await room.join();
    live.answers.set('meeting:leave', () => Promise.reject(new LiveError('timeout', 'No answer.')));
    expect(() => room.leave()).not.toThrow();
    await settle();
    expect(live.sent('meeting:leave')).toHaveLength(1);
  });

  it('joining after leaving listens again (a remount)', async () => {
    const { live, room } = setUp(state(1));
    await room.join();
    room.leave();

    live.joinsWith(state(2));
    await room.join();

    expect(live.stateListeners.size).toBe(1);
    expect(live.reconnectListeners.size).toBe(1);
    expect(room.getState().meeting?.version).toBe(2);

    live.push(state(3));
    expect(room.getState().meeting?.version).toBe(3);

    live.joinsWith(state(1));
    live.reconnect();
    await settle();
    expect(live.sent('meeting:join')).toHaveLength(3);
    expect(room.getState().meeting?.version).toBe(1);
  });
});
