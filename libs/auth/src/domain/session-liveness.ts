import { SESSION_END_REASONS, SessionEndReason } from '@app/contracts';

/** What the database knows about a session, for deciding how long its connections may live. */
export interface SessionFacts {
  revokedAt: Date | null;
  /** As stored in `auth_session.revoked_reason`. */
  revokedReason: string | null;
  /** The session's hard end (SESSION_MAX_AGE after sign-in): no refresh extends it. */
  expiresAt: Date;
  userActive: boolean;
  /**
   * When the session's current (unused) refresh token expires: the idle
   * deadline, pushed back by every refresh. Null: no usable refresh token.
   */
  refreshExpiresAt: Date | null;
}

export type SessionLiveness =
  | {
      live: true;
      /** When the session ends unless refreshed before (idle timeout, or its hard end). */
      endsAt: Date;
      /** The hard end, which nothing extends. */
      expiresAt: Date;
    }
  | { live: false; reason: SessionEndReason };

/** The end reason of a revoked session, from what revocation stored. */
export function endReasonOf(revokedReason: string | null): SessionEndReason {
  return (SESSION_END_REASONS as readonly string[]).includes(revokedReason ?? '')
    ? (revokedReason as SessionEndReason)
    : 'revoked';
}

/**
 * Whether a session is live at `now`, and until when: revocation wins, then a
 * disabled account, then time (the earlier of the idle deadline and the hard end).
 */
export function sessionLiveness(facts: SessionFacts, now: Date): SessionLiveness {
  if (facts.revokedAt !== null) return { live: false, reason: endReasonOf(facts.revokedReason) };
  if (!facts.userActive) return { live: false, reason: 'account_disabled' };
  const hardEnd = facts.expiresAt.getTime();
  const endsAt = Math.min(hardEnd, facts.refreshExpiresAt?.getTime() ?? hardEnd);
  if (endsAt <= now.getTime()) return { live: false, reason: 'expired' };
  return { live: true, endsAt: new Date(endsAt), expiresAt: facts.expiresAt };
}
