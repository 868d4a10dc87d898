import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';

/**
 * The mediasoup-worker binary that `npm ci` installed (prebuilt, or built
 * offline against Debian's libraries by tools/mediasoup/install-worker.mjs)
 * is started for real: no mocks. The second test pushes RTP through an
 * SRTP-encrypted pipe, which exercises the worker's libsrtp layer.
 */

const mediaCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: {} },
];

const OPUS_PT = 100;
const SSRC = 0x1111;

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
};

/** Closes the worker and resolves once its process has exited. */
const closeWorker = async (worker: types.Worker): Promise<void> => {
  if (worker.closed) return;
  const exited = new Promise<void>((resolve) => worker.once('subprocessclose', () => resolve()));
  worker.close();
  await exited;
};

/** An RTP packet (no CSRC, no extension) with an Opus-like payload. */
const rtpPacket = (seq: number, payload: Buffer): Buffer => {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = OPUS_PT;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE((seq * 960) >>> 0, 4);
  header.writeUInt32BE(SSRC, 8);
  return Buffer.concat([header, payload]);
};

/** The payload of an RTP packet, after CSRCs, header extension and before padding. */
const rtpPayload = (packet: Buffer): Buffer => {
  let offset = 12 + 4 * (packet[0] & 0x0f);
  if (packet[0] & 0x10) offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  const padding = packet[0] & 0x20 ? packet[packet.length - 1] : 0;
  return packet.subarray(offset, packet.length - padding);
};

describe('mediasoup worker (real binary)', () => {
  const workers: types.Worker[] = [];

  afterAll(async () => {
    await Promise.all(workers.map(closeWorker));
  });

  it('hosts a router with a WebRtcTransport on 127.0.0.1 and leaves nothing behind', async () => {
    const worker = await mediasoup.createWorker({ logLevel: 'warn' });
    workers.push(worker);
    const pid = worker.pid;
    expect(pid).toBeGreaterThan(0);
    expect(processAlive(pid)).toBe(true);

    const router = await worker.createRouter({ mediaCodecs });
    const mimeTypes = router.rtpCapabilities.codecs!.map((codec) => codec.mimeType);
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));

    const transport = await router.createWebRtcTransport({
      listenInfos: [
        { protocol: 'udp', ip: '127.0.0.1' },
        { protocol: 'tcp', ip: '127.0.0.1' },
      ],
    });
    expect(transport.iceCandidates.map((c) => [c.address, c.protocol])).toEqual(
      expect.arrayContaining([
        ['127.0.0.1', 'udp'],
        ['127.0.0.1', 'tcp'],
      ]),
    );
    for (const candidate of transport.iceCandidates) expect(candidate.port).toBeGreaterThan(0);
    expect(transport.iceParameters.usernameFragment).toBeTruthy();
    expect(transport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);

    const workerDump = await worker.dump();
    expect(workerDump.pid).toBe(pid);
    expect(workerDump.routerIds).toEqual([router.id]);
    const routerDump = await router.dump();
    expect(routerDump.transportIds).toEqual([transport.id]);
    const transportDump = await transport.dump();
    expect(transportDump.id).toBe(transport.id);
    expect(transportDump.iceState).toBe('new');
    expect(transportDump.dtlsState).toBe('new');

    transport.close();
    expect(transport.closed).toBe(true);
    expect((await router.dump()).transportIds).toEqual([]);
    router.close();
    expect(router.closed).toBe(true);
    expect((await worker.dump()).routerIds).toEqual([]);

    await closeWorker(worker);
    expect(worker.closed).toBe(true);
    expect(worker.died).toBe(false);
    expect(await waitFor(() => !processAlive(pid), 5_000)).toBe(true);
  });

  it('forwards RTP between two routers over an SRTP-encrypted pipe', async () => {
    const worker = await mediasoup.createWorker({ logLevel: 'warn' });
    workers.push(worker);
    const source = await worker.createRouter({ mediaCodecs });
    const sink = await worker.createRouter({ mediaCodecs });

    const pipeTransports: types.Transport[] = [];
    source.observer.on('newtransport', (transport) => pipeTransports.push(transport));

    const inbound = await source.createDirectTransport();
    const producer = await inbound.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: SSRC }],
      },
    });

    const { pipeProducer } = await source.pipeToRouter({
      producerId: producer.id,
      router: sink,
      keepId: false,
      enableSrtp: true,
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    });
    const pipe = pipeTransports.find((t) => t.type === 'pipe') as types.PipeTransport | undefined;
    expect(pipe?.srtpParameters?.cryptoSuite).toBeTruthy();

    const outbound = await sink.createDirectTransport();
    const consumer = await outbound.consume({
      producerId: pipeProducer!.id,
      rtpCapabilities: sink.rtpCapabilities,
    });
    const received: Buffer[] = [];
    consumer.on('rtp', (packet) => received.push(Buffer.from(packet)));

    const sent: Buffer[] = [];
    for (let seq = 1; seq <= 50; seq += 1) {
      const payload = Buffer.alloc(60, seq);
      payload[0] = 0xfc; // Opus TOC byte: CELT-only fullband 20 ms frame
      sent.push(payload);
      producer.send(rtpPacket(seq, payload));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    expect(await waitFor(() => received.length >= 45, 5_000)).toBe(true);
    const sentPayloads = new Set(sent.map((p) => p.toString('hex')));
    for (const packet of received) {
      expect(packet.readUInt8(1) & 0x7f).toBe(consumer.rtpParameters.codecs[0].payloadType);
      expect(sentPayloads.has(rtpPayload(packet).toString('hex'))).toBe(true);
    }

    const [producerStats] = await pipeProducer!.getStats();
    expect(producerStats.packetCount).toBeGreaterThanOrEqual(45);
    expect((await sink.dump()).mapProducerIdConsumerIds).toEqual([
      { key: pipeProducer!.id, values: [consumer.id] },
    ]);

    consumer.close();
    producer.close();
    inbound.close();
    outbound.close();
    expect((await sink.dump()).mapConsumerIdProducerId).toEqual([]);
    source.close();
    sink.close();
    expect((await worker.dump()).routerIds).toEqual([]);

    const pid = worker.pid;
    await closeWorker(worker);
    expect(await waitFor(() => !processAlive(pid), 5_000)).toBe(true);
  });
});
