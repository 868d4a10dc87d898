import { describe, expect, it } from 'vitest';
import type { ImagingUpdate } from '@app/contracts';
import {
  followStep,
  fromViewport,
  indexOfSlice,
  LatestWinsThrottle,
  sliceOfImageId,
  toViewport,
  type FollowState,
  type SharedView,
  type Timers,
} from './follow';

const view: SharedView = {
  studyUid: '2.25.1',
  seriesUid: '2.25.1.2',
  sopInstanceUid: '2.25.1.2.37',
  frame: 1,
  window: { center: -600, width: 1500 },
  zoom: 1.2345678,
  pan: { x: 12.34567, y: -3 },
  measurements: [],
};

describe('the shared viewport', () => {
  it('maps a view to the imaging:share payload and back', () => {
    const viewport = toViewport(view);
    expect(viewport).toEqual({
      studyInstanceUid: '2.25.1',
      seriesInstanceUid: '2.25.1.2',
      sopInstanceUid: '2.25.1.2.37',
      frame: 1,
      windowCenter: -600,
      windowWidth: 1500,
      zoom: 1.2346,
      pan: { x: 12.346, y: -3 },
    });
    expect(fromViewport(viewport)).toEqual({ ...view, zoom: 1.2346, pan: { x: 12.346, y: -3 } });
  });

  it('leaves out what the server would refuse and keeps zoom in its range', () => {
    const viewport = toViewport({
      ...view,
      seriesUid: null,
      sopInstanceUid: null,
      window: { center: 40, width: 0 },
      zoom: 500,
      pan: { x: Number.NaN, y: 0 },
    });
    expect(viewport).toEqual({ studyInstanceUid: '2.25.1', zoom: 100 });
    expect(fromViewport(viewport)).toMatchObject({ window: null, pan: null, sopInstanceUid: null });
  });

  it('carries length and angle measurements with their slice, in image pixels', () => {
    const measured: SharedView = {
      ...view,
      measurements: [
        {
          kind: 'length',
          sopInstanceUid: '2.25.1.2.37',
          frame: 1,
          points: [
            [10.123, 20],
            [90, 120.456],
          ],
        },
        {
          kind: 'angle',
          sopInstanceUid: '2.25.1.2.38',
          frame: 2,
          points: [
            [1, 1],
            [50, 50],
            [99, 1],
          ],
        },
      ],
    };
    const viewport = toViewport(measured);
    expect(viewport.annotations).toEqual([
      {
        shape: 'line',
        sopInstanceUid: '2.25.1.2.37',
        frame: 1,
        points: [
          [10.12, 20],
          [90, 120.46],
        ],
      },
      {
        shape: 'angle',
        sopInstanceUid: '2.25.1.2.38',
        frame: 2,
        points: [
          [1, 1],
          [50, 50],
          [99, 1],
        ],
      },
    ]);
    expect(fromViewport(viewport).measurements).toEqual([
      {
        kind: 'length',
        sopInstanceUid: '2.25.1.2.37',
        frame: 1,
        points: [
          [10.12, 20],
          [90, 120.46],
        ],
      },
      {
        kind: 'angle',
        sopInstanceUid: '2.25.1.2.38',
        frame: 2,
        points: [
          [1, 1],
          [50, 50],
          [99, 1],
        ],
      },
    ]);
  });

  it('leaves out measurements the server or a viewer could not use', () => {
    const viewport = toViewport({
      ...view,
      measurements: [
        { kind: 'length', sopInstanceUid: '2.25.1', frame: 1, points: [[1, 1]] },
        {
          kind: 'angle',
          sopInstanceUid: '2.25.1',
          frame: 1,
          points: [
            [1, 1],
            [2, Number.NaN],
            [3, 3],
          ],
        },
        ...Array.from({ length: 60 }, (_, i) => ({
          kind: 'length' as const,
          sopInstanceUid: '2.25.1',
          frame: 1,
          points: [
            [i, 0],
            [i, 10],
          ] as Array<[number, number]>,
        })),
      ],
    });
    expect(viewport.annotations).toHaveLength(50);
    expect(toViewport(view).annotations).toBeUndefined();
    expect(
      fromViewport({
        studyInstanceUid: '2.25.1',
        annotations: [
          {
            shape: 'arrow',
            points: [
              [1, 1],
              [2, 2],
            ],
            text: 'margin',
          },
          {
            shape: 'line',
            points: [
              [1, 1],
              [2, 2],
            ],
          },
          {
            shape: 'angle',
            sopInstanceUid: '2.25.1.9',
            points: [
              [1, 1],
              [2, 2],
            ],
          },
          {
            shape: 'line',
            sopInstanceUid: '2.25.1.9',
            points: [
              [1, 1],
              [2, 2],
            ],
          },
        ],
      }).measurements,
    ).toEqual([
      {
        kind: 'length',
        sopInstanceUid: '2.25.1.9',
        frame: 1,
        points: [
          [1, 1],
          [2, 2],
        ],
      },
    ]);
  });

  it('finds a slice by its instance and frame in the stack, and reads them from an image id', () => {
    const ids = ['a', 'b', 'c'].map(
      (sop) => `wadors:/x/series/1/instances/1.${sop.charCodeAt(0)}/frames/1`,
    );
    expect(indexOfSlice(ids, '1.98', 1)).toBe(1);
    expect(indexOfSlice(ids, '1.98', 2)).toBeNull();
    expect(indexOfSlice(ids, '9.9', 1)).toBeNull();
    expect(sliceOfImageId(ids[2]!)).toEqual({ sop: '1.99', frame: 1 });
    expect(sliceOfImageId('wadors:/x')).toBeNull();
  });
});

