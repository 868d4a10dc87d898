/**
 * The labels of a request in the HTTP metrics: a bounded set, never the raw URL (no ids, no
 * link tokens, no query). A request a route answered is labelled by that route's template
 * (`/api/v1/boards/:boardId`); the others by what answered them.
 */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const SERVER_PATH = /^\/(?:api|health|socket\.io|collab)(?:\/|$)/;

export const UNMATCHED = 'unmatched';
export const WEB_CLIENT = 'web-client';
export const ASSETS = '/assets';
export const METRICS_PATH = '/metrics';

export function methodLabel(method: string | undefined): string {
  const upper = (method ?? '').toUpperCase();
  return METHODS.has(upper) ? upper : 'OTHER';
}

/**
 * `route` is what the router matched (Express's `request.route`), `path` the request's path
 * (used only to tell which fixed part of the server answered), `status` the response's status.
 */
export function routeLabel(route: unknown, path: string, status: number): string {
  const template = (route as { path?: unknown } | null | undefined)?.path;
  if (typeof template === 'string' && template.startsWith('/')) return template;
  if (path === METRICS_PATH) return METRICS_PATH;
  if (path === ASSETS || path.startsWith(`${ASSETS}/`)) return ASSETS;
  if (SERVER_PATH.test(path) || status >= 400) return UNMATCHED;
  // The shell of a client-side route, or one of the client's own files (favicon, manifest).
  return WEB_CLIENT;
}

export function statusLabel(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'other';
}
