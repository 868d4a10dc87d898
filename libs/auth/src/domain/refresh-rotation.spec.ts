import { RefreshDecision, decideRefresh } from './refresh-rotation';

const now = new Date('2026-11-22T08:00:00Z');
const past = new Date(now.getTime() - 1);
const future = new Date(now.getTime() + 60_000);

type Row = [
  string,
  { expiresAt: Date; usedAt: Date | null },
  { expiresAt: Date; revokedAt: Date | null; userActive: boolean },
  RefreshDecision,
];

describe('decideRefresh', () => {
  it.each<Row>([
    [
      'valid token, live session',
      { expiresAt: future, usedAt: null },
      { expiresAt: future, revokedAt: null, userActive: true },
      'rotate',
    ],
    [
      'token already rotated',
      { expiresAt: future, usedAt: past },
      { expiresAt: future, revokedAt: null, userActive: true },
      'reuse',
    ],
    [
      'rotated and expired: still reuse',
      { expiresAt: past, usedAt: past },
      { expiresAt: future, revokedAt: null, userActive: true },
      'reuse',
    ],
    [
      'rotated, user disabled: still reuse',
      { expiresAt: future, usedAt: past },
      { expiresAt: future, revokedAt: null, userActive: false },
      'reuse',
    ],
    [
      'token expired (idle)',
      { expiresAt: past, usedAt: null },
      { expiresAt: future, revokedAt: null, userActive: true },
      'reject',
    ],
    [
      'token expires exactly now',
      { expiresAt: now, usedAt: null },
      { expiresAt: future, revokedAt: null, userActive: true },
      'reject',
    ],
    [
      'session past its maximum age',
      { expiresAt: future, usedAt: null },
      { expiresAt: past, revokedAt: null, userActive: true },
      'reject',
    ],
    [
      'session revoked (logout)',
      { expiresAt: future, usedAt: null },
      { expiresAt: future, revokedAt: past, userActive: true },
      'reject',
    ],
    [
      'session revoked, rotated token replayed',
      { expiresAt: future, usedAt: past },
      { expiresAt: future, revokedAt: past, userActive: true },
      'reject',
    ],
    [
      'user disabled',
      { expiresAt: future, usedAt: null },
      { expiresAt: future, revokedAt: null, userActive: false },
      'reject',
    ],
  ])('%s → %s', (_name, token, session, expected) => {
    expect(decideRefresh(token, session, now)).toBe(expected);
  });
});
