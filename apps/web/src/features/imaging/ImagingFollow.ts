import type { ImagingUpdate } from '@app/contracts';
import { LiveError, type LiveConnection } from '../../api/live';
import {
  followStep,
  fromViewport,
  LatestWinsThrottle,
  toViewport,
  type FollowState,
  type SharedView,
} from './follow';

/** The presenter sends at most this often; the server relays at most 30 states a second. */
export const SHARE_INTERVAL_MS = 100;

export interface ImagingFollowState extends FollowState {
  /** This user shares their viewer with the room. */
  sharing: boolean;
  /** Why the last share was refused, in words. */
  problem: string | null;
  /**
   * The last share ended and none runs: who ended it (a user id), or `room` when the room moved to
   * another case. Null while a share runs, or before any ended.
   */
  ended: string | null;
}

/**
 * The shared imaging of one meeting, outside React. A presenter `startSharing`s and `send`s the
 * view (throttled, latest wins); everyone else follows the shares the room relays (`imaging:
 * viewport`), can `detach` to look around (the server stops relaying to them; updates that still
 * arrive are kept, not applied) and `follow` again (the server answers with the latest state).
 * `onApply` is called with each view the follower's viewer must show.
 */
export class ImagingFollow {
  private state: ImagingFollowState = {
    mode: 'idle',
    latest: null,
    sharing: false,
    problem: null,
    ended: null,
  };
  /** Shares sent before the last one ended are stale, whenever they arrive. */
  private endedAt = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<() => void>();
  private readonly applyListeners = new Set<(view: SharedView, update: ImagingUpdate) => void>();
  private readonly stops: Array<() => void> = [];
  private readonly throttle: LatestWinsThrottle<SharedView>;

  constructor(
    private readonly live: LiveConnection,
    readonly meetingId: string,
    private readonly myUserId: string,
    intervalMs = SHARE_INTERVAL_MS,
  ) {
    this.throttle = new LatestWinsThrottle(intervalMs, (view) => this.emit(view));
  }

  /** Listens to the room's shares and asks for the latest one (a share already running). */
  start(): void {
    if (this.stops.length > 0) return;
    this.stops.push(
      this.live.on('imaging:viewport', (update) => this.receive(update)),
      this.live.on('imaging:stopped', (stop) => this.ended(stop)),
      this.live.onReconnect(() => void this.refresh()),
    );
    void this.refresh();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.throttle.stop();
    this.listeners.clear();
    this.applyListeners.clear();
  }

  /** Called with each view to show while following. */
  onApply(listener: (view: SharedView, update: ImagingUpdate) => void): () => void {
    this.applyListeners.add(listener);
    return () => this.applyListeners.delete(listener);
  }

  startSharing(view: SharedView): void {
    this.set({ sharing: true, problem: null, mode: 'idle', ended: null });
    this.throttle.reset();
    this.throttle.push(view);
  }

  /** Ends the share for everyone: followers are told, and nothing more is relayed. */
  stopSharing(): void {
    this.throttle.stop();
    this.set({ sharing: false });
    void this.live.request('imaging:stop', { meetingId: this.meetingId }).catch((error: unknown) =>
      this.set({
        problem: `The room was not told that sharing stopped: ${error instanceof Error ? error.message : 'no answer'}`,
      }),
    );
  }

  /** The presenter's viewer changed: sent when sharing (throttled, the latest state winning). */
  send(view: SharedView): void {
    if (this.state.sharing) this.throttle.push(view);
  }

  /** Look around: the viewer is no longer moved by the presenter. */
  detach(): void {
    const { state } = followStep(this.state, { type: 'detach' });
    this.set(state);
    void this.live
      .request('imaging:follow', { meetingId: this.meetingId, follow: false })
      .catch(() => undefined);
  }

  /** Follow again: the viewer jumps to the presenter's latest state. */
  async follow(): Promise<void> {
    this.set({ mode: this.state.latest ? 'following' : 'idle' });
    await this.refresh();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): ImagingFollowState => this.state;

  /** The room was (re)joined: rejoin the relay (unless detached) and show the latest share. */
  roomJoined(): void {
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    if (this.state.mode === 'detached') return;
    try {
      const { latest } = await this.live.request('imaging:follow', {
        meetingId: this.meetingId,
        follow: true,
      });
      if (latest && latest.meetingId === this.meetingId) {
        if (latest.from === this.myUserId) return;
        const newer =
          !this.state.latest || Date.parse(latest.sentAt) >= Date.parse(this.state.latest.sentAt);
        if (newer) this.receive(latest);
        else if (this.state.latest) this.apply(followStep(this.state, { type: 'follow' }));
      }
    } catch {
      // Not in the room (yet): the next reconnection or share tries again.
    }
  }

  private receive(update: ImagingUpdate): void {
    if (update.meetingId !== this.meetingId || update.from === this.myUserId) return;
    if (Date.parse(update.sentAt) < this.endedAt) return;
    if (this.state.sharing || this.state.ended !== null) this.set({ sharing: false, ended: null });
    this.apply(followStep(this.state, { type: 'update', update }));
  }

  private ended(stop: { meetingId: string; by: string | null; sentAt: string }): void {
    if (stop.meetingId !== this.meetingId) return;
    this.endedAt = Math.max(this.endedAt, Date.parse(stop.sentAt));
    const { state } = followStep(this.state, { type: 'stopped' });
    this.throttle.stop();
    this.set({ ...state, sharing: false, ended: stop.by ?? 'room' });
  }

  private apply({ state, apply }: ReturnType<typeof followStep>): void {
    this.set(state);
    if (apply && state.latest) {
      const view = fromViewport(state.latest.viewport);
      for (const listener of this.applyListeners) listener(view, state.latest);
    }
  }

  private emit(view: SharedView): void {
    this.live
      .request('imaging:share', { meetingId: this.meetingId, viewport: toViewport(view) })
      .catch((error: unknown) => {
        // A refusal of the sharer (not in the room, not presenter or chair) ends the share; a
        // timeout or rate limit does not (the next change goes out again).
        const code = error instanceof LiveError ? error.code : '';
        const final = code === 'forbidden' || code === 'not_joined';
        this.set({
          sharing: this.state.sharing && !final,
          problem: error instanceof Error ? error.message : 'The share was refused.',
        });
      });
  }

  private set(change: Partial<ImagingFollowState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
