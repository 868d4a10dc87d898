// The transport's floor on this machine: the client side of bench/live.mjs's join ramp and of
// bench/voting.mjs's ballots, run against a bare socket.io server (bench/floor/server.mjs) that
// answers at once and does nothing else. Its figures are the least any server on socket.io can
// reach here with these clients, so they say how much of a target is left for the product's
// own work (validation, authorisation, the database, the audit chain).
//
//   node bench/floor.mjs
//
// Prints one JSON object.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { connect } from './board.mjs';
import { envNumber, now, progress, sleep, summarise } from './notes/util.mjs';

const SOCKETS = envNumber('BENCH_SOCKETS', 500);
const VOTERS = envNumber('BENCH_VOTERS', 200);
const ROUNDS = envNumber('BENCH_BALLOT_ROUNDS', 5);
const JOIN_CONCURRENCY = envNumber('BENCH_JOIN_CONCURRENCY', 25);
const CLIENT_PROCESSES = envNumber('BENCH_CLIENT_PROCESSES', 4);
const CLIENTS = join(import.meta.dirname, 'live/clients.mjs');

const server = fork(join(import.meta.dirname, 'floor/server.mjs'), { stdio: 'inherit' });
const children = [];
const sockets = [];
try {
  const { port } = await new Promise((resolve) => server.once('message', resolve));
  const http = `http://127.0.0.1:${port}`;
  const meetingId = randomUUID();

  progress(`join ramp: ${SOCKETS - 1} sockets from ${CLIENT_PROCESSES} processes`);
  for (let i = 0; i < CLIENT_PROCESSES; i++) children.push(fork(CLIENTS, { stdio: 'inherit' }));
  const tokens = Array.from({ length: SOCKETS - 1 }, (_, i) => `floor-${i}`);
  const joins = await Promise.all(
    children.map(
      (child, i) =>
        new Promise((resolve) => {
          child.once('message', (reply) => resolve(reply.joinMs));
          child.send({
            type: 'join',
            http,
            meetingId,
            tokens: tokens.filter((_, t) => t % CLIENT_PROCESSES === i),
            concurrency: Math.max(1, Math.round(JOIN_CONCURRENCY / CLIENT_PROCESSES)),
          });
        }),
    ),
  );
  for (const child of children) child.send({ type: 'close' });

  progress(`${ROUNDS} rounds of ${VOTERS} voters' ballots at once`);
  for (let i = 0; i < VOTERS; i++) sockets.push(await connect({ http }, `voter-${i}`));
  const ballots = [];
  const roundP99 = [];
  for (let round = 0; round < ROUNDS; round++) {
    await sleep(500);
    const cast = (socket, submissionId) => {
      const sent = now();
      return socket
        .timeout(30_000)
        .emitWithAck('vote:cast', { voteId: meetingId, choice: randomUUID(), submissionId })
        .then(() => now() - sent);
    };
    // As bench/voting.mjs: every voter once, every fourth resending the same submission.
    const ms = await Promise.all(
      sockets.flatMap((socket, i) => {
        const submission = randomUUID();
        return i % 4 === 0
          ? [cast(socket, submission), cast(socket, submission)]
          : [cast(socket, submission)];
      }),
    );
    ballots.push(...ms);
    roundP99.push(summarise(ms).p99);
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cores: cpus().length,
        joinToStateWhileFillingMs: summarise(joins.flat()),
        ballotAckMs: summarise(ballots),
        ballotAckP99PerRoundMs: roundP99,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  for (const socket of sockets) socket.disconnect();
  for (const child of children) if (child.connected) child.send({ type: 'close' });
  server.kill();
}
