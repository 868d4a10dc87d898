export const MAX_ENDPOINT_URL_LENGTH = 2048;

export type EndpointUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

/**
 * Whether `raw` may receive webhooks: an absolute http(s) URL with a host, no
 * user name or password in it (secrets belong in the signing secret, and a
 * URL is shown to every coordinator and written to logs), and no fragment
 * (never sent to a server). With `requireHttps` (production) plain http is
 * refused. Private and loopback addresses are allowed on purpose: hospital
 * integration engines usually live on the internal network. Returns the URL
 * as normalised by the WHATWG parser.
 */
export function checkEndpointUrl(
  raw: string,
  options: { requireHttps: boolean },
): EndpointUrlCheck {
  const value = raw.trim();
  if (value.length === 0) return { ok: false, problem: 'the URL is empty' };
  if (value.length > MAX_ENDPOINT_URL_LENGTH) {
    return { ok: false, problem: `the URL is longer than ${MAX_ENDPOINT_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'not an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `only http and https URLs are allowed (got ${url.protocol})` };
  }
  if (options.requireHttps && url.protocol !== 'https:') {
    return { ok: false, problem: 'the URL must use https' };
  }
  if (url.hostname === '') return { ok: false, problem: 'the URL has no host' };
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: 'the URL must not contain a user name or password' };
  }
  if (url.hash !== '' || value.includes('#')) {
    return { ok: false, problem: 'the URL must not contain a fragment (#…)' };
  }
  return { ok: true, url: url.toString() };
}

/** The URL without its query string: safe for audit entries and logs. */
export function redactEndpointUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
  } catch {
    return '[invalid url]';
  }
}

const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** Event names are dotted lower-case words, e.g. `recommendation.published`. */
export function isWebhookEventName(value: string): boolean {
  return value.length <= 100 && EVENT_NAME.test(value);
}
