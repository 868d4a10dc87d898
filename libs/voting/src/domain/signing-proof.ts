import type { ErrorDetail } from '@app/core';

/**
 * How the chair proves it is them, just before signing: the password they sign in with, or a
 * confirmation at their identity provider made for this recommendation.
 */
export type SigningProof = { kind: 'password'; password: string } | { kind: 'provider' };

/** The proof a sign request gives: exactly one of `password` and `reauthentication`. */
export function signingProofOf(body: {
  password?: string;
  reauthentication?: 'provider';
}): { ok: true; proof: SigningProof } | { ok: false; problems: ErrorDetail[] } {
  const { password, reauthentication } = body;
  if (password !== undefined && reauthentication !== undefined)
    return {
      ok: false,
      problems: [
        {
          field: 'reauthentication',
          message: 'give either your password or reauthentication "provider", not both',
        },
      ],
    };
  if (password !== undefined) return { ok: true, proof: { kind: 'password', password } };
  if (reauthentication === 'provider') return { ok: true, proof: { kind: 'provider' } };
  return {
    ok: false,
    problems: [
      {
        field: 'password',
        message:
          'enter your password, or confirm with your identity provider (reauthentication "provider")',
      },
    ],
  };
}

/** Why a confirmation at the identity provider could not be taken for a signature. */
export type MissingConfirmation = 'none' | 'expired' | 'used';

/** What the chair is told when the confirmation is missing (code `reauthentication_required`). */
export function missingConfirmationMessage(missing: MissingConfirmation): string {
  switch (missing) {
    case 'none':
      return 'confirm with your identity provider before signing this recommendation';
    case 'expired':
      return 'your confirmation with your identity provider has expired: confirm again to sign';
    case 'used':
      return 'your confirmation with your identity provider has already been used: confirm again to sign';
  }
}
