import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PlatformRole } from '@app/contracts';
import { DomainEventBus } from '@app/core';
import { sessionEndedOf } from './session-ended';

/** What a session check found, kept for the routes that accept a recent one. */
export interface CheckedSession {
  userId: string;
  role: PlatformRole;
  /** When the check was made (ms since the epoch). */
  checkedAt: number;
  /** The session's deadline as the check read it: past it, the check counts for nothing. */
  endsAt: number;
}

/** Sessions remembered at most (checks, and ended sessions); the oldest is forgotten first. */
const CAPACITY = 10_000;

/**
 * Session checks made in PostgreSQL, remembered briefly for routes a viewer calls many times a
 * second (a study's frames). A session that ends (sign-out, password change, account disabled,
 * refresh-token reuse) is forgotten when its end arrives on the domain event bus: after commit on
 * this instance, on the others as the bus relays it. A check never outlives the session's
 * deadline as read, so a session that ends by time is refused on the dot.
 */
@Injectable()
export class RecentSessions implements OnModuleInit, OnModuleDestroy {
  private readonly checks = new Map<string, CheckedSession>();
  /**
   * Sessions whose end has arrived: a check read in PostgreSQL just before the end committed, and
   * remembered just after its event, would otherwise outlive it.
   */
  private readonly ended = new Set<string>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly events: DomainEventBus) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.subscribeCommitted((event) => {
      const ended = sessionEndedOf(event);
      if (!ended) return;
      this.checks.delete(ended.sessionId);
      bounded(this.ended.add(ended.sessionId));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.checks.clear();
    this.ended.clear();
  }

  /** The session's check if it was made within `maxAgeMs` of `now`, for this user, before its deadline. */
  recent(sessionId: string, userId: string, now: number, maxAgeMs: number): CheckedSession | null {
    const check = this.checks.get(sessionId);
    if (!check) return null;
    if (check.userId !== userId || now - check.checkedAt > maxAgeMs || now >= check.endsAt) {
      this.checks.delete(sessionId);
      return null;
    }
    return check;
  }

  remember(sessionId: string, check: CheckedSession): void {
    if (this.ended.has(sessionId)) return;
    this.checks.delete(sessionId);
    bounded(this.checks.set(sessionId, check));
  }
}

/** Drops the oldest entry of a set or map grown past CAPACITY. */
function bounded(entries: Set<string> | Map<string, unknown>): void {
  if (entries.size <= CAPACITY) return;
  const oldest = entries.keys().next().value;
  if (oldest !== undefined) entries.delete(oldest);
}
