import Redis from 'ioredis';
import { MediaService, MeetingMedia } from '@app/media';
import { testRedisUrl } from '@app/testing';
import { waitFor } from '../support/collab';
import { InstanceProcess, startInstanceProcess } from '../support/instance-process';
import { LiveBoard, LiveClient, connectLive, emitLive, listen, liveBoard } from '../support/live';
import { MediaClient, feed } from '../support/media-client';
import { TestApp, startTestApp } from '../support/test-app';

const redisUrl = testRedisUrl();
const describeWithRedis = redisUrl ? describe : describe.skip;
/** Short, so a killed owner's lease lapses within the test's patience. */
const LEASE_MS = 1_500;
const INSTANCE_ENV = {
  MEDIA_OWNER_LEASE_MS: String(LEASE_MS),
  MEDIASOUP_WORKERS: '1',
  MEDIASOUP_LISTEN_IP: '127.0.0.1',
  PRESENCE_HEARTBEAT_MS: '400',
};

function next<T>(socket: LiveClient, event: string, accept: (payload: T) => boolean = () => true) {
  return new Promise<T>((resolve) => {
    const listener = (payload: T) => {
      if (!accept(payload)) return;
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

describeWithRedis('video across instances: one owner per meeting’s media room (Redis)', () => {
  let b: TestApp;
  let urlB: string;
  let a: InstanceProcess;
  let live: LiveBoard;
  let redis: Redis;
  const processes: InstanceProcess[] = [];
  const sockets: LiveClient[] = [];
  const clients: MediaClient[] = [];
  const stops: Array<() => void> = [];
  /** Kept from one step of the meeting to the next. */
  let pathologist: { socket: LiveClient; media: MediaClient };
  let chairOnB: { socket: LiveClient; media: MediaClient };

  const ownerOfMeeting = () => redis.get(`tb:media:owner:${live.meetingId}`);
  const member = async (url: string, who: string) => {
    const socket = await connectLive(url, live.people[who].token);
    sockets.push(socket);
    const joined = await emitLive(socket, 'meeting:join', { meetingId: live.meetingId });
    if (!joined.ok) throw new Error(`${who}: ${joined.error.message}`);
    return { socket, media: video(socket) };
  };
  const video = (socket: LiveClient) => {
    const client = new MediaClient(socket, live.meetingId);
    clients.push(client);
    return client;
  };
  const sending = async (client: MediaClient, source: 'camera' | 'microphone') => {
    const { track, producer } = await client.produce(source);
    stops.push(feed(track));
    return producer.id;
  };
  const receives = async (client: MediaClient, producerId: string, what: string) => {
    const { packets } = await client.consume(producerId);
    await waitFor(() => packets() > 10, 15_000, what);
  };

  beforeAll(async () => {
    redis = new Redis(redisUrl ?? '');
    b = await startTestApp({ REDIS_URL: redisUrl ?? '', ...INSTANCE_ENV });
    urlB = await listen(b);
    live = await liveBoard(b, 'Two-instance Video Board');
    a = await startInstanceProcess(b.database.url, redisUrl ?? '', INSTANCE_ENV);
    processes.push(a);
  }, 90_000);

  afterAll(async () => {
    stops.forEach((stop) => stop());
    clients.forEach((client) => client.close());
    sockets.forEach((socket) => socket.disconnect());
    for (const { child } of processes) child.kill('SIGKILL');
    await b?.close();
    await redis?.quit();
  });

  it('carries camera and microphone between members on different instances, through the owner’s one room', async () => {
    const chair = await member(a.url, 'chair');
    await chair.media.join();
    const camera = await sending(chair.media, 'camera');
    const ownerA = await ownerOfMeeting();
    expect(ownerA).toEqual(expect.any(String));
    expect(ownerA).not.toBe(b.app.get(MeetingMedia).instanceId);

    pathologist = await member(urlB, 'pathologist');
    const { producers } = await pathologist.media.join();
    expect(producers).toEqual([expect.objectContaining({ producerId: camera, source: 'camera' })]);
    await receives(
      pathologist.media,
      camera,
      'the chair’s camera (instance A) at the pathologist (B)',
    );
    // B forwarded every step: it has no room of its own for the meeting.
    expect(b.app.get(MediaService).meetingIds()).not.toContain(live.meetingId);

    const announced = next<{ producerId: string }>(chair.socket, 'media:newProducer');
    const microphone = await sending(pathologist.media, 'microphone');
    expect(await announced).toMatchObject({ producerId: microphone });
    await receives(chair.media, microphone, 'the pathologist’s microphone (B) at the chair (A)');

    const muted = next<{ producerId: string }>(chair.socket, 'media:producerPaused');
    await pathologist.media.request('media:producer', { producerId: microphone, action: 'pause' });
    expect(await muted).toEqual({ producerId: microphone });
    await pathologist.media.request('media:producer', { producerId: microphone, action: 'resume' });

    // Refusals on the owner come back as they were.
    await expect(
      pathologist.media.request('media:produce', {
        transportId: pathologist.media.sendTransport?.id,
        kind: 'audio',
        rtpParameters: {},
        appData: { source: 'microphone' },
      }),
    ).rejects.toMatchObject({ code: 'already_producing' });
    await expect(
      pathologist.media.request('media:consume', {
        transportId: pathologist.media.recvTransport?.id,
        producerId: '00000000-0000-4000-8000-000000000000',
        rtpCapabilities: pathologist.media.device.rtpCapabilities,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });

    // A socket on B that goes away leaves the owner's room: its streams close for the others.
    const radiologist = await member(urlB, 'radiologist');
    await radiologist.media.join();
    const radiologistCamera = await sending(radiologist.media, 'camera');
    await receives(chair.media, radiologistCamera, 'the radiologist’s camera (B) at the chair (A)');
    const closed = next<{ producerId: string; consumerId: string | null }>(
      chair.socket,
      'media:producerClosed',
      (event) => event.producerId === radiologistCamera,
    );
    radiologist.socket.disconnect();
    expect(await closed).toMatchObject({ consumerId: expect.any(String) });
  }, 90_000);

  it('kills the owner mid-meeting: the members left are told, reconnect, and the video comes back on the other instance', async () => {
    const restarted = next<{ meetingId: string }>(pathologist.socket, 'media:restart');

    a.child.kill('SIGKILL');
    expect(await restarted).toMatchObject({ meetingId: live.meetingId });

    // The chair's browser reconnects through the load balancer, now to B, and sends again.
    chairOnB = await member(urlB, 'chair');
    await chairOnB.media.join();
    const camera = await sending(chairOnB.media, 'camera');
    expect(await ownerOfMeeting()).toBe(b.app.get(MeetingMedia).instanceId);

    // The pathologist's client does what `media:restart` asks: its video connects again.
    pathologist.media.close();
    pathologist.media = video(pathologist.socket);
    const { producers } = await pathologist.media.join();
    expect(producers.map((producer) => producer.producerId)).toEqual([camera]);
    await receives(pathologist.media, camera, 'the chair’s camera after the owner died');
    const microphone = await sending(pathologist.media, 'microphone');
    await receives(chairOnB.media, microphone, 'the pathologist’s microphone after the owner died');
  }, 90_000);

  it('drops the peers of an instance that dies while the owner lives on', async () => {
    const c = await startInstanceProcess(b.database.url, redisUrl ?? '', INSTANCE_ENV);
    processes.push(c);
    const surgeon = await member(c.url, 'surgeon');
    await surgeon.media.join();
    const microphone = await sending(surgeon.media, 'microphone');
    await receives(chairOnB.media, microphone, 'the surgeon’s microphone (C) at the chair (B)');
    const closed = next<{ producerId: string }>(
      chairOnB.socket,
      'media:producerClosed',
      (event) => event.producerId === microphone,
    );

    c.child.kill('SIGKILL');
    expect(await closed).toMatchObject({ producerId: microphone });
    expect(b.app.get(MediaService).socketsIn(live.meetingId)).toHaveLength(2);
  }, 90_000);
});
