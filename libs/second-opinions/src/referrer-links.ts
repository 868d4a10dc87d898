import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@app/core';

/** A referrer's link that has expired, been used up or stopped: gone for good (410). */
export class LinkGone extends DomainError {
  readonly status = 410;
  readonly code = 'link_gone';
}

/** The stored form of a link token: only its hash is kept, so the database never holds a usable link. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh unguessable token (256 bits) for a link sent to the referrer, who has no account. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}
