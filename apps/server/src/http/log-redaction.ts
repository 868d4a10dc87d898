/**
 * Paths that carry a link token sent to a referrer (no account), a usable credential: the API's
 * public routes (`/api/v1/opinions/<token>`, `/api/v1/uploads/<token>`) and the web client's
 * pages the links open (`/opinions/<token>`, `/uploads/<token>`).
 */
const LINK_TOKEN_PATH = /^((?:\/api\/v1)?\/(?:opinions|uploads)\/)[^/?#]+/;

/** The request URL as logged: the referrer's link tokens never reach the logs. */
export function withoutLinkTokens(url: string | undefined): string | undefined {
  return url?.replace(LINK_TOKEN_PATH, '$1[redacted]');
}
