import {
  applyRoomDelta,
  type MeetingStateDelta,
  type MeetingStateView,
  type RoomCommandName,
} from '@app/contracts';
import { LiveError, type LiveConnection, type LivePayload } from '../../api/live';

/**
 * `joining`: waiting for the room's snapshot; `joined`: the state is live; `refused`: the server
 * will not let this user in (the reason is in `problem`).
 */
export type RoomStatus = 'joining' | 'joined' | 'refused';

export interface RoomState {
  status: RoomStatus;
  /** The room as the server last described it; kept while reconnecting. */
  meeting: MeetingStateView | null;
  /** When `meeting`'s timers were read, for the timers that run between updates (ms, this clock). */
  receivedAt: number;
  problem: string | null;
}

/** What a command carries besides its name. */
export type CommandOptions = Omit<LivePayload<'meeting:command'>, 'meetingId' | 'command'>;

/** How long a room waits before asking again when its join went unanswered on a live connection. */
const JOIN_RETRY_MS = 2_000;

/**
 * One meeting room, outside React: joins through the live connection and takes the state it is
 * answered with, then applies the server's deltas in order (`seq`), asking for the whole state
 * again when one was missed; rejoins after a reconnection so the state is rebuilt from the
 * server's snapshot, and runs the room commands. Components draw `getState()`.
 */
export class RoomClient {
  private state: RoomState = { status: 'joining', meeting: null, receivedAt: 0, problem: null };
  private readonly listeners = new Set<() => void>();
  private readonly stops: Array<() => void> = [];
  private readonly joinedListeners = new Set<() => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Deltas not applied yet: they came while a join was on its way, or ahead of the state. */
  private pending: MeetingStateDelta[] = [];
  private joinsInFlight = 0;

  constructor(
    private readonly live: LiveConnection,
    readonly meetingId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Joins the room and takes the server's snapshot (again after every reconnection). */
  async join(): Promise<void> {
    if (this.stops.length === 0) {
      this.stops.push(
        this.live.on('meeting:state', (meeting) => this.receive(meeting, true)),
        this.live.on('meeting:delta', (delta) => this.change(delta)),
        this.live.onReconnect(() => void this.join()),
      );
    }
    this.joinsInFlight += 1;
    try {
      const { state } = await this.live.request('meeting:join', { meetingId: this.meetingId });
      this.joinsInFlight -= 1;
      this.receive(state, true);
      this.set({ status: 'joined', problem: null });
      for (const listener of this.joinedListeners) listener();
    } catch (error) {
      this.joinsInFlight -= 1;
      if (!(error instanceof LiveError)) return;
      if (error.code === 'timeout') this.joinAgainSoon();
      else this.set({ status: 'refused', problem: error.message });
    }
  }

  /**
   * A join the server did not answer in time is asked again while the connection stays up (a
   * server too busy to answer within the request's deadline): the room's pushes only reach
   * members who joined. After a drop, the reconnection joins instead.
   */
  private joinAgainSoon(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.stops.length > 0 && this.live.getState().status === 'connected') void this.join();
    }, JOIN_RETRY_MS);
  }

  /** Runs a room command; the answer's state is applied at once, a refusal is thrown. */
  async command(command: RoomCommandName, options: CommandOptions = {}): Promise<void> {
    const { state } = await this.live.request('meeting:command', {
      meetingId: this.meetingId,
      command,
      ...options,
    });
    this.receive(state);
  }

  /** Called each time the room is (re)joined: what depends on membership of the room goes on. */
  onJoined(listener: () => void): () => void {
    this.joinedListeners.add(listener);
    return () => this.joinedListeners.delete(listener);
  }

  leave(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.pending = [];
    for (const stop of this.stops.splice(0)) stop();
    if (this.live.getState().status === 'connected') {
      void this.live.request('meeting:leave', { meetingId: this.meetingId }).catch(() => undefined);
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): RoomState => this.state;

  /**
   * A snapshot (a join's answer, or the state sent after a recovered connection) replaces
   * whatever came before; a command's answer only when it is further on. Waiting deltas follow.
   */
  private receive(meeting: MeetingStateView, snapshot = false): void {
    if (meeting.meetingId !== this.meetingId) return;
    const current = this.state.meeting;
    if (!snapshot && current && meeting.seq <= current.seq) return;
    this.set({ meeting, receivedAt: this.now() });
    this.catchUp();
  }

  private change(delta: MeetingStateDelta): void {
    if (delta.meetingId !== this.meetingId) return;
    this.pending.push(delta);
    if (this.joinsInFlight === 0) this.catchUp();
  }

  /**
   * Applies the waiting deltas that follow on from the state, in order, and drops those it
   * already includes; one that cannot follow on means a broadcast was missed: the whole state is
   * asked for again.
   */
  private catchUp(): void {
    const current = this.state.meeting;
    if (!current) return;
    let meeting = current;
    let timersRead = false;
    for (;;) {
      const base = meeting.seq;
      this.pending = this.pending.filter((delta) => delta.base >= base);
      const next = this.pending.find((delta) => delta.base === base);
      const applied = next && applyRoomDelta(meeting, next);
      if (!next || !applied) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      meeting = applied;
      timersRead ||= next.timers !== undefined;
    }
    if (meeting !== current)
      this.set(timersRead ? { meeting, receivedAt: this.now() } : { meeting });
    if (this.pending.length > 0 && this.joinsInFlight === 0) {
      this.pending = [];
      void this.join();
    }
  }

  private set(change: Partial<RoomState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
