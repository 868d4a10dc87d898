import type { StepUpRefusal } from '@app/contracts';

/** The query parameter naming the recommendation a confirmation at the provider was for. */
export const SIGNING_PARAM = 'signing';
/** The query parameter the server adds on the way back: `granted`, or why not. */
export const STEP_UP_PARAM = 'stepUp';

const TRY_AGAIN = 'Confirming with your organisation’s account did not complete. Please try again.';

/** What the sign dialog says when the confirmation at the provider gave no proof. */
const REFUSALS: Record<StepUpRefusal, string> = {
  different_person:
    'Your organisation’s account confirmed someone else, not you. Confirm with your own account to sign.',
  authentication_not_recent:
    'Your organisation’s account did not ask for your credentials just now. Confirm again to sign.',
  authentication_time_missing:
    'Your organisation’s account did not say when you signed in, so it cannot confirm a signature. Ask an administrator.',
  cancelled: 'Confirming was cancelled. The recommendation is not signed.',
  provider_unavailable:
    'Your organisation’s sign-in cannot be reached just now. Try again in a few minutes.',
  state_expired: 'Confirming took too long. Please try again.',
  provider_error: TRY_AGAIN,
  state_mismatch: TRY_AGAIN,
  state_replayed: TRY_AGAIN,
  nonce_mismatch: TRY_AGAIN,
  code_rejected: TRY_AGAIN,
  id_token_invalid: TRY_AGAIN,
};

/** What a confirmation brought back for the sign dialog: go on signing, or the refusal in words. */
export type StepUpReturn = { kind: 'granted' } | { kind: 'refused'; problem: string };

/**
 * The outcome of a confirmation the page came back from, for this recommendation: null when the
 * page did not come back from one for it.
 */
export function stepUpReturn(search: string, recommendationId: string): StepUpReturn | null {
  const params = new URLSearchParams(search);
  const outcome = params.get(STEP_UP_PARAM);
  if (outcome === null || params.get(SIGNING_PARAM) !== recommendationId) return null;
  if (outcome === 'granted') return { kind: 'granted' };
  return {
    kind: 'refused',
    problem: Object.hasOwn(REFUSALS, outcome) ? REFUSALS[outcome as StepUpRefusal] : TRY_AGAIN,
  };
}

/** The page to come back to after confirming: this one, naming the recommendation being signed. */
export function stepUpNext(pathname: string, search: string, recommendationId: string): string {
  const params = new URLSearchParams(search);
  params.delete(STEP_UP_PARAM);
  params.set(SIGNING_PARAM, recommendationId);
  return `${pathname}?${params}`;
}

/** This page's query without what a confirmation brought back. */
export function withoutStepUp(search: string): string {
  const params = new URLSearchParams(search);
  params.delete(STEP_UP_PARAM);
  params.delete(SIGNING_PARAM);
  const rest = params.toString();
  return rest === '' ? '' : `?${rest}`;
}
