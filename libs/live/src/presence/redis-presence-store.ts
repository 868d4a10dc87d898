import Redis from 'ioredis';
import { ImagingUpdate, PresenceEntry } from '@app/contracts';
import { Clock } from '@app/core';
import { ExpiredAttendee, PresenceStore } from './presence-store';

/** Keys of one meeting share a hash tag, so a script touching them stays on one cluster slot. */
const keysOf = (meetingId: string) => {
  const base = `tb:live:{${meetingId}}`;
  return {
    sockets: `${base}:sockets`,
    expiry: `${base}:expiry`,
    userPrefix: `${base}:user:`,
    imaging: `${base}:imaging`,
  };
};
const MEETINGS = 'tb:live:meetings';

/** KEYS: sockets, expiry, user set · ARGV: socket id, entry JSON, expires at (ms), key ttl (ms). */
const ADD = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local added = redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
return added`;

/** KEYS: sockets, expiry, user set · ARGV: socket id. Returns -1 when absent, else the user's sockets left. */
const REMOVE = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return -1 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
return redis.call('SCARD', KEYS[3])`;

/**
 * KEYS: sockets, expiry · ARGV: now (ms), user key prefix, ttl (ms).
 * Returns [userId, expiresAt, …] for users whose last socket expired.
 */
const SWEEP = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'WITHSCORES')
local gone = {}
for i = 1, #expired, 2 do
  local sid = expired[i]
  local json = redis.call('HGET', KEYS[1], sid)
  redis.call('HDEL', KEYS[1], sid)
  redis.call('ZREM', KEYS[2], sid)
  if json then
    local userKey = ARGV[2] .. cjson.decode(json).userId
    redis.call('SREM', userKey, sid)
    if redis.call('SCARD', userKey) == 0 then
      table.insert(gone, cjson.decode(json).userId)
      table.insert(gone, tostring(tonumber(expired[i + 1]) - tonumber(ARGV[3])))
    end
  end
end
return gone`;

export interface RedisPresenceOptions {
  /** A socket not refreshed for this long is dropped from its room. */
  ttlMs: number;
  /** Expiry times are instants of this clock, shared by every instance through Redis. */
  clock: Clock;
}

/**
 * Presence shared through Redis. Per meeting: a hash of socket → entry, a
 * sorted set of socket → expiry time and a set of sockets per user, changed
 * together by Lua scripts so concurrent instances never see half an update.
 * Every key also expires, so nothing outlives the last instance that used it.
 */
export class RedisPresenceStore implements PresenceStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly options: RedisPresenceOptions,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined);
  }

  private nowMs(): number {
    return this.options.clock.now().getTime();
  }

  private get keyTtlMs(): number {
    return this.options.ttlMs * 3;
  }

  async add(meetingId: string, socketId: string, entry: PresenceEntry): Promise<void> {
    const keys = keysOf(meetingId);
    await this.redis.eval(
      ADD,
      3,
      keys.sockets,
      keys.expiry,
      keys.userPrefix + entry.userId,
      socketId,
      JSON.stringify(entry),
      this.nowMs() + this.options.ttlMs,
      this.keyTtlMs,
    );
    await this.redis.sadd(MEETINGS, meetingId);
  }

  async remove(
    meetingId: string,
    socketId: string,
    userId: string,
  ): Promise<{ removed: boolean; userGone: boolean }> {
    const keys = keysOf(meetingId);
    const left = Number(
      await this.redis.eval(
        REMOVE,
        3,
        keys.sockets,
        keys.expiry,
        keys.userPrefix + userId,
        socketId,
      ),
    );
    return { removed: left >= 0, userGone: left === 0 };
  }

  async list(meetingId: string): Promise<PresenceEntry[]> {
    const keys = keysOf(meetingId);
    const [entries, live] = await Promise.all([
      this.redis.hgetall(keys.sockets),
      this.redis.zrangebyscore(keys.expiry, this.nowMs(), '+inf'),
    ]);
    return live.flatMap((socketId) => {
      const json = entries[socketId];
      return json ? [JSON.parse(json) as PresenceEntry] : [];
    });
  }

  async refresh(
    sockets: Array<{ meetingId: string; socketId: string; entry: PresenceEntry }>,
  ): Promise<Array<{ meetingId: string; userId: string }>> {
    if (sockets.length === 0) return [];
    const pipeline = this.redis.pipeline();
    const expiresAt = this.nowMs() + this.options.ttlMs;
    for (const { meetingId, socketId, entry } of sockets) {
      const keys = keysOf(meetingId);
      pipeline.eval(
        ADD,
        3,
        keys.sockets,
        keys.expiry,
        keys.userPrefix + entry.userId,
        socketId,
        JSON.stringify(entry),
        expiresAt,
        this.keyTtlMs,
      );
    }
    pipeline.sadd(MEETINGS, ...new Set(sockets.map((socket) => socket.meetingId)));
    const results = (await pipeline.exec()) ?? [];
    return sockets
      .filter((_, index) => Number(results[index]?.[1]) === 1)
      .map(({ meetingId, entry }) => ({ meetingId, userId: entry.userId }));
  }

  async sweep(): Promise<ExpiredAttendee[]> {
    const expired: ExpiredAttendee[] = [];
    for (const meetingId of await this.redis.smembers(MEETINGS)) {
      const keys = keysOf(meetingId);
      const gone = (await this.redis.eval(
        SWEEP,
        2,
        keys.sockets,
        keys.expiry,
        this.nowMs(),
        keys.userPrefix,
        this.options.ttlMs,
      )) as string[];
      for (let i = 0; i < gone.length; i += 2) {
        expired.push({ meetingId, userId: gone[i], lastSeen: new Date(Number(gone[i + 1])) });
      }
      if ((await this.redis.exists(keys.sockets)) === 0) await this.redis.srem(MEETINGS, meetingId);
    }
    return expired;
  }

  async setImaging(meetingId: string, update: ImagingUpdate | null): Promise<void> {
    const key = keysOf(meetingId).imaging;
    if (update) await this.redis.set(key, JSON.stringify(update), 'PX', this.keyTtlMs * 40);
    else await this.redis.del(key);
  }

  async imaging(meetingId: string): Promise<ImagingUpdate | null> {
    const json = await this.redis.get(keysOf(meetingId).imaging);
    return json ? (JSON.parse(json) as ImagingUpdate) : null;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
