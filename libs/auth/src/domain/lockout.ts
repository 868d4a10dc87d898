export interface LockoutPolicy {
  /** Consecutive failed logins that lock the account. */
  maxFailures: number;
  lockoutMs: number;
}

export interface LoginFailureState {
  failedCount: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginFailureState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * One more failed attempt. Reaching the limit locks the account for the
 * lockout period and resets the counter, so the next failure after the lock
 * expires starts a new count; failures while locked do not extend the lock
 * (an attacker cannot keep a clinician locked out forever by hammering).
 */
export function registerFailure(
  state: LoginFailureState,
  now: Date,
  policy: LockoutPolicy,
): LoginFailureState & { lockedNow: boolean } {
  if (isLocked(state, now)) return { ...state, lockedNow: false };
  const failedCount = state.failedCount + 1;
  if (failedCount >= policy.maxFailures) {
    return {
      failedCount: 0,
      lockedUntil: new Date(now.getTime() + policy.lockoutMs),
      lockedNow: true,
    };
  }
  return { failedCount, lockedUntil: null, lockedNow: false };
}

export function registerSuccess(): LoginFailureState {
  return { failedCount: 0, lockedUntil: null };
}
