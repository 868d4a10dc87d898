import { MAX_WEBHOOK_RETRY_DELAY_MS, retryDelayMs } from './retry-schedule';

const MINUTE = 60_000;

describe('retryDelayMs', () => {
  it.each([
    [1, 30_000, 30_000],
    [2, 30_000, MINUTE],
    [3, 30_000, 2 * MINUTE],
    [4, 30_000, 4 * MINUTE],
    [5, 30_000, 8 * MINUTE],
    [6, 30_000, 16 * MINUTE],
    [7, 30_000, 32 * MINUTE],
    [8, 30_000, 60 * MINUTE],
    [9, 30_000, 60 * MINUTE],
    [1, 100, 100],
    [2, 100, 200],
    [5, 100, 1_600],
    [1, 1, 1],
    [1, MAX_WEBHOOK_RETRY_DELAY_MS, MAX_WEBHOOK_RETRY_DELAY_MS],
    [2, MAX_WEBHOOK_RETRY_DELAY_MS, MAX_WEBHOOK_RETRY_DELAY_MS],
    [1_000, 30_000, MAX_WEBHOOK_RETRY_DELAY_MS],
    [Number.MAX_SAFE_INTEGER, 1, MAX_WEBHOOK_RETRY_DELAY_MS],
  ])('after attempt %p with base %p ms waits %p ms', (attempt, base, expected) => {
    expect(retryDelayMs(attempt, base)).toBe(expected);
  });

  it.each([
    [3, 100, 250, 250],
    [2, 100, 250, 200],
    [1, 100, 100, 100],
  ])(
    'after attempt %p with base %p ms and cap %p ms waits %p ms',
    (attempt, base, cap, expected) => {
      expect(retryDelayMs(attempt, base, cap)).toBe(expected);
    },
  );

  it('is deterministic and never decreases', () => {
    let previous = 0;
    for (let attempt = 1; attempt <= 40; attempt++) {
      const delay = retryDelayMs(attempt, 30_000);
      expect(delay).toBe(retryDelayMs(attempt, 30_000));
      expect(delay).toBeGreaterThanOrEqual(previous);
      expect(delay).toBeLessThanOrEqual(MAX_WEBHOOK_RETRY_DELAY_MS);
      previous = delay;
    }
  });

  it.each([
    [0, 100, undefined],
    [-1, 100, undefined],
    [1.5, 100, undefined],
    [Number.NaN, 100, undefined],
    [1, 0, undefined],
    [1, -5, undefined],
    [1, Number.POSITIVE_INFINITY, undefined],
    [1, Number.NaN, undefined],
    [1, 100, 99],
    [1, 100, Number.NaN],
  ])('refuses attempt %p, base %p, cap %p', (attempt, base, cap) => {
    expect(() => retryDelayMs(attempt, base, cap)).toThrow(RangeError);
  });
});
