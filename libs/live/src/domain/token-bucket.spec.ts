import { LatestWins, TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst up to capacity, then refills at the rate', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.take(400)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(500)).toBe(false);
    expect([
      bucket.take(10_000),
      bucket.take(10_000),
      bucket.take(10_000),
      bucket.take(10_000),
    ]).toEqual([true, true, true, false]);
  });

  it.each([
    ['a clock going backwards', [0, -1000, -1000], [true, true, false]],
    ['a steady stream at the rate', [0, 500, 1000, 1500, 2000], [true, true, true, true, true]],
  ])('handles %s', (_name, times, expected) => {
    const bucket = new TokenBucket(2, 2, 0);
    expect((times as number[]).map((t) => bucket.take(t))).toEqual(expected);
  });
});

describe('LatestWins', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('sends the first state at once and then at most one per interval, the latest', () => {
    const sent: number[] = [];
    const stream = new LatestWins<number>(33, (value) => sent.push(value), Date.now);
    stream.push(1);
    stream.push(2);
    stream.push(3);
    expect(sent).toEqual([1]);
    jest.advanceTimersByTime(33);
    expect(sent).toEqual([1, 3]);
    for (let i = 4; i < 100; i++) {
      stream.push(i);
      jest.advanceTimersByTime(5);
    }
    jest.advanceTimersByTime(100);
    expect(sent[sent.length - 1]).toBe(99);
    expect(sent.length).toBeLessThanOrEqual(2 + Math.ceil((96 * 5) / 33) + 1);
    stream.stop();
  });

  it('drops what is pending when stopped', () => {
    const sent: number[] = [];
    const stream = new LatestWins<number>(50, (value) => sent.push(value), Date.now);
    stream.push(1);
    stream.push(2);
    stream.stop();
    jest.advanceTimersByTime(100);
    expect(sent).toEqual([1]);
  });
});
