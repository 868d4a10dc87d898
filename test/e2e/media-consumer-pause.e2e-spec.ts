import type { types } from 'mediasoup';
import { WorkerPool } from '@app/media';
import { waitFor } from '../support/collab';
import { LiveBoard, LiveClient, connectLive, emitLive, listen, liveBoard } from '../support/live';
import { MediaClient, feed } from '../support/media-client';
import { TestApp, startTestApp } from '../support/test-app';

type Closed = { producerId: string; consumerId: string | null };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The next `media:producerClosed` of this producer the socket receives. */
function producerClosed(socket: LiveClient, producerId: string): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('media:producerClosed', listener);
      reject(new Error(`no media:producerClosed for ${producerId}`));
    }, 10_000);
    const listener = (closed: Closed) => {
      if (closed.producerId !== producerId) return;
      clearTimeout(timer);
      socket.off('media:producerClosed', listener);
      resolve(closed);
    };
    socket.on('media:producerClosed', listener);
  });
}

describe('pausing a consumer on the server, and producers closing for the whole meeting', () => {
  let t: TestApp;
  let url: string;
  let live: LiveBoard;
  const sockets: Record<string, LiveClient> = {};
  const clients: Record<string, MediaClient> = {};
  const stops: Array<() => void> = [];
  /** Every consumer the server creates, as mediasoup holds it. */
  const serverConsumers = new Map<string, types.Consumer>();
  /** Every `media:producerClosed` each socket received. */
  const closedEvents: Record<string, Closed[]> = {};
  let cameraId = '';
  let consumerId = '';
  let packets: () => number = () => 0;

  const send = (who: string, event: string, payload: unknown) =>
    sockets[who].timeout(5_000).emitWithAck(event, payload) as Promise<{
      ok: boolean;
      error?: { code: string; message: string };
    }>;

  /** RTP packets that reach the pathologist's consumer over a second, once in-flight ones settled. */
  const packetsInASecond = async () => {
    await sleep(300);
    const before = packets();
    await sleep(1_000);
    return packets() - before;
  };

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    live = await liveBoard(t, 'Paused Video Board');
    for (const { worker } of t.app.get(WorkerPool).workers()) {
      worker.observer.on('newrouter', (router) =>
        router.observer.on('newtransport', (transport) =>
          transport.observer.on('newconsumer', (consumer) =>
            serverConsumers.set(consumer.id, consumer),
          ),
        ),
      );
    }
    for (const who of ['chair', 'pathologist', 'radiologist', 'observer']) {
      sockets[who] = await connectLive(url, live.people[who].token);
      const joined = await emitLive(sockets[who], 'meeting:join', { meetingId: live.meetingId });
      if (!joined.ok) throw new Error(joined.error.message);
      closedEvents[who] = [];
      sockets[who].on('media:producerClosed', (closed: Closed) => closedEvents[who].push(closed));
      clients[who] = new MediaClient(sockets[who], live.meetingId);
    }
    // The observer is in the meeting but never joins its media.
    for (const who of ['chair', 'pathologist', 'radiologist']) await clients[who].join();
    const { track, producer } = await clients.chair.produce('camera');
    stops.push(feed(track));
    cameraId = producer.id;
    const consumed = await clients.pathologist.consume(cameraId);
    consumerId = consumed.consumer.id;
    packets = consumed.packets;
    await waitFor(() => packets() > 10, 10_000, 'RTP at the pathologist');
  }, 60_000);

  afterAll(async () => {
    stops.forEach((stop) => stop());
    Object.values(clients).forEach((client) => client.close());
    Object.values(sockets).forEach((socket) => socket.disconnect());
    await t.close();
  });

  it('pauses the consumer on the server (nothing forwarded) and resumes it, both idempotent', async () => {
    const consumer = serverConsumers.get(consumerId);
    expect(consumer?.paused).toBe(false);

    await expect(
      send('pathologist', 'media:pause', { meetingId: live.meetingId, consumerId }),
    ).resolves.toEqual({ ok: true });
    expect(consumer?.paused).toBe(true);
    expect(await packetsInASecond()).toBeLessThanOrEqual(2);
    await expect(
      send('pathologist', 'media:pause', { meetingId: live.meetingId, consumerId }),
    ).resolves.toEqual({ ok: true });
    expect(consumer?.paused).toBe(true);
    // The producer still sends: only this consumer is held back.
    expect(serverConsumers.get(consumerId)?.producerPaused).toBe(false);

    await expect(
      send('pathologist', 'media:resume', { meetingId: live.meetingId, consumerId }),
    ).resolves.toEqual({ ok: true });
    expect(consumer?.paused).toBe(false);
    const resumedAt = packets();
    await waitFor(() => packets() > resumedAt + 10, 10_000, 'RTP after media:resume');
    await expect(
      send('pathologist', 'media:resume', { meetingId: live.meetingId, consumerId }),
    ).resolves.toEqual({ ok: true });
    expect(consumer?.paused).toBe(false);
  });

  it('refuses another peer’s consumer as not found, and leaves it running', async () => {
    for (const event of ['media:pause', 'media:resume']) {
      const ack = await send('radiologist', event, { meetingId: live.meetingId, consumerId });
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(serverConsumers.get(consumerId)?.paused).toBe(false);
    expect(await packetsInASecond()).toBeGreaterThan(10);
    // Not in the meeting's media at all.
    const outside = await send('observer', 'media:pause', {
      meetingId: live.meetingId,
      consumerId,
    });
    expect(outside).toMatchObject({ ok: false, error: { code: 'not_joined' } });
  });

  it('refuses malformed pause payloads with invalid_input', async () => {
    for (const payload of [
      'pause',
      null,
      [live.meetingId, consumerId],
      {},
      { meetingId: live.meetingId },
      { consumerId },
      { meetingId: 'not-a-uuid', consumerId },
      { meetingId: live.meetingId, consumerId: 42 },
      { meetingId: live.meetingId, consumerId, paused: true },
    ]) {
      const ack = await send('pathologist', 'media:pause', payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(serverConsumers.get(consumerId)?.paused).toBe(false);
  });

  it('tells everyone in the meeting that a producer closed, with their consumer where they had one', async () => {
    const pathologist = producerClosed(sockets.pathologist, cameraId);
    const radiologist = producerClosed(sockets.radiologist, cameraId);
    const observer = producerClosed(sockets.observer, cameraId);
    await clients.chair.request('media:producer', { producerId: cameraId, action: 'close' });
    // The receiver learns which of its consumers closed; the others, who never received it, too.
    expect(await pathologist).toEqual({ producerId: cameraId, consumerId });
    expect(await radiologist).toEqual({ producerId: cameraId, consumerId: null });
    expect(await observer).toEqual({ producerId: cameraId, consumerId: null });
    await sleep(300);
    expect(closedEvents.chair).toEqual([]);
    expect(
      closedEvents.pathologist.filter((closed) => closed.producerId === cameraId),
    ).toHaveLength(1);
    await waitFor(
      () => serverConsumers.get(consumerId)?.closed === true,
      10_000,
      'the consumer to close',
    );
  });

  it('tells the meeting about the producers of a peer that leaves the media', async () => {
    const { track, producer } = await clients.radiologist.produce('microphone');
    stops.push(feed(track));
    const others = ['chair', 'pathologist', 'observer'].map((who) =>
      producerClosed(sockets[who], producer.id),
    );
    await clients.radiologist.request('media:leave', {});
    for (const closed of await Promise.all(others))
      expect(closed).toEqual({ producerId: producer.id, consumerId: null });
    await sleep(300);
    expect(closedEvents.radiologist.map((closed) => closed.producerId)).not.toContain(producer.id);
  });
});
