// Live meeting room benchmark: one meeting with BENCH_SOCKETS members
// connected (default 500, each a distinct account, so every snapshot carries
// 500 presence entries), measuring
//   - join-to-state: `meeting:join` emitted → acknowledgement with the full
//     state, while the room fills up, and again into the full room;
//   - focus-change broadcast: the chair's `focus` command emitted → each of
//     the sockets receiving the `meeting:delta` that shows the new focus.
//
//   npm run build && node bench/live.mjs
//
// The members' sockets live in BENCH_CLIENT_PROCESSES child processes (default
// 4, bench/live/clients.mjs), so one client process decoding 500 copies of
// every broadcast does not hold back the deliveries it measures; the chair and
// the full-room joins stay in this process. Prints one JSON object. Runs the
// built server with its embedded PostgreSQL in a temporary DATA_DIR; clients
// and server share this machine's cores.
import { fork } from 'node:child_process';
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
const CLIENT_PROCESSES = envNumber('BENCH_CLIENT_PROCESSES', 4);
const CLIENTS = join(import.meta.dirname, 'live/clients.mjs');
const root = mkdtempSync(join(tmpdir(), 'tumor-board-live-bench-'));
chmodSync(root, 0o755);
const secrets = {
  jwtSecret: randomBytes(32).toString('hex'),
  mrnKey: randomBytes(32).toString('base64'),
};
const sockets = [];
const children = [];

/** The client process's next answer of `type` (for `round`, when given). */
function answerOf(child, type, round) {
  return new Promise((resolve, reject) => {
    const answer = (reply) => {
      if (reply.type !== type || (round !== undefined && reply.round !== round)) return;
      child.off('message', answer);
      child.off('exit', exited);
      resolve(reply);
    };
    const exited = (code) => reject(new Error(`client process exited (${code}) before '${type}'`));
    child.on('message', answer);
    child.once('exit', exited);
  });
}

/** Sends a message to a client process and resolves with its answer of `type`. */
function ask(child, message, type) {
  const answered = answerOf(child, type);
  child.send(message);
  return answered;
}

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

  progress(`connecting and joining ${tokens.length} sockets from ${CLIENT_PROCESSES} processes`);
  for (let i = 0; i < CLIENT_PROCESSES; i++) children.push(fork(CLIENTS, { stdio: 'inherit' }));
  const shares = children.map((_, i) => tokens.filter((_, t) => t % CLIENT_PROCESSES === i));
  const rampJoins = (
    await Promise.all(
      children.map((child, i) =>
        ask(
          child,
          {
            type: 'join',
            http: server.http,
            meetingId,
            tokens: shares[i],
            concurrency: Math.max(1, Math.round(JOIN_CONCURRENCY / CLIENT_PROCESSES)),
          },
          'joined',
        ),
      ),
    )
  ).flatMap((reply) => reply.joinMs);
  await sleep(1_000);

  const started = await chair
    .timeout(30_000)
    .emitWithAck('meeting:command', { meetingId, command: 'start' });
  if (!started.ok) throw new Error(`start refused: ${started.error.message}`);
  await sleep(500);

  const followers = tokens.length;
  progress(`${ROUNDS} focus changes to ${followers + 1} sockets`);
  const deliveries = [];
  const acks = [];
  for (let round = 0; round < ROUNDS; round++) {
    const target = items[(round + 1) % 2];
    // The chair learns the new state from its acknowledgement; everyone else from the broadcast.
    const replies = children.map((child) => {
      const listening = answerOf(child, 'listening', round);
      const received = answerOf(child, 'received', round);
      child.send({ type: 'expect', round, focusedItemId: target });
      return { listening, received };
    });
    await Promise.all(replies.map((reply) => reply.listening));
    const sent = now();
    const ack = await chair.timeout(30_000).emitWithAck('meeting:command', {
      meetingId,
      command: 'focus',
      itemId: target,
    });
    if (!ack.ok) throw new Error(`focus refused: ${ack.error.message}`);
    acks.push(now() - sent);
    const arrivals = await Promise.all(replies.map((reply) => reply.received));
    deliveries.push(...arrivals.flatMap((reply) => reply.at).map((at) => at - sent));
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
    clientProcesses: CLIENT_PROCESSES,
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
  for (const child of children) if (child.connected) child.send({ type: 'close' });
  for (const socket of sockets) socket.disconnect();
  await stopAll();
  rmSync(root, { recursive: true, force: true });
}
