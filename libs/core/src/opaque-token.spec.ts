import { createHash, randomBytes } from 'node:crypto';
import { composeToken, newHashedSecret, parseToken, secretMatches, sha256 } from './opaque-token';

describe('opaque tokens', () => {
  it('store the SHA-256 of the secret in hex', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('give a 256-bit URL-safe secret and its stored hash', () => {
    const { secret, secretHash } = newHashedSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(secretHash).toBe(sha256(secret));
    expect(newHashedSecret().secret).not.toBe(secret);
  });

  it('still find a link handed out before the schemes were one: 32 random bytes, hashed whole', () => {
    // How referrer links were made then: the token is the secret alone, its hash is stored.
    const token = randomBytes(32).toString('base64url');
    const stored = createHash('sha256').update(token).digest('hex');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sha256(token)).toBe(stored);
  });

  it('compose `<id>.<secret>` tokens that parse back and match only their own hash', () => {
    const id = '0b6c6f0e-3c1a-4f55-9d5e-2f1d7c9a8b10';
    const { token, secretHash } = composeToken(id);
    const parsed = parseToken(token);
    expect(parsed?.id).toBe(id);
    expect(secretMatches(parsed!.secret, secretHash)).toBe(true);
    expect(secretMatches(newHashedSecret().secret, secretHash)).toBe(false);
    expect(parseToken(`not-an-id.${parsed!.secret}`)).toBeNull();
    expect(parseToken(`${id}.short`)).toBeNull();
  });
});
