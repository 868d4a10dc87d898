// Voting benchmark: BENCH_VOTERS panelists (default 200) join the live
// meeting, the chair opens a vote on the focused case, and every panelist
// casts a ballot at the same moment through the meeting gateway, a quarter of
// them also retrying their submission (duplicates) and a tenth changing their
// mind. Measures the acknowledgement latency and checks the closed tally
// against what was sent.
//
//   npm run build && node bench/voting.mjs
//
// Prints one JSON object (and exits non-zero if the tally is not exact).
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, demoMeeting, joinMeeting, login, panelists } from './board.mjs';
import { cpuMs, rssKiB, startOurs, stopAll } from './notes/servers.mjs';
import { envNumber, mapLimit, now, progress, sleep, summarise } from './notes/util.mjs';

const VOTERS = envNumber('BENCH_VOTERS', 200);
const ROUNDS = envNumber('BENCH_VOTES', 5);
const OPTIONS = [
  {
    text: 'Lobectomy after induction',
    intent: 'curative',
    modalities: ['systemic_therapy', 'surgery'],
  },
  {
    text: 'Definitive chemoradiotherapy',
    intent: 'curative',
    modalities: ['radiotherapy', 'systemic_therapy'],
  },
  { text: 'Perioperative trial', intent: 'curative', modalities: ['clinical_trial'] },
];

const root = mkdtempSync(join(tmpdir(), 'tumor-board-voting-bench-'));
chmodSync(root, 0o755);
const secrets = {
  jwtSecret: randomBytes(32).toString('hex'),
  mrnKey: randomBytes(32).toString('base64'),
};
const sockets = [];
let exact = false;
try {
  const server = await startOurs({ dataDir: join(root, 'data'), secrets, label: 'server' });
  const admin = await login(server, 'admin@demo.local');
  const coordinator = await login(server, 'coordinator@demo.local');
  const { board, meetingId } = await demoMeeting(server, coordinator);
  const tokens = await panelists(server, board.id, admin, coordinator, VOTERS);
  const chair = await connect(server, await login(server, 'chair@demo.local'));
  sockets.push(chair);
  await joinMeeting(chair, meetingId);
  progress(`${VOTERS} panelists join`);
  const voters = await mapLimit(tokens, 25, async (token) => {
    const socket = await connect(server, token);
    sockets.push(socket);
    await joinMeeting(socket, meetingId);
    return socket;
  });
  const started = await chair
    .timeout(30_000)
    .emitWithAck('meeting:command', { meetingId, command: 'start' });
  if (!started.ok) throw new Error(started.error.message);

  // Voter i votes option i % 3; every fourth also resends the same submission; every tenth
  // first votes the next option, then changes back to its own: the expected tally is exact.
  const expected = [0, 0, 0];
  voters.forEach((_, i) => (expected[i % 3] += 1));
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const opened = await chair
      .timeout(30_000)
      .emitWithAck('vote:open', {
        meetingId,
        question: `Recommended treatment (vote ${round + 1})?`,
        options: OPTIONS,
      });
    if (!opened.ok) throw new Error(opened.error.message);
    const vote = opened.vote;
    await sleep(1_000);
    const cast = (socket, optionIndex, submissionId) => {
      const sent = now();
      return socket
        .timeout(30_000)
        .emitWithAck('vote:cast', {
          voteId: vote.id,
          choice: vote.options[optionIndex].id,
          submissionId,
        })
        .then((ack) => {
          if (!ack.ok) throw new Error(ack.error.message);
          return { ms: now() - sent, ack };
        });
    };
    progress(`vote ${round + 1} of ${ROUNDS}: ${VOTERS} ballots at once`);
    const serverCpu0 = cpuMs(server.pid);
    const t0 = now();
    const first = await Promise.all(
      voters.flatMap((socket, i) => {
        const submission = randomUUID();
        const choice = i % 10 === 0 ? (i + 1) % 3 : i % 3;
        const sends = [cast(socket, choice, submission)];
        if (i % 4 === 0) sends.push(cast(socket, choice, submission));
        return sends;
      }),
    );
    const allAckedMs = now() - t0;
    const serverCpuMs = cpuMs(server.pid) - serverCpu0;
    const changes = await Promise.all(
      voters
        .filter((_, i) => i % 10 === 0)
        .map((socket, k) => cast(socket, (k * 10) % 3, randomUUID())),
    );

    const closed = await chair.timeout(30_000).emitWithAck('vote:close', { voteId: vote.id });
    if (!closed.ok) throw new Error(closed.error.message);
    const tally = closed.vote.results.tally;
    const counted = tally.options.map((o) => o.votes);
    rounds.push({
      eligible: closed.vote.eligible.length,
      submissions: first.length + changes.length,
      duplicatesRecognised: first.filter(({ ack }) => ack.receipt.duplicate).length,
      ballotAckMs: first.map((r) => r.ms),
      changedBallotAckMs: changes.map((r) => r.ms),
      allFirstBallotsAcknowledgedMs: Math.round(allAckedMs),
      serverCpuMs,
      counted,
      exact: tally.ballotsCounted === VOTERS && counted.every((votes, i) => votes === expected[i]),
    });
    await sleep(500);
  }
  exact = rounds.every((round) => round.exact);
  const later = rounds.slice(1);
  process.stdout.write(
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cores: cpus().length,
        votes: ROUNDS,
        eligible: rounds[0].eligible,
        submissionsPerVote: rounds[0].submissions,
        duplicatesRecognised: rounds.map((round) => round.duplicatesRecognised),
        // The first vote after the server started runs code the JIT has not optimised yet.
        firstVote: {
          ballotAckMs: summarise(rounds[0].ballotAckMs),
          changedBallotAckMs: summarise(rounds[0].changedBallotAckMs),
          allFirstBallotsAcknowledgedMs: rounds[0].allFirstBallotsAcknowledgedMs,
          serverCpuMs: rounds[0].serverCpuMs,
        },
        ...(later.length > 0 && {
          laterVotes: {
            ballotAckMs: summarise(later.flatMap((round) => round.ballotAckMs)),
            changedBallotAckMs: summarise(later.flatMap((round) => round.changedBallotAckMs)),
            p99ByVote: later.map((round) => summarise(round.ballotAckMs).p99),
            allFirstBallotsAcknowledgedMs: later.map(
              (round) => round.allFirstBallotsAcknowledgedMs,
            ),
            serverCpuMs: later.map((round) => round.serverCpuMs),
          },
        }),
        tally: { expected, counted: rounds.map((round) => round.counted), exact },
        serverRssMiB: Math.round(rssKiB(server.pid) / 1024),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  for (const socket of sockets) socket.disconnect();
  await stopAll();
  rmSync(root, { recursive: true, force: true });
}
if (!exact) process.exitCode = 1;
