import request from 'supertest';
import type { types } from 'mediasoup';
import { WorkerPool } from '@app/media';
import { LiveBoard, LiveClient, connectLive, emitLive, listen, liveBoard } from '../support/live';
import { waitFor } from '../support/collab';
import { MediaClient, feed } from '../support/media-client';
import { TestApp, bearer, startTestApp } from '../support/test-app';

describe('video through the mediasoup SFU with real WebRTC clients', () => {
  let t: TestApp;
  let url: string;
  let live: LiveBoard;
  let pool: WorkerPool;
  const sockets: Record<string, LiveClient> = {};
  const clients: Record<string, MediaClient> = {};
  const stops: Array<() => void> = [];
  /** The meeting's router on the replacement worker, to read its own resource dump. */
  let router: types.Router | undefined;
  /** The chair's camera, from the first test on. */
  let cameraId = '';

  const resources = async () => {
    const dumps = await Promise.all(pool.workers().map((pooled) => pooled.worker.dump()));
    return dumps.reduce((sum, dump) => sum + dump.routerIds.length, 0);
  };

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    live = await liveBoard(t, 'Video Board');
    pool = t.app.get(WorkerPool);
    for (const who of ['chair', 'pathologist', 'observer']) {
      sockets[who] = await connectLive(url, live.people[who].token);
      const joined = await emitLive(sockets[who], 'meeting:join', { meetingId: live.meetingId });
      if (!joined.ok) throw new Error(joined.error.message);
      clients[who] = new MediaClient(sockets[who], live.meetingId);
    }
  }, 60_000);

  afterAll(async () => {
    stops.forEach((stop) => stop());
    Object.values(clients).forEach((client) => client.close());
    Object.values(sockets).forEach((socket) => socket.disconnect());
    await t.close();
  });

  it('carries a camera from one member to another: RTP arrives, mute stops it, unmute resumes it', async () => {
    const chair = clients.chair;
    await chair.join();
    const { track, producer } = await chair.produce('camera');
    stops.push(feed(track));
    cameraId = producer.id;

    const pathologist = clients.pathologist;
    const { producers } = await pathologist.join();
    expect(producers).toEqual([
      expect.objectContaining({ producerId: producer.id, source: 'camera' }),
    ]);
    const { consumer, packets } = await pathologist.consume(producer.id);
    await waitFor(() => packets() > 10, 10_000, 'RTP packets at the consumer');
    await pathologist.request('media:layers', {
      consumerId: consumer.id,
      spatialLayer: 0,
      temporalLayer: 0,
    });
    await expect(
      pathologist.request('media:layers', { consumerId: consumer.id, spatialLayer: 7 }),
    ).rejects.toMatchObject({ code: 'invalid_input' });

    const paused = new Promise((resolve) =>
      sockets.pathologist.once('media:producerPaused', resolve),
    );
    await chair.request('media:producer', { producerId: producer.id, action: 'pause' });
    await paused;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whileMuted = packets();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(packets() - whileMuted).toBeLessThanOrEqual(2);
    await chair.request('media:producer', { producerId: producer.id, action: 'resume' });
    await waitFor(() => packets() > whileMuted + 10, 10_000, 'RTP after unmute');
  });

  it('answers in mediasoup-client’s shapes and still accepts the explicit ones of earlier clients', async () => {
    // The camera above went through mediasoup-client's shapes untouched: the `produce` event's
    // parameters as they are (appData.source), the answer straight to its callback ({ id }),
    // and the consume answer straight to `transport.consume()`.
    const camera = { producerId: cameraId };
    const raw = await clients.pathologist.request<{ consumer: Record<string, unknown> }>(
      'media:consume',
      {
        transportId: clients.pathologist.recvTransport?.id,
        producerId: camera.producerId,
        rtpCapabilities: clients.pathologist.device.rtpCapabilities,
      },
    );
    expect(raw.consumer).toMatchObject({
      id: raw.consumer.consumerId,
      producerId: camera.producerId,
      kind: 'video',
      appData: { source: 'camera' },
      source: 'camera',
    });

    sockets.radiologist = await connectLive(url, live.people.radiologist.token);
    const joined = await emitLive(sockets.radiologist, 'meeting:join', {
      meetingId: live.meetingId,
    });
    expect(joined.ok).toBe(true);
    const radiologist = new MediaClient(sockets.radiologist, live.meetingId, 'explicit');
    clients.radiologist = radiologist;
    await radiologist.join();
    const { packets } = await radiologist.consume(camera.producerId);
    await waitFor(() => packets() > 5, 10_000, 'RTP at a client using the explicit shapes');
    const announced = new Promise<{ source: string }>((resolve) =>
      sockets.observer.once('media:newProducer', resolve),
    );
    const microphone = await radiologist.produce('microphone');
    stops.push(feed(microphone.track));
    expect(await announced).toMatchObject({
      producerId: microphone.producer.id,
      source: 'microphone',
    });

    const conflicting = await sockets.radiologist.timeout(5_000).emitWithAck('media:produce', {
      meetingId: live.meetingId,
      transportId: radiologist.sendTransport?.id,
      kind: 'video',
      source: 'camera',
      appData: { source: 'screen' },
      rtpParameters: {},
    });
    expect(conflicting).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unnamed = await sockets.radiologist.timeout(5_000).emitWithAck('media:produce', {
      meetingId: live.meetingId,
      transportId: radiologist.sendTransport?.id,
      kind: 'video',
      appData: {},
      rtpParameters: {},
    });
    expect(unnamed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('lets observers only receive, keeps imaging share for the presenter and chair, and refuses bad input', async () => {
    await clients.observer.join();
    await expect(clients.observer.openSend()).rejects.toMatchObject({ code: 'forbidden' });
    await expect(clients.pathologist.produce('screen')).rejects.toMatchObject({
      code: 'forbidden',
    });
    const screen = await clients.chair.produce('screen');
    stops.push(feed(screen.track));
    const { packets } = await clients.observer.consume(screen.producer.id);
    await waitFor(() => packets() > 5, 10_000, 'imaging share at the observer');
    for (const payload of [
      {},
      { transportId: 'nope' },
      { transportId: clients.chair.sendTransport?.id, dtlsParameters: 'x' },
    ]) {
      const ack = await sockets.chair
        .timeout(5_000)
        .emitWithAck('media:connect', { meetingId: live.meetingId, ...payload });
      expect(ack.ok).toBe(false);
    }
    const bogus = await sockets.chair.timeout(5_000).emitWithAck('media:produce', {
      meetingId: live.meetingId,
      transportId: clients.chair.sendTransport?.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: { codecs: 'no' },
    });
    expect(bogus).toMatchObject({ ok: false });
  });

  it('reports per-peer bitrate, loss and round-trip time to coordinators only', async () => {
    await request(t.http)
      .get(`/api/v1/meetings/${live.meetingId}/media/stats`)
      .set(bearer(live.people.pathologist.token))
      .expect(403);
    const stats = await request(t.http)
      .get(`/api/v1/meetings/${live.meetingId}/media/stats`)
      .set(bearer(live.people.coordinator.token))
      .expect(200);
    const chair = stats.body.peers.find(
      (peer: { userId: string }) => peer.userId === live.people.chair.user.id,
    );
    expect(chair.producers.map((p: { source: string }) => p.source).sort()).toEqual([
      'camera',
      'screen',
    ]);
    expect(chair.transports[0]).toEqual(
      expect.objectContaining({ direction: 'send', recvBitrate: expect.any(Number) }),
    );
    const pathologist = stats.body.peers.find(
      (peer: { userId: string }) => peer.userId === live.people.pathologist.user.id,
    );
    expect(pathologist.consumers[0]).toEqual(
      expect.objectContaining({ bitrate: expect.any(Number), packetsLost: expect.any(Number) }),
    );
  });

  it('replaces a killed worker, tells the meeting to reconnect, and media flows again', async () => {
    const [before] = pool.workers();
    const restart = new Promise((resolve) => sockets.pathologist.once('media:restart', resolve));
    process.kill(before.worker.pid, 'SIGKILL');
    await restart;
    await waitFor(
      () => pool.workers().length === 1 && pool.workers()[0].worker.pid !== before.worker.pid,
      10_000,
      'a new worker',
    );
    for (const client of Object.values(clients)) {
      client.close();
      client.sendTransport = null;
      client.recvTransport = null;
    }
    stops.splice(0).forEach((stop) => stop());

    pool.workers()[0].worker.observer.once('newrouter', (created: types.Router) => {
      router = created;
    });
    await clients.chair.join();
    const { track, producer } = await clients.chair.produce('camera');
    stops.push(feed(track));
    await clients.pathologist.join();
    const { packets } = await clients.pathologist.consume(producer.id);
    await waitFor(() => packets() > 10, 10_000, 'RTP after the worker was replaced');
  });

  it('closes everything a peer owned when it leaves, and the room when it empties', async () => {
    const closed = new Promise((resolve) =>
      sockets.pathologist.once('media:producerClosed', resolve),
    );
    await clients.chair.request('media:leave', {});
    await closed;
    expect(await resources()).toBe(1);
    // The room keeps only the pathologist's receive transport (the observer never joined media
    // after the restart): the chair's transports, producers and the consumers of its streams are gone.
    const dump = await router?.dump();
    expect(dump?.transportIds).toHaveLength(1);
    expect(dump?.mapProducerIdConsumerIds).toEqual([]);
    expect(dump?.mapConsumerIdProducerId).toEqual([]);
    await clients.pathologist.request('media:leave', {});
    sockets.observer.disconnect();
    await waitFor(async () => (await resources()) === 0, 10_000, 'the router to close');
    expect((await pool.workers()[0].worker.dump()).routerIds).toEqual([]);
    expect(router?.closed).toBe(true);
  });
});
