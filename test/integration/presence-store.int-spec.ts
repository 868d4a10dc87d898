import { randomUUID } from 'node:crypto';
import { BoardRole, PresenceEntry, Specialty } from '@app/contracts';
import { systemClock } from '@app/core';
import { InMemoryPresenceStore, PresenceStore, RedisPresenceStore } from '@app/live';
import { testRedisUrl } from '@app/testing';

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

(redisUrl ? describe : describe.skip)('Redis presence expiry', () => {
  it('drops sockets nobody refreshes, reports users who thereby left, and revives refreshed ones', async () => {
    const store = new RedisPresenceStore(redisUrl as string, { ttlMs: 200, clock: systemClock });
    try {
      const meeting = randomUUID();
      const stale = randomUUID();
      const alive = randomUUID();
      await store.add(meeting, 'crashed-instance-socket', entry(stale));
      await store.add(meeting, 'live-socket', entry(alive));
      const before = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 120));
      await store.refresh([{ meetingId: meeting, socketId: 'live-socket', entry: entry(alive) }]);
      await new Promise((resolve) => setTimeout(resolve, 150));

      expect((await store.list(meeting)).map((e) => e.userId)).toEqual([alive]);
      const swept = (await store.sweep()).filter((x) => x.meetingId === meeting);
      expect(swept).toEqual([{ meetingId: meeting, userId: stale, lastSeen: expect.any(Date) }]);
      expect(Math.abs(swept[0].lastSeen.getTime() - before)).toBeLessThan(100);
      expect((await store.sweep()).filter((x) => x.meetingId === meeting)).toEqual([]);

      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await store.sweep()).filter((x) => x.meetingId === meeting)).toEqual([
        { meetingId: meeting, userId: alive, lastSeen: expect.any(Date) },
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
