import type { SsoRefusal } from '@app/contracts';

/** What can go wrong exchanging an authorization response. */
export type ExchangeFailure = Extract<
  SsoRefusal,
  | 'provider_error'
  | 'code_rejected'
  | 'nonce_mismatch'
  | 'id_token_invalid'
  | 'provider_unavailable'
>;

/**
 * Why exchanging an authorization response failed, from what openid-client threw: its error
 * codes (and for a token endpoint refusal, the OAuth `error`), never its messages.
 */
export function exchangeFailure(error: unknown): ExchangeFailure {
  const failure = error as {
    name?: unknown;
    code?: unknown;
    error?: unknown;
    cause?: { cause?: { claim?: unknown } };
  } | null;
  if (failure === null || typeof failure !== 'object') return 'provider_error';
  switch (failure.code) {
    case 'OAUTH_AUTHORIZATION_RESPONSE_ERROR':
      return 'provider_error';
    case 'OAUTH_RESPONSE_BODY_ERROR':
      return failure.error === 'invalid_grant' ? 'code_rejected' : 'provider_error';
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      return failure.cause?.cause?.claim === 'nonce' ? 'nonce_mismatch' : 'id_token_invalid';
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
    case 'OAUTH_INVALID_RESPONSE':
    case 'OAUTH_KEY_SELECTION_FAILED':
      return 'id_token_invalid';
    case 'OAUTH_TIMEOUT':
    case 'OAUTH_ABORT':
      return 'provider_unavailable';
  }
  // fetch's own failure to connect (refused, reset, DNS): a TypeError carrying a cause.
  if (failure.name === 'TypeError') return 'provider_unavailable';
  return 'provider_error';
}
