import { exchangeFailure } from './exchange-failure';

function coded(code: string, extra: object = {}): Error {
  return Object.assign(new Error('failed'), { code }, extra);
}

describe('why a code exchange failed', () => {
  it.each<[string, unknown, string]>([
    [
      'an authorization response error',
      coded('OAUTH_AUTHORIZATION_RESPONSE_ERROR'),
      'provider_error',
    ],
    [
      'a code refused by the token endpoint (used, or the wrong PKCE verifier)',
      coded('OAUTH_RESPONSE_BODY_ERROR', { error: 'invalid_grant' }),
      'code_rejected',
    ],
    [
      'another token endpoint refusal',
      coded('OAUTH_RESPONSE_BODY_ERROR', { error: 'invalid_client' }),
      'provider_error',
    ],
    [
      'an ID token for another nonce',
      coded('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { cause: { cause: { claim: 'nonce' } } }),
      'nonce_mismatch',
    ],
    [
      'an ID token for another audience',
      coded('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { cause: { cause: { claim: 'aud' } } }),
      'id_token_invalid',
    ],
    ['an expired ID token', coded('OAUTH_JWT_TIMESTAMP_CHECK_FAILED'), 'id_token_invalid'],
    ['an unexpected issuer', coded('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED'), 'id_token_invalid'],
    ['a bad signature', coded('OAUTH_INVALID_RESPONSE'), 'id_token_invalid'],
    ['an unknown signing key', coded('OAUTH_KEY_SELECTION_FAILED'), 'id_token_invalid'],
    ['a timeout', coded('OAUTH_TIMEOUT'), 'provider_unavailable'],
    ['a refused connection', new TypeError('fetch failed'), 'provider_unavailable'],
    ['anything else', new Error('odd'), 'provider_error'],
    ['a thrown string', 'odd', 'provider_error'],
    ['null', null, 'provider_error'],
  ])('%s', (_name, error, reason) => {
    expect(exchangeFailure(error)).toBe(reason);
  });
});
