import { PlatformRole } from '@app/contracts';
import { DomainEventBus } from '@app/core';
import { RecentSessions } from './recent-sessions';
import { sessionEndedEvent } from './session-ended';

describe('RecentSessions', () => {
  const bus = new DomainEventBus();
  let sessions: RecentSessions;
  const check = (checkedAt: number, endsAt = checkedAt + 60_000) => ({
    userId: 'u1',
    role: PlatformRole.User,
    checkedAt,
    endsAt,
  });

  beforeEach(() => {
    sessions = new RecentSessions(bus);
    sessions.onModuleInit();
  });
  afterEach(() => sessions.onModuleDestroy());

  it('answers with a check made within the age asked for, for its own user only', () => {
    sessions.remember('s1', check(1_000));
    expect(sessions.recent('s1', 'u1', 5_999, 5_000)).toMatchObject({ role: PlatformRole.User });
    expect(sessions.recent('s1', 'u1', 6_001, 5_000)).toBeNull();
    sessions.remember('s1', check(10_000));
    expect(sessions.recent('s1', 'someone-else', 10_001, 5_000)).toBeNull();
    // A mismatch forgets the check: the next request goes to PostgreSQL.
    expect(sessions.recent('s1', 'u1', 10_002, 5_000)).toBeNull();
    expect(sessions.recent('unknown', 'u1', 10_002, 5_000)).toBeNull();
  });

  it('never answers past the session’s deadline as read', () => {
    sessions.remember('s1', check(1_000, 2_000));
    expect(sessions.recent('s1', 'u1', 1_999, 5_000)).not.toBeNull();
    expect(sessions.recent('s1', 'u1', 2_000, 5_000)).toBeNull();
  });

  it('forgets a session whose end arrives, and does not take a check of it back afterwards', async () => {
    sessions.remember('s1', check(1_000));
    sessions.remember('s2', check(1_000));
    await bus.publish(sessionEndedEvent({ sessionId: 's1', userId: 'u1', reason: 'logout' }));
    expect(sessions.recent('s1', 'u1', 1_001, 5_000)).toBeNull();
    expect(sessions.recent('s2', 'u1', 1_001, 5_000)).not.toBeNull();
    // A check read just before the sign-out committed, remembered just after its event.
    sessions.remember('s1', check(1_002));
    expect(sessions.recent('s1', 'u1', 1_003, 5_000)).toBeNull();
  });

  it('keeps at most 10,000 sessions, forgetting the oldest check first', () => {
    for (let i = 0; i <= 10_000; i++) sessions.remember(`s${i}`, check(1_000));
    expect(sessions.recent('s0', 'u1', 1_001, 5_000)).toBeNull();
    expect(sessions.recent('s1', 'u1', 1_001, 5_000)).not.toBeNull();
    expect(sessions.recent('s10000', 'u1', 1_001, 5_000)).not.toBeNull();
  });
});
