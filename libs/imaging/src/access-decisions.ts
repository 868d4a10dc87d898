import {
  ACCESS_CACHE_POLICY,
  AccessCachePolicy,
  AccessOutcome,
  keptUntil,
  overflow,
  stillStands,
} from './domain';

interface Entry<T> {
  decision: Promise<T>;
  keptUntil: number | 'pending';
}

/**
 * Decisions kept in memory on this instance for a short while (see `AccessCachePolicy`): while one
 * is being made, every request asking the same question waits on it, so the 64 frame requests of
 * a study opening make one decision. A refusal is a `DomainError` with status 403 or 404.
 */
export class AccessDecisions<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly now: () => number,
    private readonly policy: AccessCachePolicy = ACCESS_CACHE_POLICY,
  ) {}

  decide(key: string, make: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept && stillStands(kept.keptUntil, this.now())) return kept.decision;
    this.entries.delete(key);
    for (const oldest of [...this.entries.keys()].slice(
      0,
      overflow(this.entries.size, this.policy),
    ))
      this.entries.delete(oldest);
    const entry: Entry<T> = { decision: make(), keptUntil: 'pending' };
    this.entries.set(key, entry);
    const settle = (outcome: AccessOutcome) => {
      const until = keptUntil(outcome, this.now(), this.policy);
      if (this.entries.get(key) !== entry) return;
      if (until === null) this.entries.delete(key);
      else entry.keptUntil = until;
    };
    entry.decision.then(
      () => settle('granted'),
      (error: unknown) => settle(isRefusal(error) ? 'refused' : 'failed'),
    );
    return entry.decision;
  }

  /** Decisions currently kept (for tests and the health of the cache). */
  get size(): number {
    return this.entries.size;
  }
}

function isRefusal(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 403 || status === 404;
}
