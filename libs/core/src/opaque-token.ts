import { createHash, timingSafeEqual } from 'node:crypto';
import { isUuid, newSecret } from './ids';

/**
 * Opaque tokens handed to clients carry a 256-bit random secret (43 URL-safe characters), and
 * only a SHA-256 of the secret (hex) is stored, so the database never holds a usable token. A
 * token that names its row reads `<uuid>.<secret>`: the id finds the row and the hashes are
 * compared in constant time (sessions, invitations, calendar feeds). A link for someone without
 * an account (a referrer's upload or opinion link) is the secret alone, found by its hash.
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A fresh secret and the hash stored for it. */
export function newHashedSecret(): { secret: string; secretHash: string } {
  const secret = newSecret(32);
  return { secret, secretHash: sha256(secret) };
}

export function composeToken(id: string): { token: string; secretHash: string } {
  const { secret, secretHash } = newHashedSecret();
  return { token: `${id}.${secret}`, secretHash };
}

export function parseToken(token: string): { id: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!isUuid(id) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  return { id, secret };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(sha256(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
