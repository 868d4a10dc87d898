import { createHmac } from 'node:crypto';

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * Time-limited TURN credentials (the "TURN REST API" shared-secret scheme
 * coturn implements with `use-auth-secret`): the username is the expiry time
 * in Unix seconds and the user id, the credential is the base64 HMAC-SHA1 of
 * the username with the shared secret. The TURN server checks both without
 * any call back to us, and the credential is useless after it expires.
 */
export function turnCredentials(
  secret: string,
  userId: string,
  now: Date,
  ttlSeconds: number,
): { username: string; credential: string; expiresAt: Date } {
  const expiresAt = new Date(Math.floor(now.getTime() / 1000 + ttlSeconds) * 1000);
  const username = `${expiresAt.getTime() / 1000}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}

/** STUN servers as configured, plus the TURN servers with credentials for this user. */
export function iceServersFor(
  config: {
    stunUrls: string[];
    turnUrls: string[];
    turnSecret: string | null;
    turnTtlSeconds: number;
  },
  userId: string,
  now: Date,
): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  if (config.turnUrls.length > 0 && config.turnSecret) {
    const { username, credential } = turnCredentials(
      config.turnSecret,
      userId,
      now,
      config.turnTtlSeconds,
    );
    servers.push({ urls: config.turnUrls, username, credential });
  }
  return servers;
}
