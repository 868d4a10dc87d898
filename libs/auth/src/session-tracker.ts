import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SessionEndReason } from '@app/contracts';
import { Clock, DomainEventBus } from '@app/core';
import { AuthService } from './auth.service';
import { AuthenticatedUser } from './authenticated-user';
import { sessionEndedOf } from './session-ended';

/** Called once when the connection's session ends; the owner closes the connection. */
export type SessionEndListener = (reason: SessionEndReason) => void;

/** setTimeout's ceiling; a later deadline is re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A failed re-check (database unreachable) is retried after this. */
const RECHECK_RETRY_MS = 5_000;
/** Ended sessions are remembered this long, for connections whose handshake raced the end. */
const REMEMBER_ENDED_MS = 10 * 60_000;

interface WatchedSession {
  /** When the session ends unless refreshed (re-checked in the database then). */
  endsAt: number;
  /** Its hard end: nothing extends it. */
  expiresAt: number;
  timer: NodeJS.Timeout | null;
  listeners: Set<SessionEndListener>;
}

/**
 * Keeps long-lived connections (the meeting room's sockets, shared-note
 * WebSockets) no longer than their session. A session that ends anywhere
 * (sign-out, password change, account disabled, refresh-token reuse) arrives
 * as `auth.session_ended` on the domain event bus, after commit and on every
 * instance; a session that ends by time (idle timeout, maximum age) is caught
 * by one timer per session at its deadline, which re-reads the session (a
 * refresh pushes the idle deadline back). `isLive` is the cheap check a
 * gateway makes before any state-changing message, with no database access.
 */
@Injectable()
export class SessionTracker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('sessions');
  private readonly watched = new Map<string, WatchedSession>();
  /** Recently ended sessions → why, in the order they ended. */
  private readonly ended = new Map<string, { reason: SessionEndReason; at: number }>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly events: DomainEventBus,
    private readonly auth: AuthService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.subscribeCommitted((event) => {
      const ended = sessionEndedOf(event);
      if (ended) this.end(ended.sessionId, ended.reason);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const session of this.watched.values()) if (session.timer) clearTimeout(session.timer);
    this.watched.clear();
  }

  /**
   * Ties a connection to its session (the user from `authenticateConnection`):
   * `onEnded` runs once when the session ends, at once if it already has.
   * Returns the function that unties it (call it when the connection closes).
   */
  watch(user: AuthenticatedUser, onEnded: SessionEndListener): () => void {
    const sessionId = user.sessionId;
    const already = this.endedReason(sessionId, user);
    if (already) {
      onEnded(already);
      return () => undefined;
    }
    let session = this.watched.get(sessionId);
    if (!session) {
      session = {
        endsAt: user.session?.endsAt.getTime() ?? Number.POSITIVE_INFINITY,
        expiresAt: user.session?.expiresAt.getTime() ?? Number.POSITIVE_INFINITY,
        timer: null,
        listeners: new Set(),
      };
      this.watched.set(sessionId, session);
      this.arm(sessionId, session);
    } else if (user.session && user.session.endsAt.getTime() > session.endsAt) {
      // A connection authenticated after a refresh knows a later deadline.
      session.endsAt = user.session.endsAt.getTime();
      this.arm(sessionId, session);
    }
    const listener: SessionEndListener = (reason) => onEnded(reason);
    session.listeners.add(listener);
    return () => {
      const current = this.watched.get(sessionId);
      if (!current?.listeners.delete(listener) || current.listeners.size > 0) return;
      if (current.timer) clearTimeout(current.timer);
      this.watched.delete(sessionId);
    };
  }

  /** False once the user's session has ended (as far as this instance has heard), or passed its hard end. */
  isLive(user: AuthenticatedUser): boolean {
    return this.endedReason(user.sessionId, user) === null;
  }

  /** Ends a session here: every connection watching it is told, once. */
  private end(sessionId: string, reason: SessionEndReason): void {
    const now = this.clock.now().getTime();
    if (!this.ended.has(sessionId)) this.ended.set(sessionId, { reason, at: now });
    for (const [id, entry] of this.ended) {
      if (now - entry.at <= REMEMBER_ENDED_MS) break;
      this.ended.delete(id);
    }
    const session = this.watched.get(sessionId);
    if (!session) return;
    this.watched.delete(sessionId);
    if (session.timer) clearTimeout(session.timer);
    for (const listener of session.listeners) {
      try {
        listener(reason);
      } catch (error) {
        this.logger.error(
          { err: error, sessionId },
          'closing a connection of an ended session failed',
        );
      }
    }
  }

  private endedReason(sessionId: string, user: AuthenticatedUser): SessionEndReason | null {
    const ended = this.ended.get(sessionId);
    if (ended) return ended.reason;
    const expiresAt =
      this.watched.get(sessionId)?.expiresAt ?? user.session?.expiresAt.getTime() ?? Infinity;
    return expiresAt <= this.clock.now().getTime() ? 'expired' : null;
  }

  private arm(sessionId: string, session: WatchedSession): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = null;
    if (!Number.isFinite(session.endsAt)) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, session.endsAt - this.clock.now().getTime()));
    session.timer = setTimeout(() => void this.recheck(sessionId, session), delay);
    session.timer.unref();
  }

  /** The deadline came: the session may have been refreshed since; read it again. */
  private async recheck(sessionId: string, session: WatchedSession): Promise<void> {
    session.timer = null;
    if (this.watched.get(sessionId) !== session) return;
    try {
      const liveness = await this.auth.sessionLiveness(sessionId);
      if (this.watched.get(sessionId) !== session) return;
      if (!liveness.live) {
        this.end(sessionId, liveness.reason);
        return;
      }
      session.endsAt = liveness.endsAt.getTime();
      session.expiresAt = liveness.expiresAt.getTime();
      this.arm(sessionId, session);
    } catch (error) {
      if (this.watched.get(sessionId) !== session) return;
      if (session.expiresAt <= this.clock.now().getTime()) {
        this.end(sessionId, 'expired');
        return;
      }
      this.logger.warn({ err: error, sessionId }, 'session re-check failed; retrying');
      session.timer = setTimeout(() => void this.recheck(sessionId, session), RECHECK_RETRY_MS);
      session.timer.unref();
    }
  }
}
