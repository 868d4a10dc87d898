import { LockoutPolicy, isLocked, registerFailure, registerSuccess } from './lockout';

const policy: LockoutPolicy = { maxFailures: 5, lockoutMs: 15 * 60_000 };
const t0 = new Date('2026-11-22T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('lockout', () => {
  it('counts failures up to the limit, then locks for the lockout period', () => {
    let state = registerSuccess();
    for (let i = 1; i < policy.maxFailures; i++) {
      const next = registerFailure(state, t0, policy);
      expect(next).toEqual({ failedCount: i, lockedUntil: null, lockedNow: false });
      state = next;
    }
    const locked = registerFailure(state, t0, policy);
    expect(locked.lockedNow).toBe(true);
    expect(locked.lockedUntil).toEqual(at(policy.lockoutMs));
    expect(locked.failedCount).toBe(0);
    expect(isLocked(locked, t0)).toBe(true);
    expect(isLocked(locked, at(policy.lockoutMs - 1))).toBe(true);
    expect(isLocked(locked, at(policy.lockoutMs))).toBe(false);
  });

  it('does not extend the lock for failures while locked', () => {
    const locked = { failedCount: 0, lockedUntil: at(60_000) };
    expect(registerFailure(locked, at(30_000), policy)).toEqual({ ...locked, lockedNow: false });
  });

  it('starts a fresh count once the lock has expired', () => {
    const expired = { failedCount: 0, lockedUntil: t0 };
    expect(registerFailure(expired, at(1), policy)).toEqual({
      failedCount: 1,
      lockedUntil: null,
      lockedNow: false,
    });
  });

  it('resets on success', () => {
    expect(registerSuccess()).toEqual({ failedCount: 0, lockedUntil: null });
  });

  it.each([
    [{ failedCount: 0, lockedUntil: null }, false],
    [{ failedCount: 4, lockedUntil: null }, false],
    [{ failedCount: 0, lockedUntil: at(-1) }, false],
    [{ failedCount: 0, lockedUntil: at(1) }, true],
  ])('isLocked(%j) is %s', (state, expected) => {
    expect(isLocked(state, t0)).toBe(expected);
  });
});
