import { methodLabel, routeLabel, statusLabel } from './route-label';

describe('routeLabel', () => {
  it.each([
    // A matched route: its template, whatever the values in the URL.
    [{ path: '/api/v1/boards/:boardId' }, '/api/v1/boards/5f0c…', 200, '/api/v1/boards/:boardId'],
    [
      { path: '/api/v1/votes/:voteId/ballots' },
      '/api/v1/votes/x/ballots',
      409,
      '/api/v1/votes/:voteId/ballots',
    ],
    [{ path: '/health' }, '/health', 503, '/health'],
    // Nothing matched: never the path itself.
    [undefined, '/api/v1/boards/5f0c2a1e-0000-4000-8000-000000000000/secret', 404, 'unmatched'],
    [undefined, '/api/v1/uploads/referrer-link-token-abc', 401, 'unmatched'],
    [undefined, '/api', 404, 'unmatched'],
    [undefined, '/health/anything', 404, 'unmatched'],
    [undefined, '/socket.io/', 400, 'unmatched'],
    [undefined, '/collab/cases/1', 404, 'unmatched'],
    [undefined, '/apiary', 200, 'web-client'],
    [undefined, '/../../etc/passwd', 404, 'unmatched'],
    [undefined, '/%2e%2e/metrics', 404, 'unmatched'],
    [undefined, '/boards/5f0c/meetings/9', 200, 'web-client'],
    [undefined, '/uploads/referrer-link-token-abc', 200, 'web-client'],
    [undefined, '/favicon.svg', 200, 'web-client'],
    [undefined, '/favicon.svg', 304, 'web-client'],
    [undefined, '/not-there.txt', 406, 'unmatched'],
    [undefined, '/assets/index-3f9a.js', 200, '/assets'],
    [undefined, '/assets/old-build.js', 404, '/assets'],
    [undefined, '/metrics', 401, '/metrics'],
    [undefined, '/metrics/', 404, 'unmatched'],
    // A route whose template is not a plain path (a RegExp, an array) is never spelled out.
    [{ path: /^\/x\/(\d+)$/ }, '/x/12', 200, 'web-client'],
    [{ path: ['/a', '/b'] }, '/a', 500, 'unmatched'],
    [{ path: 'relative/:id' }, '/relative/1', 500, 'unmatched'],
    [null, '/', 200, 'web-client'],
  ])('route %p, path %s, status %i → %s', (route, path, status, label) => {
    expect(routeLabel(route, path, status)).toBe(label);
  });
});

describe('methodLabel', () => {
  it.each([
    ['GET', 'GET'],
    ['get', 'GET'],
    ['HEAD', 'HEAD'],
    ['POST', 'POST'],
    ['PUT', 'PUT'],
    ['PATCH', 'PATCH'],
    ['DELETE', 'DELETE'],
    ['OPTIONS', 'OPTIONS'],
    ['PROPFIND', 'OTHER'],
    ['TRACE', 'OTHER'],
    ['', 'OTHER'],
    [undefined, 'OTHER'],
  ])('%p → %s', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });
});

describe('statusLabel', () => {
  it.each([
    [200, '200'],
    [101, '101'],
    [599, '599'],
    [0, 'other'],
    [99, 'other'],
    [600, 'other'],
    [Number.NaN, 'other'],
  ])('%p → %s', (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });
});
