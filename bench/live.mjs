// Live meeting room benchmark: one meeting with BENCH_SOCKETS members
// connected (default 500, each a distinct account, so every snapshot carries
// 500 presence entries), measuring
//   - join-to-state: `meeting:join` emitted → acknowledgement with the full
//     state, while the room fills up, and again into the full room;
//   - focus-change broadcast: the chair's `focus` command emitted → each of
//     the sockets receiving the `meeting:state` that shows the new focus.
//
//   npm run build && node bench/live.mjs
//
// Prints one JSON object. Runs the built server with its embedded PostgreSQL
// in a temporary DATA_DIR; clients and server share this machine's cores.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, demoMeeting, joinMeeting, login, panelists } from './board.mjs';
import { rssKiB, startOurs, stopAll } from './notes/servers.mjs';
import { envNumber, mapLimit, now, progress, sleep, summarise } from './notes/util.mjs';

const SOCKETS = envNumber('BENCH_SOCKETS', 500);
const ROUNDS = envNumber('BENCH_FOCUS_ROUNDS', 40);
const JOIN_CONCURRENCY = envNumber('BENCH_JOIN_CONCURRENCY', 25);
const root = mkdtempSync(join(tmpdir(), 'tumor-board-live-bench-'));
chmodSync(root, 0o755);
const secrets = {
  jwtSecret: randomBytes(32).toString('hex'),
  mrnKey: randomBytes(32).toString('base64'),
};
const sockets = [];
try {
  const server = await startOurs({ dataDir: join(root, 'data'), secrets, label: 'server' });
  const admin = await login(server, 'admin@demo.local');
  const coordinator = await login(server, 'coordinator@demo.local');
  const chairToken = await login(server, 'chair@demo.local');
  const { board, meetingId, items } = await demoMeeting(server, coordinator);

  const tokens = await panelists(server, board.id, admin, coordinator, SOCKETS - 1);
  const chair = await connect(server, chairToken);
  sockets.push(chair);
  await joinMeeting(chair, meetingId);

  progress(`connecting and joining ${tokens.length} sockets`);
  const rampJoins = [];
  await mapLimit(tokens, JOIN_CONCURRENCY, async (token) => {
    const socket = await connect(server, token);
    sockets.push(socket);
    rampJoins.push((await joinMeeting(socket, meetingId)).ms);
  });
  await sleep(1_000);

  const started = await chair
    .timeout(30_000)
    .emitWithAck('meeting:command', { meetingId, command: 'start' });
  if (!started.ok) throw new Error(`start refused: ${started.error.message}`);
  await sleep(500);

  progress(`${ROUNDS} focus changes to ${sockets.length} sockets`);
  const deliveries = [];
  const acks = [];
  const followers = sockets.length - 1;
  for (let round = 0; round < ROUNDS; round++) {
    const target = items[(round + 1) % 2];
    const sent = now();
    // The chair learns the new state from its acknowledgement; everyone else from the broadcast.
    const received = sockets.slice(1).map(
      (socket) =>
        new Promise((resolve) => {
          const listener = (state) => {
            if (state.focusedItemId !== target) return;
            socket.off('meeting:state', listener);
            resolve(now() - sent);
          };
          socket.on('meeting:state', listener);
        }),
    );
    const ack = await chair.timeout(30_000).emitWithAck('meeting:command', {
      meetingId,
      command: 'focus',
      itemId: target,
    });
    if (!ack.ok) throw new Error(`focus refused: ${ack.error.message}`);
    acks.push(now() - sent);
    deliveries.push(...(await Promise.all(received)));
    await sleep(250);
  }

  progress('join-to-state into the full room');
  const fullRoomJoins = [];
  const extra = await connect(server, tokens[0]);
  sockets.push(extra);
  for (let i = 0; i < 20; i++) {
    fullRoomJoins.push((await joinMeeting(extra, meetingId)).ms);
    await extra.timeout(30_000).emitWithAck('meeting:leave', { meetingId });
    await sleep(200);
  }

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    socketsInMeeting: followers + 1,
    distinctAccounts: tokens.length + 1,
    joinToStateWhileFillingMs: summarise(rampJoins),
    joinToStateIntoFullRoomMs: summarise(fullRoomJoins),
    focusChange: {
      rounds: ROUNDS,
      commandAckMs: summarise(acks),
      broadcastToEverySocketMs: summarise(deliveries),
      deliveries: deliveries.length,
      expected: ROUNDS * followers,
    },
    serverRssMiB: Math.round(rssKiB(server.pid) / 1024),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  for (const socket of sockets) socket.disconnect();
  await stopAll();
  rmSync(root, { recursive: true, force: true });
}
