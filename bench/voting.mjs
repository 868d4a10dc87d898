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
import { rssKiB, startOurs, stopAll } from './notes/servers.mjs';
import { envNumber, mapLimit, now, progress, sleep, summarise } from './notes/util.mjs';

const VOTERS = envNumber('BENCH_VOTERS', 200);
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
  const opened = await chair
    .timeout(30_000)
    .emitWithAck('vote:open', { meetingId, question: 'Recommended treatment?', options: OPTIONS });
  if (!opened.ok) throw new Error(opened.error.message);
  const vote = opened.vote;
  await sleep(1_000);

  // Voter i votes option i % 3; every fourth also resends the same submission; every tenth
  // first votes the next option, then changes back to its own: the expected tally is exact.
  const expected = [0, 0, 0];
  voters.forEach((_, i) => (expected[i % 3] += 1));
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
  progress(`${VOTERS} ballots at once`);
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
  const changes = await Promise.all(
    voters
      .filter((_, i) => i % 10 === 0)
      .map((socket, k) => cast(socket, (k * 10) % 3, randomUUID())),
  );

  const closed = await chair.timeout(30_000).emitWithAck('vote:close', { voteId: vote.id });
  if (!closed.ok) throw new Error(closed.error.message);
  const tally = closed.vote.results.tally;
  const counted = tally.options.map((o) => o.votes);
  exact = tally.ballotsCounted === VOTERS && counted.every((votes, i) => votes === expected[i]);
  const duplicates = first.filter(({ ack }) => ack.receipt.duplicate).length;
  process.stdout.write(
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cores: cpus().length,
        eligible: closed.vote.eligible.length,
        submissions: first.length + changes.length,
        duplicatesRecognised: duplicates,
        ballotAckMs: summarise(first.map((r) => r.ms)),
        changedBallotAckMs: summarise(changes.map((r) => r.ms)),
        allFirstBallotsAcknowledgedMs: Math.round(allAckedMs),
        tally: { expected, counted, ballotsCounted: tally.ballotsCounted, exact },
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
