export interface PresentedRefreshToken {
  expiresAt: Date;
  usedAt: Date | null;
}

export interface RefreshSession {
  expiresAt: Date;
  revokedAt: Date | null;
  userActive: boolean;
}

/**
 * What to do with a presented refresh token:
 * - `rotate`: valid, issue a new pair and mark this one used;
 * - `reuse`: it was already rotated, so a copy is in someone else's hands:
 *   revoke the whole session (token family);
 * - `reject`: expired, or the session is over; nothing to revoke.
 * Reuse wins over expiry: a stolen, rotated token still burns the family.
 */
export type RefreshDecision = 'rotate' | 'reuse' | 'reject';

export function decideRefresh(
  token: PresentedRefreshToken,
  session: RefreshSession,
  now: Date,
): RefreshDecision {
  if (session.revokedAt !== null) return 'reject';
  if (token.usedAt !== null) return 'reuse';
  if (!session.userActive) return 'reject';
  if (token.expiresAt.getTime() <= now.getTime()) return 'reject';
  if (session.expiresAt.getTime() <= now.getTime()) return 'reject';
  return 'rotate';
}
