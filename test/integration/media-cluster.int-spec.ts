import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Refused } from '@app/core';
import { ForwardedMediaError, MediaCall, MediaCluster } from '@app/media';
import { testRedisUrl } from '@app/testing';

const redisUrl = testRedisUrl();
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('media cluster: ownership leases and forwarded calls over real Redis', () => {
  const started: MediaCluster[] = [];
  let redis: Redis;

  const cluster = async (
    leaseMs = 5_000,
    handler: (call: MediaCall, from: string) => Promise<unknown> = async (call, from) => ({
      op: call.op,
      from,
    }),
  ) => {
    const instance = new MediaCluster(redisUrl ?? '', leaseMs);
    started.push(instance);
    await instance.start(handler);
    return instance;
  };
  const stats = (meetingId = randomUUID()): MediaCall => ({ op: 'stats', meetingId });

  beforeAll(() => {
    redis = new Redis(redisUrl ?? '');
  });

  afterAll(async () => {
    await Promise.all(started.map((instance) => instance.stop()));
    await redis.quit();
  });

  it('gives a meeting to the first instance that claims it, keeps it while renewed, frees it on release', async () => {
    const [a, b] = [await cluster(), await cluster()];
    const meetingId = randomUUID();
    expect(await a.claim(meetingId)).toBe(a.instanceId);
    expect(await b.claim(meetingId)).toBe(a.instanceId);
    expect(await a.renew([meetingId])).toEqual([]);
    expect(await b.owners([meetingId, randomUUID()])).toEqual([a.instanceId, null]);

    await b.release(meetingId);
    expect(await b.owners([meetingId])).toEqual([a.instanceId]);
    await a.release(meetingId);
    expect(await b.claim(meetingId)).toBe(b.instanceId);
  });

  it('lets another instance take a lapsed lease; the old owner learns it lost the meeting', async () => {
    const [a, b] = [await cluster(300), await cluster(300)];
    const meetingId = randomUUID();
    expect(await a.claim(meetingId)).toBe(a.instanceId);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await b.claim(meetingId)).toBe(b.instanceId);
    expect(await a.renew([meetingId])).toEqual([meetingId]);
    expect(await b.owners([meetingId])).toEqual([b.instanceId]);
  });

  it('renews a lease that lapsed while no one else took it', async () => {
    const a = await cluster(300);
    const meetingId = randomUUID();
    await a.claim(meetingId);
    await redis.del(`tb:media:owner:${meetingId}`);
    expect(await a.renew([meetingId])).toEqual([]);
    expect(await a.owners([meetingId])).toEqual([a.instanceId]);
  });

  it('runs a call on the owner and answers its result, or raises its refusal as it was', async () => {
    const owner = await cluster(5_000, async (call, from) => {
      if (call.op === 'produce') throw new Refused('already_producing', 'you already send camera');
      if (call.op === 'consume') throw new Error('a bug on the owner');
      return { op: call.op, from };
    });
    const caller = await cluster();
    expect(await caller.call(owner.instanceId, stats())).toEqual({
      op: 'stats',
      from: caller.instanceId,
    });
    const refused = caller.call(owner.instanceId, {
      op: 'produce',
      meetingId: randomUUID(),
      socketId: 's',
      transportId: 't',
      kind: 'video',
      rtpParameters: { codecs: [] },
      source: 'camera',
    });
    await expect(refused).rejects.toBeInstanceOf(ForwardedMediaError);
    await expect(refused).rejects.toMatchObject({
      status: 409,
      code: 'already_producing',
      message: 'you already send camera',
    });
    await expect(
      caller.call(owner.instanceId, {
        op: 'consume',
        meetingId: randomUUID(),
        socketId: 's',
        transportId: 't',
        producerId: 'p',
        rtpCapabilities: {},
      }),
    ).rejects.toMatchObject({ status: 500, code: 'internal', message: 'internal error' });
  });

  it('refuses at once, with 503, a call to an instance that is not there', async () => {
    const caller = await cluster();
    const before = Date.now();
    await expect(caller.call(randomUUID(), stats())).rejects.toMatchObject({
      status: 503,
      code: 'media_unavailable',
    });
    expect(Date.now() - before).toBeLessThan(2_000);
  });

  it('ignores garbage on its channels and keeps answering', async () => {
    const owner = await cluster();
    const caller = await cluster();
    for (const junk of [
      '',
      'not json',
      '{"id":1}',
      'null',
      '[]',
      '{"id":"x","from":"y","call":{"op":"nope"}}',
    ])
      await redis.publish(`tb:media:calls:${owner.instanceId}`, junk);
    await redis.publish(`tb:media:replies:${caller.instanceId}`, '{"id":"unknown","ok":true}');
    await redis.publish(`tb:media:replies:${caller.instanceId}`, 'garbage');
    expect(await caller.call(owner.instanceId, stats())).toMatchObject({ op: 'stats' });
  });

  it('tells which instances stopped beating', async () => {
    const [a, b] = [await cluster(), await cluster()];
    expect(await a.deadAmong([a.instanceId, b.instanceId])).toEqual([]);
    await b.stop();
    started.splice(started.indexOf(b), 1);
    expect(await a.deadAmong([a.instanceId, b.instanceId])).toEqual([b.instanceId]);
  });
});
