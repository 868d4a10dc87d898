import { createHmac } from 'node:crypto';
import { parseWebhookSignatureHeader, signPayload, verifySignature } from './signature';

const SECRET = 'whsec-test-7f3a1c9e5b2d4f6a8c0e';
const BODY = '{"id":"d1","event":"recommendation.published","data":{"x":1}}';
const T = 1_790_000_000;

const hex = (secret: string, signed: string) =>
  createHmac('sha256', secret).update(signed).digest('hex');

describe('signPayload', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in the t=…,v1=… format', () => {
    expect(signPayload(SECRET, T, BODY)).toBe(`t=${T},v1=${hex(SECRET, `${T}.${BODY}`)}`);
  });

  it.each([
    ['another secret', 'other-secret', T, BODY],
    ['another timestamp', SECRET, T + 1, BODY],
    ['another body', SECRET, T, `${BODY} `],
  ])('changes with %s', (_name, secret, t, body) => {
    expect(signPayload(secret, t, body).split(',v1=')[1]).not.toBe(
      signPayload(SECRET, T, BODY).split(',v1=')[1],
    );
  });

  it.each([[-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    'refuses the timestamp %p',
    (t) => {
      expect(() => signPayload(SECRET, t, BODY)).toThrow(RangeError);
    },
  );
});

describe('verifySignature', () => {
  const header = signPayload(SECRET, T, BODY);
  const at = { nowSeconds: T };

  it.each<
    [string, string, string, string, { nowSeconds: number; toleranceSeconds?: number }, boolean]
  >([
    ['the genuine signature', SECRET, header, BODY, at, true],
    ['a tampered body', SECRET, header, BODY.replace('"x":1', '"x":2'), at, false],
    ['a body with trailing whitespace', SECRET, header, `${BODY}\n`, at, false],
    ['the wrong secret', 'not-the-secret', header, BODY, at, false],
    [
      'a replayed header with a moved timestamp',
      SECRET,
      header.replace(`t=${T}`, `t=${T + 10}`),
      BODY,
      at,
      false,
    ],
    ['a signature within tolerance (old)', SECRET, header, BODY, { nowSeconds: T + 300 }, true],
    [
      'a signature within tolerance (clock skew)',
      SECRET,
      header,
      BODY,
      { nowSeconds: T - 300 },
      true,
    ],
    ['a signature too old', SECRET, header, BODY, { nowSeconds: T + 301 }, false],
    ['a signature from the future', SECRET, header, BODY, { nowSeconds: T - 301 }, false],
    [
      'a custom tolerance',
      SECRET,
      header,
      BODY,
      { nowSeconds: T + 3600, toleranceSeconds: 3600 },
      true,
    ],
    [
      'no tolerance check',
      SECRET,
      header,
      BODY,
      { nowSeconds: T * 2, toleranceSeconds: Infinity },
      true,
    ],
    [
      'upper-case hex',
      SECRET,
      header.replace(/v1=(.*)$/, (_m, h: string) => `v1=${h.toUpperCase()}`),
      BODY,
      at,
      true,
    ],
    [
      'a rotated secret among several v1 entries',
      SECRET,
      `${signPayload('old-secret', T, BODY)},${header.split(',')[1]}`,
      BODY,
      at,
      true,
    ],
    ['an unknown scheme next to v1', SECRET, `${header},v0=abc`, BODY, at, true],
    ['only an unknown scheme', SECRET, `t=${T},v0=${hex(SECRET, `${T}.${BODY}`)}`, BODY, at, false],
    ['a truncated signature', SECRET, header.slice(0, -2), BODY, at, false],
    ['an empty header', SECRET, '', BODY, at, false],
    ['no timestamp', SECRET, header.split(',')[1], BODY, at, false],
    ['two timestamps', SECRET, `t=${T},${header}`, BODY, at, false],
    ['a non-numeric timestamp', SECRET, header.replace(`t=${T}`, 't=soon'), BODY, at, false],
    ['garbage', SECRET, 'not a signature', BODY, at, false],
  ])('%s → %p', (_name, secret, value, body, options, expected) => {
    expect(verifySignature(secret, value, body, options)).toBe(expected);
  });

  it("checks against the receiver's now, whatever the real time", () => {
    const now = Math.floor(Date.parse('2031-03-03T09:00:00Z') / 1000);
    const fresh = signPayload(SECRET, now, BODY);
    const anHourOld = signPayload(SECRET, now - 3600, BODY);
    expect(verifySignature(SECRET, fresh, BODY, { nowSeconds: now })).toBe(true);
    expect(verifySignature(SECRET, anHourOld, BODY, { nowSeconds: now })).toBe(false);
  });
});

describe('parseWebhookSignatureHeader', () => {
  it('reads the timestamp and every v1 signature', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    expect(parseWebhookSignatureHeader(`t=12, v1=${a},v1=${b}`)).toEqual({
      timestamp: 12,
      signatures: [a, b.toLowerCase()],
    });
  });

  it.each([
    [''],
    ['t=12'],
    ['v1=' + 'a'.repeat(64)],
    ['t=12,v1=zz'],
    ['t=,v1=' + 'a'.repeat(64)],
    ['=1'],
  ])('refuses %p', (value) => {
    expect(parseWebhookSignatureHeader(value)).toBeNull();
  });
});
