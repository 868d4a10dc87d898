import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { goneReason, openingState, problemMessage, worthRetrying } from './problems';

const gone = (code: string) =>
  new ApiError(410, { statusCode: 410, error: 'Gone', message: 'the server’s words', code });

describe('why a referrer’s link is refused', () => {
  // The server's codes: LinkGoneCode (libs/contracts), thrown by libs/second-opinions.
  it.each([
    ['link_used', 'used'],
    ['link_expired', 'expired'],
    ['consent_withdrawn', 'withdrawn'],
    ['opinion_delivered', 'delivered'],
    ['link_replaced', 'replaced'],
    ['link_expired', 'expired'],
    ['consent_withdrawn', 'withdrawn'],
    ['link_gone_for_a_new_reason', 'gone'],
  ])('410 “%s” → %s', (code, reason) => {
    expect(goneReason(gone(code))).toBe(reason);
    expect(openingState(gone(code))).toBe(reason);
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