/** Timers the test advances by hand. */
function fakeTimers() {
  let now = 0;
  let queue: Array<{ at: number; run: () => void; id: number }> = [];
  let ids = 0;
  const timers: Timers = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = ++ids;
      queue.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (handle) => {
      queue = queue.filter((entry) => entry.id !== handle);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const entry of queue.filter((e) => e.at <= now)) {
      queue = queue.filter((e) => e !== entry);
      entry.run();
    }
  };
  return { timers, advance };
}

describe('LatestWinsThrottle', () => {
  it('sends the first at once, then only the latest of a burst when the interval ends', () => {
    const { timers, advance } = fakeTimers();
    const sent: number[] = [];
    const throttle = new LatestWinsThrottle<number>(100, (value) => sent.push(value), timers);
    throttle.push(1);
    expect(sent).toEqual([1]);
    throttle.push(2);
    throttle.push(3);
    throttle.push(4);
    advance(50);
    expect(sent).toEqual([1]);
    advance(50);
    expect(sent).toEqual([1, 4]);
    advance(500);
    throttle.push(5);
    expect(sent).toEqual([1, 4, 5]);
  });

  it('does not send the same state twice unless reset, and stop drops what waits', () => {
    const { timers, advance } = fakeTimers();
    const sent: string[] = [];
    const throttle = new LatestWinsThrottle<string>(100, (value) => sent.push(value), timers);
    throttle.push('a');
    advance(200);
    throttle.push('a');
    expect(sent).toEqual(['a']);
    throttle.reset();
    throttle.push('a');
    expect(sent).toEqual(['a', 'a']);
    throttle.push('b');
    throttle.stop();
    advance(200);
    expect(sent).toEqual(['a', 'a']);
  });
});

describe('following', () => {
  const update = (slice: string): ImagingUpdate => ({
    meetingId: 'm',
    from: 'presenter',
    viewport: { studyInstanceUid: '2.25.1', sopInstanceUid: slice },
    sentAt: '2026-12-06T10:00:00.000Z',
  });
  const idle: FollowState = { mode: 'idle', latest: null };

  it('follows the first share and applies each update', () => {
    const first = followStep(idle, { type: 'update', update: update('1.1') });
    expect(first).toEqual({ state: { mode: 'following', latest: update('1.1') }, apply: true });
    const next = followStep(first.state, { type: 'update', update: update('1.2') });
    expect(next.apply).toBe(true);
    expect(next.state.latest?.viewport.sopInstanceUid).toBe('1.2');
  });

  it('detached, keeps the latest without applying it; following again applies it', () => {
    const following = followStep(idle, { type: 'update', update: update('1.1') }).state;
    const detached = followStep(following, { type: 'detach' });
    expect(detached).toEqual({ state: { ...following, mode: 'detached' }, apply: false });
    const moved = followStep(detached.state, { type: 'update', update: update('1.9') });
    expect(moved).toEqual({ state: { mode: 'detached', latest: update('1.9') }, apply: false });
    const again = followStep(moved.state, { type: 'follow' });
    expect(again).toEqual({ state: { mode: 'following', latest: update('1.9') }, apply: true });
  });

  it('cannot detach from nothing, follows nothing when nothing was shared, and stops', () => {
    expect(followStep(idle, { type: 'detach' })).toEqual({ state: idle, apply: false });
    expect(followStep(idle, { type: 'follow' })).toEqual({ state: idle, apply: false });
    const following = followStep(idle, { type: 'update', update: update('1.1') }).state;
    expect(followStep(following, { type: 'stopped' })).toEqual({ state: idle, apply: false });
  });
});
