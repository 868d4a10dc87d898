import { createHash, timingSafeEqual } from 'node:crypto';
import { isUuid, newSecret } from './ids';

/**
 * Opaque tokens handed to clients look like `<uuid>.<secret>`: the id finds
 * the row, and only a SHA-256 of the secret is stored, compared in constant time.
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function composeToken(id: string): { token: string; secretHash: string } {
  const secret = newSecret(32);
  return { token: `${id}.${secret}`, secretHash: sha256(secret) };
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
