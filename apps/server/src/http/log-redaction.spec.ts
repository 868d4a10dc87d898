import { withoutLinkTokens } from './log-redaction';

describe('withoutLinkTokens', () => {
  it.each([
    ['/api/v1/opinions/abcDEF-123_x', '/api/v1/opinions/[redacted]'],
    [
      '/api/v1/opinions/abc/clinical-report.pdf?version=2',
      '/api/v1/opinions/[redacted]/clinical-report.pdf?version=2',
    ],
    ['/api/v1/uploads/tok3n', '/api/v1/uploads/[redacted]'],
    ['/api/v1/uploads/tok3n?x=1', '/api/v1/uploads/[redacted]?x=1'],
    ['/opinions/abcDEF-123_x', '/opinions/[redacted]'],
    ['/opinions/abcDEF-123_x?lang=es', '/opinions/[redacted]?lang=es'],
    ['/uploads/tok3n', '/uploads/[redacted]'],
    ['/uploads/tok3n#top', '/uploads/[redacted]#top'],
    ['/api/v1/second-opinions/5d1c/opinion', '/api/v1/second-opinions/5d1c/opinion'],
    ['/api/v2/opinions/x', '/api/v2/opinions/x'],
    ['/boards/opinions/x', '/boards/opinions/x'],
    ['/opinions', '/opinions'],
    ['/opinions/', '/opinions/'],
    ['/api/v1/boards/opinions/x', '/api/v1/boards/opinions/x'],
    ['/health', '/health'],
    [
      '/api/v1/auth/oidc/hospital/callback?code=c0de&state=st4te&iss=https%3A%2F%2Fidp',
      '/api/v1/auth/oidc/hospital/callback?[redacted]',
    ],
    [
      '/api/v1/auth/oidc/hospital/start?next=%2Fboards',
      '/api/v1/auth/oidc/hospital/start?next=%2Fboards',
    ],
  ])('logs %s as %s', (url, logged) => {
    expect(withoutLinkTokens(url)).toBe(logged);
  });

  it('leaves a missing URL missing', () => {
    expect(withoutLinkTokens(undefined)).toBeUndefined();
  });
});
