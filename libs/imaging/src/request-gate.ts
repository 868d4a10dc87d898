import { TooManyImagingRequests } from './domain';

export interface RequestGateLimits {
  /** Requests relayed at once, overall. */
  total: number;
  /** Requests relayed at once for one user. */
  perUser: number;
  /** Requests one user may have waiting; past that: 429. */
  maxWaitingPerUser: number;
  /** Longest wait for a turn; past that: 429. */
  maxWaitMs: number;
}

interface Waiter {
  userId: string;
  admit: () => void;
}

/** Called once the relayed request is over (finished, failed or abandoned). */
export type Release = () => void;

/**
 * Bounds the requests relayed to the PACS: at most `total` at once, `perUser` for one user; the
 * others wait their turn in arrival order, for a bounded time, and a client that goes away leaves
 * the queue.
 */
export class RequestGate {
  private active = 0;
  private readonly activeByUser = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: RequestGateLimits) {}

  acquire(userId: string, signal: AbortSignal): Promise<Release> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.mayStart(userId)) return Promise.resolve(this.start(userId));
    if (
      this.waiting.filter((waiter) => waiter.userId === userId).length >=
      this.limits.maxWaitingPerUser
    )
      return Promise.reject(
        new TooManyImagingRequests('too many imaging requests at once; try again shortly'),
      );
    return new Promise<Release>((resolve, reject) => {
      const leave = (error: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(error);
      };
      const onAbort = () => leave(signal.reason);
      const timer = setTimeout(
        () =>
          leave(
            new TooManyImagingRequests(
              'the imaging proxy is busy; the request waited too long for its turn',
            ),
          ),
        this.limits.maxWaitMs,
      );
      const waiter: Waiter = {
        userId,
        admit: () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(this.start(userId));
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Requests relayed now, overall and for one user. */
  inFlight(userId?: string): number {
    return userId === undefined ? this.active : (this.activeByUser.get(userId) ?? 0);
  }

  private mayStart(userId: string): boolean {
    return this.active < this.limits.total && this.inFlight(userId) < this.limits.perUser;
  }

  private start(userId: string): Release {
    this.active += 1;
    this.activeByUser.set(userId, this.inFlight(userId) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      const left = this.inFlight(userId) - 1;
      if (left === 0) this.activeByUser.delete(userId);
      else this.activeByUser.set(userId, left);
      this.admitNext();
    };
  }

  private admitNext(): void {
    for (let index = 0; index < this.waiting.length && this.active < this.limits.total;) {
      const waiter = this.waiting[index];
      if (this.mayStart(waiter.userId)) {
        this.waiting.splice(index, 1);
        waiter.admit();
      } else {
        index += 1;
      }
    }
  }
}
