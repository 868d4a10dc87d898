import { SessionEndReason } from '@app/contracts';
import { SessionFacts, SessionLiveness, endReasonOf, sessionLiveness } from './session-liveness';

const now = new Date('2026-11-22T08:00:00Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);
const live: SessionFacts = {
  revokedAt: null,
  revokedReason: null,
  expiresAt: at(3_600_000),
  userActive: true,
  refreshExpiresAt: at(600_000),
};

describe('sessionLiveness', () => {
  it.each<[string, Partial<SessionFacts>, SessionLiveness]>([
    [
      'live: ends at the idle deadline, before the hard end',
      {},
      { live: true, endsAt: at(600_000), expiresAt: at(3_600_000) },
    ],
    [
      'live: the hard end comes before the idle deadline',
      { refreshExpiresAt: at(7_200_000) },
      { live: true, endsAt: at(3_600_000), expiresAt: at(3_600_000) },
    ],
    [
      'live: no usable refresh token, the hard end decides',
      { refreshExpiresAt: null },
      { live: true, endsAt: at(3_600_000), expiresAt: at(3_600_000) },
    ],
    [
      'signed out',
      { revokedAt: at(-1), revokedReason: 'logout' },
      { live: false, reason: 'logout' },
    ],
    [
      'password changed elsewhere',
      { revokedAt: at(-1), revokedReason: 'password_changed' },
      { live: false, reason: 'password_changed' },
    ],
    [
      'account disabled (revoked with it)',
      { revokedAt: at(-1), revokedReason: 'account_disabled' },
      { live: false, reason: 'account_disabled' },
    ],
    [
      'refresh token reused',
      { revokedAt: at(-1), revokedReason: 'refresh_token_reuse' },
      { live: false, reason: 'refresh_token_reuse' },
    ],
    [
      'revoked for a reason this version does not know',
      { revokedAt: at(-1), revokedReason: 'admin_action' },
      { live: false, reason: 'revoked' },
    ],
    [
      'revocation wins over expiry',
      { revokedAt: at(-1), revokedReason: 'logout', expiresAt: at(-5) },
      { live: false, reason: 'logout' },
    ],
    [
      'account not active although the session was not revoked',
      { userActive: false },
      { live: false, reason: 'account_disabled' },
    ],
    ['idle deadline passed', { refreshExpiresAt: at(-1) }, { live: false, reason: 'expired' }],
    ['idle deadline exactly now', { refreshExpiresAt: now }, { live: false, reason: 'expired' }],
    [
      'hard end passed although recently refreshed',
      { expiresAt: at(-1), refreshExpiresAt: at(600_000) },
      { live: false, reason: 'expired' },
    ],
    ['hard end exactly now', { expiresAt: now }, { live: false, reason: 'expired' }],
  ])('%s', (_name, facts, expected) => {
    expect(sessionLiveness({ ...live, ...facts }, now)).toEqual(expected);
  });
});

describe('endReasonOf', () => {
  it.each<[string | null, SessionEndReason]>([
    ['logout', 'logout'],
    ['password_changed', 'password_changed'],
    ['account_disabled', 'account_disabled'],
    ['refresh_token_reuse', 'refresh_token_reuse'],
    ['expired', 'expired'],
    ['something else', 'revoked'],
    ['', 'revoked'],
    [null, 'revoked'],
  ])('%p → %s', (stored, reason) => {
    expect(endReasonOf(stored)).toBe(reason);
  });
});
