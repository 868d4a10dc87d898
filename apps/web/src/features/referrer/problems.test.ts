import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { goneReason, openingState, problemMessage, worthRetrying } from './problems';

const gone = (message: string) =>
  new ApiError(410, { statusCode: 410, error: 'Gone', message, code: 'link_gone' });

describe('why a referrer’s link is refused', () => {
  // The server's words: libs/second-opinions/src/upload-links.service.ts and referrer-access.service.ts.
  it.each([
    ['this upload link has already been used', 'used'],
    ['this upload link has expired: ask the coordinator for a new one', 'expired'],
    ['this request has been stopped', 'withdrawn'],
    ['the opinion has been delivered: no more records are needed', 'delivered'],
    ['this link has been replaced: use the newest link from the coordinator', 'replaced'],
    ['this link has expired: ask the coordinator for a new one', 'expired'],
    ['the patient has withdrawn consent: this request has stopped', 'withdrawn'],
    ['something new the server says', 'gone'],
  ])('410 “%s” → %s', (message, reason) => {
    expect(goneReason(gone(message))).toBe(reason);
    expect(openingState(gone(message))).toBe(reason);
  });

  it('reads a 404 on opening as a link that is not valid, and other failures as not about the link', () => {
    expect(openingState(new ApiError(404, { message: 'upload link not found' }))).toBe('not_found');
    expect(goneReason(new ApiError(404, null))).toBeNull();
    expect(openingState(new ApiError(500, null))).toBeNull();
    expect(openingState(new TypeError('network error'))).toBeNull();
  });

  it('words other failures, and retries only those that may pass', () => {
    expect(problemMessage(new TypeError('network error'))).toEqual({ id: 'problem.network' });
    expect(problemMessage(new ApiError(503, null))).toEqual({ id: 'problem.server' });
    expect(problemMessage(new ApiError(429, null, 30))).toEqual({
      id: 'problem.rateLimited',
      values: { seconds: 30 },
    });
    expect(problemMessage(new ApiError(429, null))).toEqual({ id: 'problem.rateLimitedShort' });
    expect(problemMessage(new ApiError(400, null))).toEqual({ id: 'problem.unexpected' });
    expect(worthRetrying(new TypeError('network error'))).toBe(true);
    expect(worthRetrying(new ApiError(502, null))).toBe(true);
    expect(worthRetrying(new ApiError(429, null))).toBe(true);
    expect(worthRetrying(new ApiError(400, null))).toBe(false);
  });
});
