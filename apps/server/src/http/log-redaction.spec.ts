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
    ['/api/v1/second-opinions/5d1c/opinion', '/api/v1/second-opinions/5d1c/opinion'],
    ['/api/v1/boards/opinions/x', '/api/v1/boards/opinions/x'],
    ['/health', '/health'],
  ])('logs %s as %s', (url, logged) => {
    expect(withoutLinkTokens(url)).toBe(logged);
  });

  it('leaves a missing URL missing', () => {
    expect(withoutLinkTokens(undefined)).toBeUndefined();
  });
});
