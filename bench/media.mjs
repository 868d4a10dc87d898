// SFU capacity benchmark: how many consumers one mediasoup worker forwards a
// video stream to with at most 0.1 % loss. A synthetic RTP sender feeds a
// PlainTransport producer (VP8 key-frame-flagged packets, 1 200-byte payloads,
// BENCH_PPS packets a second, ≈ 1 Mbit/s by default); each consumer is a
// PlainTransport sending to its own local UDP socket, where packets are
// counted. The consumer count grows step by step until the loss passes 0.1 %.
//
//   npm ci && node bench/media.mjs        (needs the worker that npm ci installs)
//
// Prints one JSON object.
import dgram from 'node:dgram';
import { cpus } from 'node:os';
import * as mediasoup from 'mediasoup';
import { envNumber, sleep } from './notes/util.mjs';

const PPS = envNumber('BENCH_PPS', 100);
const STEP_SECONDS = envNumber('BENCH_STEP_SECONDS', 5);
const STEPS = (process.env.BENCH_CONSUMERS ?? '50,100,200,300,400,500,600,800,1000')
  .split(',')
  .map(Number);
const LOSS_LIMIT = 0.001;

const worker = await mediasoup.createWorker({ logLevel: 'error' });
const router = await worker.createRouter({
  mediaCodecs: [{ kind: 'video', mimeType: 'video/VP8', clockRate: 90000 }],
});
const ingress = await router.createPlainTransport({
  listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
  rtcpMux: true,
  comedia: true,
});
const producer = await ingress.produce({
  kind: 'video',
  rtpParameters: {
    codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
    encodings: [{ ssrc: 22222222 }],
  },
});

const sender = dgram.createSocket('udp4');
let sequence = 0;
let sent = 0;
const payload = Buffer.concat([
  Buffer.from([0x10, 0x50, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00]),
  Buffer.alloc(1189, 0x55),
]);
const sendOne = () => {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 0x80 | 96;
  header.writeUInt16BE(sequence & 0xffff, 2);
  header.writeUInt32BE((sequence * 900) >>> 0, 4);
  header.writeUInt32BE(22222222, 8);
  sequence += 1;
  sent += 1;
  sender.send(Buffer.concat([header, payload]), ingress.tuple.localPort, '127.0.0.1');
};
const pacer = setInterval(sendOne, 1000 / PPS);

const consumers = [];
async function addConsumer() {
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const entry = { socket, received: 0 };
  // RTCP shares the port (rtcp-mux): count RTP only (RTCP packet types are 200–207).
  socket.on('message', (packet) => {
    if (packet[1] < 200 || packet[1] > 207) entry.received += 1;
  });
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: true,
    comedia: false,
  });
  await transport.connect({ ip: '127.0.0.1', port: socket.address().port });
  await transport.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
  consumers.push(entry);
}

const results = [];
let capacity = 0;
for (const target of STEPS) {
  while (consumers.length < target) await addConsumer();
  await sleep(1_000);
  for (const consumer of consumers) consumer.received = 0;
  const sentBefore = sent;
  const usageBefore = await worker.getResourceUsage();
  await sleep(STEP_SECONDS * 1000);
  const usageAfter = await worker.getResourceUsage();
  const expected = sent - sentBefore;
  const delivered = consumers.reduce((sum, consumer) => sum + consumer.received, 0);
  const loss = Math.max(0, 1 - delivered / (expected * consumers.length));
  const cpuMs =
    usageAfter.ru_utime + usageAfter.ru_stime - (usageBefore.ru_utime + usageBefore.ru_stime);
  results.push({
    consumers: consumers.length,
    packetsSentPerConsumer: expected,
    lossPercent: Number((loss * 100).toFixed(3)),
    workerCpuPercent: Math.round((cpuMs / (STEP_SECONDS * 1000)) * 100),
    outgoingMbps: Number(((delivered * 1212 * 8) / STEP_SECONDS / 1e6).toFixed(1)),
  });
  if (loss > LOSS_LIMIT) break;
  capacity = consumers.length;
}

clearInterval(pacer);
sender.close();
for (const consumer of consumers) consumer.socket.close();
worker.close();
process.stdout.write(
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      mediasoup: mediasoup.version,
      streamPacketsPerSecond: PPS,
      consumersAtOrBelow0_1PercentLoss: capacity,
      steps: results,
    },
    null,
    2,
  )}\n`,
);
