/**
 * Paths that carry a link token sent to a referrer (no account), a usable credential: the API's
 * public routes (`/api/v1/opinions/<token>`, `/api/v1/uploads/<token>`) and the web client's
 * pages the links open (`/opinions/<token>`, `/uploads/<token>`).
 */
const LINK_TOKEN_PATH = /^((?:\/api\/v1)?\/(?:opinions|uploads)\/)[^/?#]+/;

/** A single sign-on callback: its query carries the authorization code and the state. */
const SSO_CALLBACK_QUERY = /^(\/api\/v1\/auth\/oidc\/[^/?#]+\/callback\?)[^#]*/;

/** The request URL as logged: the referrer's link tokens and sign-in codes never reach the logs. */
export function withoutLinkTokens(url: string | undefined): string | undefined {
  return url?.replace(LINK_TOKEN_PATH, '$1[redacted]').replace(SSO_CALLBACK_QUERY, '$1[redacted]');
}
