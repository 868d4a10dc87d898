import { describe, expect, it } from 'vitest';
import { clock, readTimer, timerWords } from './timer';

const timer = {
  itemId: 'item',
  allottedSeconds: 600,
  elapsedSeconds: 100,
  running: true,
  overrun: false,
  overrunSeconds: 0,
};

describe('readTimer', () => {
  it.each([
    { name: 'at the snapshot', running: true, after: 0, elapsed: 100, remaining: 500 },
    { name: 'advances while running', running: true, after: 5_900, elapsed: 105, remaining: 495 },
    {
      name: 'stands still when paused',
      running: false,
      after: 60_000,
      elapsed: 100,
      remaining: 500,
    },
    { name: 'overruns', running: true, after: 501_000, elapsed: 601, remaining: -1 },
    { name: 'ignores a clock behind', running: true, after: -5_000, elapsed: 100, remaining: 500 },
  ])('$name', ({ running, after, elapsed, remaining }) => {
    const reading = readTimer({ ...timer, running }, 1_000_000, 1_000_000 + after);
    expect(reading).toEqual({ elapsed, remaining, overrun: remaining < 0, running });
  });
});

describe('clock', () => {
  it.each([
    [0, '0:00'],
    [9, '0:09'],
    [245, '4:05'],
    [-61, '1:01'],
    [3723, '1:02:03'],
  ])('%i s is %s', (seconds, words) => expect(clock(seconds)).toBe(words));
});

describe('timerWords', () => {
  it.each([
    [185, '3 minutes 5 seconds left'],
    [-60, '1 minute 0 seconds over time'],
    [600, '10 minutes left'],
    [1, '1 second left'],
    [0, '0 seconds left'],
  ])('%i s left reads "%s"', (remaining, words) =>
    expect(timerWords({ elapsed: 0, remaining, overrun: remaining < 0, running: true })).toBe(
      words,
    ),
  );
});
