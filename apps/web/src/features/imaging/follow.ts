/**
 * Presenter-led follow, the parts that need no Cornerstone and no socket: what of a viewer's view
 * travels to the room (`ImagingViewport`), a latest-wins throttle for sending it, and the
 * follower's state machine (not following, following someone, detached from them).
 */
import type { ImagingAnnotation, ImagingUpdate, ImagingViewport } from '@app/contracts';

/** What a viewer shows, in the terms the room relays (the slice named by its instance and frame). */
export interface SharedView {
  studyUid: string;
  seriesUid: string | null;
  sopInstanceUid: string | null;
  /** 1-based frame of the instance. */
  frame: number;
  window: { center: number; width: number } | null;
  zoom: number | null;
  pan: { x: number; y: number } | null;
  /** Length and angle measurements, each on its slice. */
  measurements: SharedMeasurement[];
}

/** A measurement as it travels: its slice, and its points in that image's pixels (column, row). */
export interface SharedMeasurement {
  kind: 'length' | 'angle';
  sopInstanceUid: string;
  /** 1-based frame of the instance. */
  frame: number;
  points: Array<[number, number]>;
}

/** The server relays at most this many annotations with a view. */
export const MAX_SHARED_MEASUREMENTS = 50;

const POINTS: Record<SharedMeasurement['kind'], number> = { length: 2, angle: 3 };
const SHAPES: Record<SharedMeasurement['kind'], ImagingAnnotation['shape']> = {
  length: 'line',
  angle: 'angle',
};

const round = (value: number, places = 3) => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

/** The viewer's view as the `imaging:share` payload; fields outside the server's limits are left out. */
export function toViewport(view: SharedView): ImagingViewport {
  const viewport: ImagingViewport = { studyInstanceUid: view.studyUid };
  if (view.seriesUid) viewport.seriesInstanceUid = view.seriesUid;
  if (view.sopInstanceUid) {
    viewport.sopInstanceUid = view.sopInstanceUid;
    viewport.frame = Math.max(0, Math.round(view.frame));
  }
  if (view.window && Number.isFinite(view.window.center) && view.window.width >= 1) {
    viewport.windowCenter = round(view.window.center);
    viewport.windowWidth = round(view.window.width);
  }
  if (view.zoom !== null && Number.isFinite(view.zoom)) {
    viewport.zoom = Math.min(100, Math.max(0.01, round(view.zoom, 4)));
  }
  if (view.pan && Number.isFinite(view.pan.x) && Number.isFinite(view.pan.y)) {
    viewport.pan = { x: round(view.pan.x), y: round(view.pan.y) };
  }
  const annotations = view.measurements
    .filter(
      (measurement) =>
        measurement.points.length === POINTS[measurement.kind] &&
        measurement.points.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
    )
    .slice(0, MAX_SHARED_MEASUREMENTS)
    .map((measurement): ImagingAnnotation => ({
      shape: SHAPES[measurement.kind],
      sopInstanceUid: measurement.sopInstanceUid,
      frame: Math.max(1, Math.round(measurement.frame)),
      points: measurement.points.map(([x, y]) => [round(x, 2), round(y, 2)]),
    }));
  if (annotations.length > 0) viewport.annotations = annotations;
  return viewport;
}

/** The line and angle annotations of a relayed view that name their slice, as measurements. */
function measurementsOf(annotations: readonly ImagingAnnotation[]): SharedMeasurement[] {
  const found: SharedMeasurement[] = [];
  for (const annotation of annotations) {
    const kind =
      annotation.shape === 'line' ? 'length' : annotation.shape === 'angle' ? 'angle' : null;
    if (!kind || !annotation.sopInstanceUid || annotation.points.length !== POINTS[kind]) continue;
    found.push({
      kind,
      sopInstanceUid: annotation.sopInstanceUid,
      frame: annotation.frame ?? 1,
      points: annotation.points,
    });
  }
  return found;
}

/** The relayed payload back as a view to apply (missing fields stay null: keep what is shown). */
export function fromViewport(viewport: ImagingViewport): SharedView {
  return {
    studyUid: viewport.studyInstanceUid,
    seriesUid: viewport.seriesInstanceUid ?? null,
    sopInstanceUid: viewport.sopInstanceUid ?? null,
    frame: viewport.frame ?? 1,
    window:
      viewport.windowCenter !== undefined && viewport.windowWidth !== undefined
        ? { center: viewport.windowCenter, width: viewport.windowWidth }
        : null,
    zoom: viewport.zoom ?? null,
    pan: viewport.pan ?? null,
    measurements: measurementsOf(viewport.annotations ?? []),
  };
}

/** The 0-based index of a slice in a stack of image ids ending `/instances/{sop}/frames/{n}`, or null. */
export function indexOfSlice(
  imageIds: readonly string[],
  sop: string,
  frame: number,
): number | null {
  const suffix = `/instances/${sop}/frames/${Math.max(1, frame)}`;
  const index = imageIds.findIndex((id) => id.endsWith(suffix));
  return index === -1 ? null : index;
}

/** The instance and frame an image id names. */
export function sliceOfImageId(imageId: string): { sop: string; frame: number } | null {
  const match = /\/instances\/([0-9.]+)\/frames\/(\d+)$/.exec(imageId);
  return match ? { sop: match[1]!, frame: Number(match[2]) } : null;
}

export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * At most one send per `intervalMs`: the first value goes at once, later ones within the interval
 * wait and only the latest of them goes when it ends (so the last state always arrives). A value
 * equal (by JSON) to the last one sent is not sent again.
 */
export class LatestWinsThrottle<T> {
  private last = -Infinity;
  private pending: { value: T } | null = null;
  private timer: unknown = null;
  private lastSent: string | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (value: T) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  push(value: T): void {
    this.pending = { value };
    if (this.timer !== null) return;
    const wait = this.last + this.intervalMs - this.timers.now();
    if (wait <= 0) this.flush();
    else this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Forgets what was sent, so the next value goes even if it is the same (after a re-share). */
  reset(): void {
    this.lastSent = null;
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private flush(): void {
    this.timer = null;
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    const key = JSON.stringify(pending.value);
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.last = this.timers.now();
    this.send(pending.value);
  }
}

/**
 * idle: nothing shared (or sharing yourself); following: the viewer mirrors `update`; detached:
 * the follower looks around, updates are kept (the latest) but not applied.
 */
export type FollowMode = 'idle' | 'following' | 'detached';

export interface FollowState {
  mode: FollowMode;
  /** The latest shared state received, applied or not. */
  latest: ImagingUpdate | null;
}

export type FollowEvent =
  | { type: 'update'; update: ImagingUpdate }
  | { type: 'detach' }
  | { type: 'follow' }
  | { type: 'stopped' };

/** The follower's transitions; `apply` says whether the viewer must now show `latest`. */
export function followStep(
  state: FollowState,
  event: FollowEvent,
): { state: FollowState; apply: boolean } {
  switch (event.type) {
    case 'update':
      if (state.mode === 'detached')
        return { state: { ...state, latest: event.update }, apply: false };
      return { state: { mode: 'following', latest: event.update }, apply: true };
    case 'detach':
      if (state.mode !== 'following') return { state, apply: false };
      return { state: { ...state, mode: 'detached' }, apply: false };
    case 'follow':
      if (!state.latest) return { state: { ...state, mode: 'idle' }, apply: false };
      return { state: { ...state, mode: 'following' }, apply: true };
    case 'stopped':
      return { state: { mode: 'idle', latest: null }, apply: false };
  }
}
