import { PlatformRole, SessionEndReason } from '@app/contracts';
import { DomainEventBus, systemClock } from '@app/core';
import { AuthService } from './auth.service';
import { AuthenticatedUser } from './authenticated-user';
import { SessionLiveness } from './domain/session-liveness';
import { sessionEndedEvent } from './session-ended';
import { SessionTracker } from './session-tracker';

const T0 = new Date('2026-11-22T08:00:00Z').getTime();
const MINUTE = 60_000;

function setup() {
  const bus = new DomainEventBus();
  const liveness = jest.fn<Promise<SessionLiveness>, [string]>();
  const tracker = new SessionTracker(
    bus,
    { sessionLiveness: liveness } as unknown as AuthService,
    systemClock,
  );
  tracker.onModuleInit();
  const user = (sessionId: string, endsInMs = 30 * MINUTE, expiresInMs = 720 * MINUTE) =>
    ({
      id: `user-of-${sessionId}`,
      sessionId,
      role: PlatformRole.User,
      session: {
        endsAt: new Date(Date.now() + endsInMs),
        expiresAt: new Date(Date.now() + expiresInMs),
      },
    }) satisfies AuthenticatedUser;
  const end = (sessionId: string, reason: SessionEndReason) =>
    bus.publish(sessionEndedEvent({ sessionId, userId: `user-of-${sessionId}`, reason }));
  return { bus, liveness, tracker, user, end };
}

describe('SessionTracker', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(T0);
  });
  afterEach(() => jest.useRealTimers());

  it('tells every connection of an ended session once, and only that session', async () => {
    const { tracker, user, end } = setup();
    const a = user('a');
    const seen: string[] = [];
    tracker.watch(a, (reason) => seen.push(`socket:${reason}`));
    tracker.watch(a, (reason) => seen.push(`note:${reason}`));
    tracker.watch(user('b'), (reason) => seen.push(`other:${reason}`));

    await end('a', 'logout');
    await end('a', 'logout');

    expect(seen).toEqual(['socket:logout', 'note:logout']);
    expect(tracker.isLive(a)).toBe(false);
    expect(tracker.isLive(user('b'))).toBe(true);
  });

  it('ends at once a connection whose handshake raced the end of its session', async () => {
    const { tracker, user, end } = setup();
    await end('late', 'password_changed');
    const onEnded = jest.fn();
    tracker.watch(user('late'), onEnded);
    expect(onEnded).toHaveBeenCalledWith('password_changed');
  });

  it('re-reads the session at its idle deadline: a refreshed session goes on, an idle one ends', async () => {
    const { tracker, user, liveness } = setup();
    const onEnded = jest.fn();
    const u = user('s', 30 * MINUTE);
    tracker.watch(u, onEnded);

    liveness.mockResolvedValueOnce({
      live: true,
      endsAt: new Date(T0 + 60 * MINUTE),
      expiresAt: new Date(T0 + 720 * MINUTE),
    });
    await jest.advanceTimersByTimeAsync(30 * MINUTE);
    expect(liveness).toHaveBeenCalledTimes(1);
    expect(onEnded).not.toHaveBeenCalled();
    expect(tracker.isLive(u)).toBe(true);

    liveness.mockResolvedValueOnce({ live: false, reason: 'expired' });
    await jest.advanceTimersByTimeAsync(30 * MINUTE - 1);
    expect(liveness).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(onEnded).toHaveBeenCalledWith('expired');
    expect(tracker.isLive(u)).toBe(false);
  });

  it('refuses at once once the hard end has passed, and ends it even when the database cannot be read', async () => {
    const { tracker, user, liveness } = setup();
    const onEnded = jest.fn();
    const u = user('hard', 10 * MINUTE, 10 * MINUTE);
    tracker.watch(u, onEnded);
    let fail: (error: Error) => void = () => undefined;
    liveness.mockReturnValue(new Promise((_, reject) => (fail = reject)));
    await jest.advanceTimersByTimeAsync(10 * MINUTE - 1);
    expect(tracker.isLive(u)).toBe(true);
    await jest.advanceTimersByTimeAsync(1);
    // The re-check is still waiting for the database: the hard end alone already refuses.
    expect(liveness).toHaveBeenCalledTimes(1);
    expect(tracker.isLive(u)).toBe(false);
    fail(new Error('database unreachable'));
    await jest.advanceTimersByTimeAsync(0);
    expect(onEnded).toHaveBeenCalledWith('expired');
  });

  it('retries a failed re-check before the hard end instead of closing', async () => {
    const { tracker, user, liveness } = setup();
    const onEnded = jest.fn();
    tracker.watch(user('flaky', MINUTE), onEnded);
    liveness.mockRejectedValueOnce(new Error('database unreachable'));
    await jest.advanceTimersByTimeAsync(MINUTE);
    expect(onEnded).not.toHaveBeenCalled();
    liveness.mockResolvedValueOnce({ live: false, reason: 'logout' });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(onEnded).toHaveBeenCalledWith('logout');
  });

  it('forgets a connection that closed: no call, no timer left', async () => {
    const { tracker, user, end, liveness } = setup();
    const onEnded = jest.fn();
    const unwatch = tracker.watch(user('gone', MINUTE), onEnded);
    unwatch();
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(2 * MINUTE);
    await end('gone', 'logout');
    expect(onEnded).not.toHaveBeenCalled();
    expect(liveness).not.toHaveBeenCalled();
  });
});
