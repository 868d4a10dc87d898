import type Redis from 'ioredis';

/**
 * Resolves once the Redis connection has finished its handshake. Subscribe
 * only after it: ioredis 5.8+ writes a SUBSCRIBE issued while it connects
 * ahead of its ready check (INFO), which Redis then refuses in subscriber
 * mode; ioredis drops and reopens the connection and the subscription is
 * silently lost (redis/ioredis#2037, fixed in ioredis 6, which TypeORM 0.3
 * does not accept yet). After a later reconnection ioredis subscribes again
 * by itself, once ready. Connection errors do not reject: it waits for Redis.
 */
export function redisReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}
