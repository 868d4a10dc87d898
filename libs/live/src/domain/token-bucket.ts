/**
 * A per-socket rate limit: `capacity` events at once, refilled at
 * `ratePerSecond`. Time is passed in, so the rule is deterministic.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly ratePerSecond: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = nowMs;
  }

  take(nowMs: number): boolean {
    const elapsed = Math.max(0, nowMs - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerSecond);
    this.updatedAt = Math.max(this.updatedAt, nowMs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Coalesces a stream of states to at most one per `intervalMs`, latest
 * state wins: the first state goes out at once, later ones within the
 * interval replace each other and the last is sent when the interval ends.
 * `now` is the time in milliseconds the intervals are measured on.
 */
export class LatestWins<T> {
  private pending: T | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (value: T) => void,
    private readonly now: () => number,
  ) {}

  push(value: T): void {
    const wait = this.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0 && !this.timer) {
      this.lastSentAt = this.now();
      this.send(value);
      return;
    }
    this.pending = value;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, wait));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private flush(): void {
    this.timer = null;
    if (this.pending === null) return;
    const value = this.pending;
    this.pending = null;
    this.lastSentAt = this.now();
    this.send(value);
  }
}
