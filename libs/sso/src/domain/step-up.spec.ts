import { STEP_UP_MAX_AGE_SECONDS, judgeStepUp, stepUpReturnPath, takeStepUpGrant } from './step-up';

const now = new Date('2026-12-06T12:00:00Z');
const seconds = now.getTime() / 1000;
const chair = '11111111-1111-4111-8111-111111111111';
const someoneElse = '22222222-2222-4222-8222-222222222222';

describe('judgeStepUp', () => {
  it.each([
    ['just now', seconds],
    ['a minute ago', seconds - 60],
    ['exactly five minutes ago', seconds - STEP_UP_MAX_AGE_SECONDS],
    ['a little ahead of this clock', seconds + 20],
  ])('grants a confirmation of the linked identity signed in %s', (_, authTime) => {
    expect(judgeStepUp({ sessionUserId: chair, linkedUserId: chair, authTime, now })).toEqual({
      kind: 'grant',
      authenticatedAt: new Date(authTime * 1000),
    });
  });

  it.each([
    ['another account', someoneElse],
    ['no account', null],
  ])('refuses an identity linked to %s', (_, linkedUserId) => {
    expect(judgeStepUp({ sessionUserId: chair, linkedUserId, authTime: seconds, now })).toEqual({
      kind: 'refuse',
      reason: 'different_person',
    });
  });

  it.each([undefined, null, '1700000000', Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses an auth_time of %p as missing',
    (authTime) => {
      expect(judgeStepUp({ sessionUserId: chair, linkedUserId: chair, authTime, now })).toEqual({
        kind: 'refuse',
        reason: 'authentication_time_missing',
      });
    },
  );

  it.each([
    ['five minutes and a second ago', seconds - STEP_UP_MAX_AGE_SECONDS - 1],
    ['an hour ago', seconds - 3600],
    ['far ahead of this clock', seconds + 120],
  ])('refuses a sign-in at the provider %s as not recent', (_, authTime) => {
    expect(judgeStepUp({ sessionUserId: chair, linkedUserId: chair, authTime, now })).toEqual({
      kind: 'refuse',
      reason: 'authentication_not_recent',
    });
  });

  it('checks the person before the time', () => {
    expect(
      judgeStepUp({ sessionUserId: chair, linkedUserId: someoneElse, authTime: undefined, now }),
    ).toEqual({ kind: 'refuse', reason: 'different_person' });
  });
});

describe('takeStepUpGrant', () => {
  const later = new Date(now.getTime() + 60_000);
  it.each([
    ['no confirmation', null, 'none'],
    ['an unused one in time', { expiresAt: later, usedAt: null }, 'taken'],
    ['a used one', { expiresAt: later, usedAt: now }, 'used'],
    ['one expiring now', { expiresAt: now, usedAt: null }, 'expired'],
    ['a used and expired one', { expiresAt: now, usedAt: now }, 'used'],
  ] as const)('with %s: %s', (_, grant, taking) => {
    expect(takeStepUpGrant(grant, now)).toBe(taking);
  });
});

describe('stepUpReturnPath', () => {
  it.each([
    ['/', 'granted', '/?stepUp=granted'],
    ['/cases/1?tab=recommendation', 'granted', '/cases/1?tab=recommendation&stepUp=granted'],
    ['/cases/1#sign', 'different_person', '/cases/1?stepUp=different_person#sign'],
    ['/cases/1?stepUp=granted', 'state_replayed', '/cases/1?stepUp=state_replayed'],
  ] as const)('tells %s how it went (%s)', (returnTo, outcome, path) => {
    expect(stepUpReturnPath(returnTo, outcome)).toBe(path);
  });
});
