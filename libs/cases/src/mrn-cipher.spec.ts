import { randomBytes } from 'node:crypto';
import { MrnCipher } from './mrn-cipher';

const key = randomBytes(32).toString('base64');

describe('MrnCipher', () => {
  const cipher = new MrnCipher(key);

  it('round-trips and never stores the MRN in clear', () => {
    const stored = cipher.encrypt('MRN-00123456', 'case-1');
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('00123456');
    expect(cipher.decrypt(stored, 'case-1')).toBe('MRN-00123456');
  });

  it('uses a fresh nonce every time', () => {
    expect(cipher.encrypt('X1', 'c')).not.toBe(cipher.encrypt('X1', 'c'));
  });

  it.each([
    ['another case', (s: string) => s, 'case-2'],
    ['a tampered body', (s: string) => s.slice(0, -2) + (s.endsWith('A=') ? 'B=' : 'A='), 'case-1'],
    [
      'a tampered tag',
      (s: string) =>
        s
          .split(':')
          .map((p, i) => (i === 2 ? Buffer.alloc(16).toString('base64') : p))
          .join(':'),
      'case-1',
    ],
    ['an unknown version', (s: string) => s.replace(/^v1/, 'v9'), 'case-1'],
  ])('refuses to decrypt for %s', (_name, alter, caseId) => {
    const stored = alter(cipher.encrypt('MRN-77', 'case-1'));
    expect(() => cipher.decrypt(stored, caseId)).toThrow();
  });

  it('refuses a key of the wrong size, and another key cannot decrypt', () => {
    expect(() => new MrnCipher(randomBytes(16).toString('base64'))).toThrow('32 bytes');
    const other = new MrnCipher(randomBytes(32).toString('base64'));
    expect(() => other.decrypt(cipher.encrypt('MRN-1', 'c'), 'c')).toThrow();
  });
});
