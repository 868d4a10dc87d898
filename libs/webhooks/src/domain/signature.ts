import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stripe-style webhook signatures. The header value is
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the
 * timestamp is signed with the body, so a receiver that checks it against its
 * own clock rejects a captured request replayed later. The key is the
 * endpoint's secret exactly as shown at registration (its UTF-8 bytes), the
 * body the raw request body as sent, before any JSON parsing.
 */
export const WEBHOOK_SIGNATURE_SCHEME = 'v1';

/** Receivers should refuse signatures older (or newer) than this by default: 5 minutes. */
export const DEFAULT_WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError(`timestamp must be whole unix seconds (got ${timestampSeconds})`);
  }
  return `t=${timestampSeconds},${WEBHOOK_SIGNATURE_SCHEME}=${hmac(secret, timestampSeconds, body)}`;
}

export interface WebhookSignatureVerifyOptions {
  /** The receiver's now, unix seconds, from its clock. */
  nowSeconds: number;
  /** Maximum age (either direction) of the signed timestamp; `Infinity` disables the check. */
  toleranceSeconds?: number;
}

/**
 * Whether `header` is a valid signature of `body` under `secret`, made within
 * the tolerance window around the receiver's `nowSeconds`. Accepts several `v1=` entries (any one may match),
 * ignores unknown schemes, and compares in constant time.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  options: WebhookSignatureVerifyOptions,
): boolean {
  const parsed = parseWebhookSignatureHeader(header);
  if (parsed === null) return false;
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(options.nowSeconds - parsed.timestamp) > tolerance) return false;
  const expected = Buffer.from(hmac(secret, parsed.timestamp, body), 'hex');
  return parsed.signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The timestamp and `v1` signatures of a header, or null when it is malformed. */
export function parseWebhookSignatureHeader(
  header: string,
): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator <= 0) return null;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,15}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === WEBHOOK_SIGNATURE_SCHEME) {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      signatures.push(value.toLowerCase());
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

function hmac(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}
