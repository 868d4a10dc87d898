import Redis from 'ioredis';
import { redisReady } from '@app/persistence';
import { testRedisUrl } from '@app/testing';

const redisUrl = testRedisUrl();
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('subscribing once Redis is ready (ioredis#2037)', () => {
  it('keeps a subscription made while the connection is still in its handshake', async () => {
    const probe = new Redis(redisUrl ?? '');
    const subscribers: Redis[] = [];
    try {
      const channels = Array.from(
        { length: 8 },
        (_, index) => `tb:test:ready:${Date.now()}:${index}`,
      );
      for (const channel of channels) {
        const subscriber = new Redis(redisUrl ?? '');
        subscriber.on('error', () => undefined);
        subscribers.push(subscriber);
        // The moment ioredis 5.8+ would write a SUBSCRIBE ahead of its ready check.
        await new Promise((resolve) => subscriber.once('connect', resolve));
        await redisReady(subscriber);
        await subscriber.subscribe(channel);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      const counts = (await probe.pubsub('NUMSUB', ...channels)) as Array<string | number>;
      expect(counts.filter((_, index) => index % 2 === 1).map(Number)).toEqual(
        channels.map(() => 1),
      );
    } finally {
      await Promise.all([probe, ...subscribers].map((client) => client.quit()));
    }
  });
});
