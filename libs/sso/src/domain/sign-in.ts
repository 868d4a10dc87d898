import { SsoRefusal, UserStatus } from '@app/contracts';

/** What a sign-in reads of the identity provider's claims (ID token, then userinfo). */
export interface ProviderIdentity {
  subject: string;
  /** Null when absent or not an email address. */
  email: string | null;
  /** Only an explicit `email_verified: true` counts. */
  emailVerified: boolean;
  displayName: string | null;
  /** Whether the role claim grants admin; null when no role claim is configured. */
  admin: boolean | null;
}

/** Why an identity the provider vouched for has no account to sign in to. */
export type SignInRefusal = Extract<
  SsoRefusal,
  | 'account_disabled'
  | 'account_not_active'
  | 'email_not_verified'
  | 'invitation_expired'
  | 'linked_to_another_identity'
  | 'no_account'
>;

/** An account the sign-in may lead to. */
export interface AccountCandidate {
  userId: string;
  status: UserStatus;
  /** For an invited account: whether its invitation is still pending (not expired). */
  invitationPending: boolean;
}

export type SignInDecision =
  | { kind: 'sign-in'; userId: string }
  | { kind: 'link'; userId: string; activate: boolean }
  | { kind: 'create' }
  | { kind: 'refuse'; reason: SignInRefusal };

export interface SignInFacts {
  /** The account already linked to this provider's subject. */
  linked: AccountCandidate | null;
  /**
   * The account with the identity's verified email (looked up only when it is verified), and
   * whether it is already linked to another subject of the same provider.
   */
  byEmail: (AccountCandidate & { linkedToProvider: boolean }) | null;
  emailVerified: boolean;
  justInTime: boolean;
}

/**
 * Which account a provider's identity signs in to. The subject decides once linked; the first
 * time, only an email the provider says it verified may link it, to an active account or one
 * whose invitation is pending (which it activates); otherwise an account is created only when
 * just-in-time creation is on. A disabled account is refused whichever way it is found.
 */
export function decideSignIn(facts: SignInFacts): SignInDecision {
  const { linked, byEmail } = facts;
  if (linked) {
    if (linked.status === UserStatus.Active) return { kind: 'sign-in', userId: linked.userId };
    return {
      kind: 'refuse',
      reason: linked.status === UserStatus.Disabled ? 'account_disabled' : 'account_not_active',
    };
  }
  if (!facts.emailVerified) return { kind: 'refuse', reason: 'email_not_verified' };
  if (byEmail) {
    if (byEmail.status === UserStatus.Disabled)
      return { kind: 'refuse', reason: 'account_disabled' };
    if (byEmail.linkedToProvider) return { kind: 'refuse', reason: 'linked_to_another_identity' };
    if (byEmail.status === UserStatus.Invited) {
      return byEmail.invitationPending
        ? { kind: 'link', userId: byEmail.userId, activate: true }
        : { kind: 'refuse', reason: 'invitation_expired' };
    }
    return { kind: 'link', userId: byEmail.userId, activate: false };
  }
  return facts.justInTime ? { kind: 'create' } : { kind: 'refuse', reason: 'no_account' };
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

/**
 * The identity in the provider's claims; null when they name no usable subject. The admin flag
 * reads `adminRole.claim`: a list holding the value, or a string equal to it (or listing it,
 * space-separated).
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
  adminRole: { claim: string; value: string } | null,
): ProviderIdentity | null {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) return null;
  const email =
    typeof claims.email === 'string' && claims.email.length <= 254 && EMAIL.test(claims.email)
      ? claims.email
      : null;
  return {
    subject,
    email,
    emailVerified: email !== null && claims.email_verified === true,
    displayName: displayNameOf(claims),
    admin: adminRole === null ? null : holds(claims[adminRole.claim], adminRole.value),
  };
}

function displayNameOf(claims: Record<string, unknown>): string | null {
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  const given = text(claims.given_name);
  const family = text(claims.family_name);
  const name =
    text(claims.name) ?? (given || family ? [given, family].filter(Boolean).join(' ') : null);
  return name === null ? null : name.slice(0, 200);
}

function holds(claim: unknown, value: string): boolean {
  if (Array.isArray(claim)) return claim.some((entry) => entry === value);
  if (typeof claim === 'string') return claim === value || claim.split(/\s+/).includes(value);
  return false;
}
