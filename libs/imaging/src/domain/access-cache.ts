/**
 * How long a decision "may this session open this case's study" is kept in memory: frames come
 * dozens at a time, and each one must not cost a database round trip. A grant is kept a little
 * longer than a refusal; a failure (the database did not answer) is not kept at all. A member
 * removed from a board keeps reading an open study for at most `grantTtlMs`.
 */
export interface AccessCachePolicy {
  grantTtlMs: number;
  refusalTtlMs: number;
  /** Past this, the oldest decisions are forgotten first. */
  maxEntries: number;
}

export const ACCESS_CACHE_POLICY: AccessCachePolicy = {
  grantTtlMs: 30_000,
  refusalTtlMs: 5_000,
  maxEntries: 10_000,
};

export type AccessOutcome = 'granted' | 'refused' | 'failed';

/** One decision per session, case and study. */
export function accessCacheKey(sessionId: string, caseId: string, studyUid: string): string {
  return `${sessionId}|${caseId}|${studyUid}`;
}

/** Until when (epoch ms) a decision decided at `decidedAt` stands; null: not kept. */
export function keptUntil(
  outcome: AccessOutcome,
  decidedAt: number,
  policy: AccessCachePolicy,
): number | null {
  switch (outcome) {
    case 'granted':
      return decidedAt + policy.grantTtlMs;
    case 'refused':
      return decidedAt + policy.refusalTtlMs;
    case 'failed':
      return null;
  }
}

/** Whether a kept decision still stands at `now`; a decision still being made always does. */
export function stillStands(keptUntilMs: number | 'pending', now: number): boolean {
  return keptUntilMs === 'pending' || now < keptUntilMs;
}

/** How many of the oldest entries to forget before adding one to a cache of `size`. */
export function overflow(size: number, policy: AccessCachePolicy): number {
  return Math.max(0, size + 1 - policy.maxEntries);
}
