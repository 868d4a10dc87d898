import { randomUUID } from 'node:crypto';
import { BoardRole, PresenceEntry, Specialty } from '@app/contracts';
import { systemClock } from '@app/core';
import { InMemoryPresenceStore, PresenceStore, RedisPresenceStore } from '@app/live';
import { TestClock, testRedisUrl } from '@app/testing';

const redisUrl = testRedisUrl();

const entry = (userId: string, specialty = Specialty.Pathology): PresenceEntry => ({
  userId,
  displayName: `Dr ${userId.slice(0, 4)}`,
  role: BoardRole.Panelist,
  specialty,
  votingRight: true,
});

const stores: Array<[string, () => PresenceStore]> = [
  ['in memory', () => new InMemoryPresenceStore()],
];
if (redisUrl)
  stores.push([
    'Redis',
    () => new RedisPresenceStore(redisUrl, { ttlMs: 60_000, clock: systemClock }),
  ]);

describe.each(stores)('presence store (%s)', (_name, create) => {
  let store: PresenceStore;
  beforeEach(() => {
    store = create();
  });
  afterEach(() => store.close());

  it('knows when a user with several devices has really left', async () => {
    const meeting = randomUUID();
    const user = randomUUID();
    const other = randomUUID();
    await store.add(meeting, 's1', entry(user));
    await store.add(meeting, 's2', entry(user));
    await store.add(meeting, 's3', entry(other, Specialty.Radiology));
    expect((await store.list(meeting)).map((e) => e.userId).sort()).toEqual(
      [user, user, other].sort(),
    );
    expect(await store.remove(meeting, 's1', user)).toEqual({ removed: true, userGone: false });
    expect(await store.remove(meeting, 's2', user)).toEqual({ removed: true, userGone: true });
    expect(await store.remove(meeting, 's2', user)).toEqual({ removed: false, userGone: false });
    expect(await store.list(meeting)).toEqual([entry(other, Specialty.Radiology)]);
  });

  it('keeps the latest imaging viewport per meeting', async () => {
    const meeting = randomUUID();
    expect(await store.imaging(meeting)).toBeNull();
    const update = {
      meetingId: meeting,
      from: randomUUID(),
      viewport: { studyInstanceUid: '1.2.3', frame: 4 },
      sentAt: new Date().toISOString(),
    };
    await store.setImaging(meeting, update);
    expect(await store.imaging(meeting)).toEqual(update);
    await store.setImaging(meeting, null);
    expect(await store.imaging(meeting)).toBeNull();
  });
});

/**
 * Expiry runs on a test clock, so the outcome does not depend on how busy the machine is. The sweep
 * looks at every meeting in its Redis database; a database of its own keeps this test's clock from
 * expiring the presence of other suites running at the same time.
 */
function isolatedRedisUrl(url: string): string {
  const isolated = new URL(url);
  isolated.pathname = '/13';
  return isolated.toString();
}

(redisUrl ? describe : describe.skip)('Redis presence expiry', () => {
  it('drops sockets nobody refreshes, reports users who thereby left, and revives refreshed ones', async () => {
    const clock = new TestClock();
    const store = new RedisPresenceStore(isolatedRedisUrl(redisUrl as string), {
      ttlMs: 60_000,
      clock,
    });
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, seconds));
    try {
      const meeting = randomUUID();
      const stale = randomUUID();
      const alive = randomUUID();
      clock.set(at(0));
      await store.add(meeting, 'crashed-instance-socket', entry(stale));
      await store.add(meeting, 'live-socket', entry(alive));
      clock.set(at(36));
      await store.refresh([{ meetingId: meeting, socketId: 'live-socket', entry: entry(alive) }]);
      clock.set(at(81));

      expect((await store.list(meeting)).map((e) => e.userId)).toEqual([alive]);
      const swept = (await store.sweep()).filter((x) => x.meetingId === meeting);
      expect(swept).toEqual([{ meetingId: meeting, userId: stale, lastSeen: at(0) }]);
      expect((await store.sweep()).filter((x) => x.meetingId === meeting)).toEqual([]);

      clock.set(at(97));
      expect((await store.sweep()).filter((x) => x.meetingId === meeting)).toEqual([
        { meetingId: meeting, userId: alive, lastSeen: at(36) },
      ]);
      expect(
        await store.refresh([{ meetingId: meeting, socketId: 'live-socket', entry: entry(alive) }]),
      ).toEqual([{ meetingId: meeting, userId: alive }]);
      expect((await store.list(meeting)).map((e) => e.userId)).toEqual([alive]);
    } finally {
      await store.close();
    }
  });
});
