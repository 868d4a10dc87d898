import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '@app/auth';

/**
 * Whether a scrape's Authorization header carries the metrics token. Compared in constant time
 * (over digests, so neither the token's length nor its prefix leaks); no token configured lets
 * every scrape through, which the configuration allows only on the metrics port.
 */
export function scrapeAuthorised(authorization: string | undefined, token: string | null): boolean {
  if (token === null) return true;
  const presented = bearerToken(authorization);
  if (presented === null) return false;
  return timingSafeEqual(digest(presented), digest(token));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
