/** Public routes whose path carries a link token sent to a referrer (no account): a usable credential. */
const LINK_TOKEN_PATH = /^(\/api\/v1\/(?:opinions|uploads)\/)[^/?#]+/;

/** The request URL as logged: the referrer's link tokens never reach the logs. */
export function withoutLinkTokens(url: string | undefined): string | undefined {
  return url?.replace(LINK_TOKEN_PATH, '$1[redacted]');
}
