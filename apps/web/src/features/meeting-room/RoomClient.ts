import type { MeetingStateView, RoomCommandName } from '@app/contracts';
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
  /** When `meeting` was received, for the timers that run between snapshots (ms, this clock). */
  receivedAt: number;
  problem: string | null;
}

/** What a command carries besides its name. */
export type CommandOptions = Omit<LivePayload<'meeting:command'>, 'meetingId' | 'command'>;

/** How long a room waits before asking again when its join went unanswered on a live connection. */
const JOIN_RETRY_MS = 2_000;

/**
 * One meeting room, outside React: joins through the live connection, keeps the newest state the
 * server sends (by version), rejoins after a reconnection so the state is rebuilt from the
 * server's snapshot, and runs the room commands. Components draw `getState()`.
 */
export class RoomClient {
  private state: RoomState = { status: 'joining', meeting: null, receivedAt: 0, problem: null };
  private readonly listeners = new Set<() => void>();
  private readonly stops: Array<() => void> = [];
  private readonly joinedListeners = new Set<() => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly live: LiveConnection,
    readonly meetingId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Joins the room and takes the server's snapshot (again after every reconnection). */
  async join(): Promise<void> {
    if (this.stops.length === 0) {
      this.stops.push(
        this.live.on('meeting:state', (meeting) => this.receive(meeting)),
        this.live.onReconnect(() => void this.join()),
      );
    }
    try {
      const { state } = await this.live.request('meeting:join', { meetingId: this.meetingId });
      this.receive(state, true);
      this.set({ status: 'joined', problem: null });
      for (const listener of this.joinedListeners) listener();
    } catch (error) {
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

  /** A snapshot replaces whatever came before; a pushed state only when it is newer. */
  private receive(meeting: MeetingStateView, snapshot = false): void {
    if (meeting.meetingId !== this.meetingId) return;
    const current = this.state.meeting;
    if (!snapshot && current && meeting.version < current.version) return;
    this.set({ meeting, receivedAt: this.now() });
  }

  private set(change: Partial<RoomState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
