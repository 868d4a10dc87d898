import type { StepUpRefusal } from '@app/contracts';

/** Longest time since the person signed in at the provider that still counts as "just now". */
export const STEP_UP_MAX_AGE_SECONDS = 5 * 60;
/** How far ahead of this server's clock the provider's may be. */
const CLOCK_TOLERANCE_SECONDS = 30;
/** How long a confirmation waits for the act it was made for. */
export const STEP_UP_GRANT_TTL_MS = 5 * 60_000;

export interface StepUpFacts {
  /** The account signed in here, whose session asked for the confirmation. */
  sessionUserId: string;
  /** The account the provider's subject is linked to; null when it is linked to none. */
  linkedUserId: string | null;
  /** The ID token's `auth_time`, as it came. */
  authTime: unknown;
  now: Date;
}

export type StepUpJudgement =
  | { kind: 'grant'; authenticatedAt: Date }
  | {
      kind: 'refuse';
      reason: Extract<
        StepUpRefusal,
        'different_person' | 'authentication_time_missing' | 'authentication_not_recent'
      >;
    };

/**
 * Whether the provider's answer confirms the person signed in here, just now: its subject must
 * be linked to this session's account, and its `auth_time` no older than five minutes (nor
 * further ahead than the clocks may differ).
 */
export function judgeStepUp(facts: StepUpFacts): StepUpJudgement {
  if (facts.linkedUserId !== facts.sessionUserId)
    return { kind: 'refuse', reason: 'different_person' };
  const { authTime } = facts;
  if (typeof authTime !== 'number' || !Number.isFinite(authTime))
    return { kind: 'refuse', reason: 'authentication_time_missing' };
  const ageSeconds = facts.now.getTime() / 1000 - authTime;
  if (ageSeconds > STEP_UP_MAX_AGE_SECONDS || ageSeconds < -CLOCK_TOLERANCE_SECONDS)
    return { kind: 'refuse', reason: 'authentication_not_recent' };
  return { kind: 'grant', authenticatedAt: new Date(authTime * 1000) };
}

/** A kept confirmation, as far as taking it goes. */
export interface StepUpGrantState {
  expiresAt: Date;
  usedAt: Date | null;
}

/** Whether a confirmation may be taken now: once, before it expires. */
export function takeStepUpGrant(
  grant: StepUpGrantState | null,
  now: Date,
): 'taken' | 'none' | 'expired' | 'used' {
  if (grant === null) return 'none';
  if (grant.usedAt !== null) return 'used';
  if (grant.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'taken';
}

/**
 * The page the confirmation started from, told how it went (`stepUp=granted` or the refusal),
 * keeping its own query and fragment.
 */
export function stepUpReturnPath(returnTo: string, outcome: 'granted' | StepUpRefusal): string {
  const url = new URL(returnTo, 'http://return.invalid');
  url.searchParams.set('stepUp', outcome);
  return `${url.pathname}${url.search}${url.hash}`;
}
