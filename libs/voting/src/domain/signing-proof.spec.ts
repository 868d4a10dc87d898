import { missingConfirmationMessage, signingProofOf } from './signing-proof';

describe('signingProofOf', () => {
  it.each([
    [{ password: 'secret' }, { kind: 'password', password: 'secret' }],
    [{ reauthentication: 'provider' as const }, { kind: 'provider' }],
  ])('takes exactly one proof: %j', (body, proof) => {
    expect(signingProofOf(body)).toEqual({ ok: true, proof });
  });

  it('refuses both proofs at once, on reauthentication', () => {
    const result = signingProofOf({ password: 'secret', reauthentication: 'provider' });
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'reauthentication' })],
    });
  });

  it('refuses no proof, asking for the password', () => {
    expect(signingProofOf({})).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'password' })],
    });
  });
});

describe('missingConfirmationMessage', () => {
  it.each([
    ['none', /confirm with your identity provider before signing/],
    ['expired', /has expired/],
    ['used', /already been used/],
  ] as const)('says what to do when the confirmation is %s', (missing, words) => {
    expect(missingConfirmationMessage(missing)).toMatch(words);
  });
});
