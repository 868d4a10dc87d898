import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { WorkerPool } from '@app/media';
import { waitFor } from '../support/collab';
import { LiveBoard, LiveClient, connectLive, emitLive, listen, liveBoard } from '../support/live';
import { MediaClient, feed } from '../support/media-client';
import { TestApp, startTestApp } from '../support/test-app';

/** What `npm start` does: MEDIASOUP_LISTEN_IP left at 0.0.0.0, no MEDIASOUP_ANNOUNCED_ADDRESS. */
describe('video with the default media settings on one machine', () => {
  let t: TestApp;
  let url: string;
  let live: LiveBoard;
  const sockets: LiveClient[] = [];
  const clients: MediaClient[] = [];
  const stops: Array<() => void> = [];
  /** The host's first network IPv4 address, which the defaults announce besides 127.0.0.1. */
  const network = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .find(
      (entry) =>
        entry.family === 'IPv4' && !entry.internal && !entry.address.startsWith('169.254.'),
    )?.address;
  const expected = network ? ['127.0.0.1', network] : ['127.0.0.1'];

  const member = async (who: string) => {
    const socket = await connectLive(url, live.people[who].token);
    sockets.push(socket);
    const joined = await emitLive(socket, 'meeting:join', { meetingId: live.meetingId });
    if (!joined.ok) throw new Error(joined.error.message);
    const client = new MediaClient(socket, live.meetingId);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp({ MEDIASOUP_LISTEN_IP: '0.0.0.0' });
    url = await listen(t);
    live = await liveBoard(t, 'Default Media Board');
  });

  afterAll(async () => {
    stops.forEach((stop) => stop());
    clients.forEach((client) => client.close());
    sockets.forEach((socket) => socket.disconnect());
    await t.close();
  });

  it('announces 127.0.0.1 and the machine’s network address, never 0.0.0.0', async () => {
    expect(t.app.get(WorkerPool).addressing).toMatchObject({
      mode: 'local_defaults',
      announced: expected,
    });
    const chair = await member('chair');
    await chair.join();
    const { transport } = await chair.request<{
      transport: { iceCandidates: Array<{ address: string; protocol: string }> };
    }>('media:transport', { direction: 'recv' });
    const candidates = transport.iceCandidates.map((c) => `${c.protocol} ${c.address}`).sort();
    expect(candidates).toEqual(
      expected.flatMap((address) => [`tcp ${address}`, `udp ${address}`]).sort(),
    );
  });

  it('carries media between two real WebRTC clients with those defaults', async () => {
    const [chair] = clients;
    const { track, producer } = await chair.produce('camera');
    stops.push(feed(track));
    const pathologist = await member('pathologist');
    await pathologist.join();
    const { packets } = await pathologist.consume(producer.id);
    await waitFor(() => packets() > 10, 10_000, 'RTP through the default addresses');
  });

  it('reports the media set-up on /health', async () => {
    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.info.media).toEqual({
      status: 'up',
      workers: 1,
      runningWorkers: 1,
      addressing: 'local_defaults',
      announced: expected,
    });
  });
});
