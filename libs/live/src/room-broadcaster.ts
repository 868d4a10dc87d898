import { randomInt } from 'node:crypto';
import { MeetingStateDelta, MeetingStateView, diffRoomState } from '@app/contracts';

export interface RoomBroadcastPorts {
  /** The room as it is now (its `seq` is ignored); null for a meeting that no longer exists. */
  snapshot(meetingId: string): Promise<MeetingStateView | null>;
  /** Sends a delta to this instance's sockets in the meeting's room, but those named. */
  emit(delta: MeetingStateDelta, except: string[]): void;
  /** Sends a delta to one socket. */
  emitTo(socketId: string, delta: MeetingStateDelta): void;
}

/** Moves a socket's state to the room's `seq` when nothing it shows differs. */
function unchanged(from: MeetingStateView, to: MeetingStateView): MeetingStateDelta {
  return { meetingId: to.meetingId, base: from.seq, seq: to.seq };
}

interface Room {
  /** The state last broadcast to this instance's sockets (and the base of the next delta). */
  state: MeetingStateView | null;
  /** The room's broadcasts, one after the other. */
  work: Promise<unknown>;
  /** A refresh queued and not started yet: later requests share it. */
  queued: Promise<MeetingStateView | null> | null;
  /**
   * Sockets that joined since the last broadcast, with the state each was answered with: the
   * next broadcast sends each its own delta from that state instead of the room's.
   */
  joined: Map<string, MeetingStateView>;
}

/**
 * This instance's broadcasts of each meeting room to its own sockets: the whole state once, on
 * joining, then only what changed (`meeting:delta`), numbered from one per-instance counter that
 * starts at random. Each room's broadcasts run one at a time, so every delta is computed from the
 * state the previous one produced. The room's control state (agenda, focus, timers, queue) never
 * goes back to an older `version`; its presence is what the last snapshot read.
 */
export class RoomBroadcaster {
  private readonly rooms = new Map<string, Room>();
  private seq: number;

  constructor(
    private readonly ports: RoomBroadcastPorts,
    start: number = randomInt(1, 2 ** 47),
  ) {
    this.seq = start;
  }

  /** The state last broadcast to the room's sockets here; null before the first. */
  current(meetingId: string): MeetingStateView | null {
    return this.rooms.get(meetingId)?.state ?? null;
  }

  /**
   * A socket joined the room: the state it is answered with, which `view` makes of the last
   * broadcast (the room as everyone here sees it, with who is present now). The first socket
   * here gets a fresh snapshot. Null: no such meeting.
   */
  admit(
    meetingId: string,
    socketId: string,
    view: (last: MeetingStateView) => Promise<MeetingStateView>,
  ): Promise<MeetingStateView | null> {
    const room = this.room(meetingId);
    if (room.state === null) return this.refresh(meetingId);
    return this.then(room, async () => {
      const last = room.state;
      if (!last) return this.read(room, meetingId);
      const state = await view(last);
      if (!diffRoomState(last, state, last.seq)) return last;
      const own = { ...state, seq: this.next() };
      room.joined.set(socketId, own);
      return own;
    });
  }

  /**
   * Reads the room afresh and broadcasts what changed since the last broadcast; requests made
   * while one waits to start share it. Resolves with the state broadcast (null: no such meeting).
   */
  refresh(meetingId: string): Promise<MeetingStateView | null> {
    const room = this.room(meetingId);
    if (room.queued) return room.queued;
    const queued = this.then(room, async () => {
      room.queued = null;
      return this.read(room, meetingId);
    });
    room.queued = queued;
    return queued;
  }

  /**
   * Broadcasts the control state a command produced (read inside its transaction, now
   * committed); presence stays as last broadcast, since only a refresh reads it afresh.
   */
  publish(meetingId: string, state: MeetingStateView): Promise<MeetingStateView> {
    const room = this.room(meetingId);
    return this.then(room, async () => {
      const last = room.state;
      if (!last) return this.broadcast(room, state);
      if (last.version > state.version) return last;
      return this.broadcast(room, { ...state, presence: last.presence, quorum: last.quorum });
    });
  }

  /** Nobody here is in the room any more: its state is not kept. */
  forget(meetingId: string): void {
    this.rooms.delete(meetingId);
  }

  /** Reads the room afresh and broadcasts it. */
  private async read(room: Room, meetingId: string): Promise<MeetingStateView | null> {
    const fresh = await this.ports.snapshot(meetingId);
    if (!fresh) {
      this.rooms.delete(meetingId);
      return null;
    }
    const last = room.state;
    const control = last && last.version > fresh.version ? last : fresh;
    return this.broadcast(room, { ...control, presence: fresh.presence, quorum: fresh.quorum });
  }

  /**
   * Makes `next` the room's state: the room's sockets get the delta from the last one, and those
   * that joined since, each the delta from the state it was answered with.
   */
  private broadcast(room: Room, next: MeetingStateView): MeetingStateView {
    const last = room.state;
    const delta = last && diffRoomState(last, next, this.seq + 1);
    const state = last && !delta ? last : { ...next, seq: this.next() };
    if (delta) this.ports.emit(delta, [...room.joined.keys()]);
    room.state = state;
    for (const [socketId, own] of room.joined)
      this.ports.emitTo(socketId, diffRoomState(own, state, state.seq) ?? unchanged(own, state));
    room.joined.clear();
    return state;
  }

  private next(): number {
    this.seq += 1;
    return this.seq;
  }

  private room(meetingId: string): Room {
    let room = this.rooms.get(meetingId);
    if (!room) {
      room = { state: null, work: Promise.resolve(), queued: null, joined: new Map() };
      this.rooms.set(meetingId, room);
    }
    return room;
  }

  /** Runs `step` after the room's earlier broadcasts, whether they succeeded or not. */
  private then<T>(room: Room, step: () => Promise<T>): Promise<T> {
    const done = room.work.then(step, step);
    room.work = done.catch(() => undefined);
    return done;
  }
}
