import type { SsoRefusal } from '@app/contracts';

const TRY_AGAIN = "Signing in with your organisation's account did not complete. Please try again.";

/**
 * What the sign-in page says when single sign-on sent the browser back without signing in
 * (`/login?sso=<reason>`). A forged or replayed callback reads like any failed attempt: the
 * details are in the audit log, not on the page.
 */
const MESSAGES: Record<SsoRefusal, string> = {
  account_disabled: 'Your account is disabled. Ask an administrator if this is a mistake.',
  account_not_active: 'Your account is not active. Ask an administrator.',
  email_not_verified:
    "Your organisation's account did not confirm your email address, so it cannot be matched to an account here. Ask an administrator.",
  invitation_expired: 'Your invitation has expired. Ask an administrator to invite you again.',
  linked_to_another_identity:
    "The account here with your email is already linked to another of your organisation's accounts. Ask an administrator.",
  no_account:
    "There is no account here for your organisation's account. Ask an administrator to invite you.",
  provider_unavailable:
    "Your organisation's sign-in cannot be reached just now. Try again in a few minutes.",
  cancelled: 'Signing in was cancelled.',
  provider_error: TRY_AGAIN,
  state_mismatch: TRY_AGAIN,
  state_unknown: TRY_AGAIN,
  state_replayed: TRY_AGAIN,
  state_expired: 'Signing in took too long. Please try again.',
  nonce_mismatch: TRY_AGAIN,
  code_rejected: TRY_AGAIN,
  id_token_invalid: TRY_AGAIN,
};

/** The message for `?sso=<reason>`; null without one, the generic one for an unknown reason. */
export function ssoProblem(reason: string | null): string | null {
  if (reason === null) return null;
  return Object.hasOwn(MESSAGES, reason) ? MESSAGES[reason as SsoRefusal] : TRY_AGAIN;
}

/** Where a provider's button leads: its start, coming back to `next` once signed in. */
export function startHref(startUrl: string, next: string): string {
  return next === '/' ? startUrl : `${startUrl}?next=${encodeURIComponent(next)}`;
}
