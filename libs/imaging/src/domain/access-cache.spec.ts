import {
  AccessCachePolicy,
  accessCacheKey,
  keptUntil,
  overflow,
  stillStands,
} from './access-cache';

const policy: AccessCachePolicy = { grantTtlMs: 30_000, refusalTtlMs: 5_000, maxEntries: 3 };

describe('the study access cache policy', () => {
  it('keys a decision by session, case and study', () => {
    expect(accessCacheKey('s', 'c', '1.2')).toBe('s|c|1.2');
    expect(accessCacheKey('s', 'c', '1.2')).not.toBe(accessCacheKey('t', 'c', '1.2'));
    expect(accessCacheKey('s', 'c', '1.2')).not.toBe(accessCacheKey('s', 'd', '1.2'));
  });

  it.each([
    ['granted', 1_000, 31_000],
    ['refused', 1_000, 6_000],
    ['failed', 1_000, null],
  ] as const)('keeps a decision that was %s at %d until %j', (outcome, at, until) => {
    expect(keptUntil(outcome, at, policy)).toBe(until);
  });

  it.each([
    ['pending', 99_999, true],
    [31_000, 30_999, true],
    [31_000, 31_000, false],
    [31_000, 40_000, false],
  ] as const)('a decision kept until %j stands at %d: %s', (until, now, stands) => {
    expect(stillStands(until, now)).toBe(stands);
  });

  it.each([
    [0, 0],
    [2, 0],
    [3, 1],
    [5, 3],
  ])('a cache of %d forgets %d before adding one', (size, forgotten) => {
    expect(overflow(size, policy)).toBe(forgotten);
  });
});
