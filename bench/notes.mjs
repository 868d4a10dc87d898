// Shared-notes benchmark with real y-websocket clients, against our server
// and against the reference @y/websocket-server (in memory):
//
//   - propagation latency at 1 document × 50 clients (5 typing, 20 updates/s
//     each) and at 200 documents × 2 clients (1 typist per document, 1 update/s);
//   - server memory per open document;
//   - cold-load time of a document stored as a log of 20 000 updates;
//   - kill -9 durability: how many updates a watcher had seen survive a restart;
//   - latency across two instances (one database, one Redis): writer on A, reader on B.
//
//   npx nest build && node bench/notes.mjs            # full run, about 5 minutes
//   node bench/notes.mjs --quick                      # smoke run, about 1.5 minutes
//   node bench/notes.mjs --only=ours|reference
//
// Environment overrides: BENCH_SECONDS (measurement window, default 15),
// BENCH_WARMUP_SECONDS (3), BENCH_CLIENTS (50), BENCH_TYPISTS (5), BENCH_RATE
// (20 updates/s per typist), BENCH_DOCS (200), BENCH_MULTI_RATE (1 update/s per
// document), BENCH_COLD_UPDATES (20000), BENCH_KILL_AFTER (500 observed
// updates), BENCH_KILL_RATE (200 updates/s), and for the two-instance scenario
// BENCH_CROSS_DOCS (20), BENCH_CROSS_RATE (5 updates/s per document) and
// BENCH_REDIS_URL (redis://127.0.0.1:6379).
//
// Prints one JSON object on stdout and progress on stderr; exits 1 on failure.
// Everything runs on 127.0.0.1; the server children and the clients (one
// process) share the machine's cores.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { disconnect, disconnectAll } from './notes/clients.mjs';
import { buildLongLog, durability, latency, timedLoad, warmLoads } from './notes/scenarios.mjs';
import {
  countLogRows,
  embeddedDatabaseUrl,
  api,
  reachable,
  startOurs,
  startReference,
  stopAll,
  stopOrphanedPostgres,
} from './notes/servers.mjs';
import { envNumber, mapLimit, median, progress, round, waitFor } from './notes/util.mjs';

const PASSWORD = 'Demo-Board-2026!';
const WRITERS = ['medonc', 'radonc', 'surgery', 'pathology', 'radiology', 'genetics', 'chair'];
const READERS = [...WRITERS, 'observer', 'coordinator'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? null;
if (only !== null && only !== 'ours' && only !== 'reference') {
  process.stderr.write('usage: node bench/notes.mjs [--quick] [--only=ours|reference]\n');
  process.exit(2);
}

const config = {
  measureSeconds: envNumber('BENCH_SECONDS', quick ? 4 : 15),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', quick ? 1 : 3),
  clients: envNumber('BENCH_CLIENTS', 50),
  typists: envNumber('BENCH_TYPISTS', 5),
  rate: envNumber('BENCH_RATE', 20),
  documents: envNumber('BENCH_DOCS', quick ? 40 : 200),
  multiRate: envNumber('BENCH_MULTI_RATE', 1),
  coldUpdates: envNumber('BENCH_COLD_UPDATES', quick ? 2000 : 20_000),
  killAfter: envNumber('BENCH_KILL_AFTER', quick ? 100 : 500),
  killRate: envNumber('BENCH_KILL_RATE', 200),
  loadRuns: 3,
  crossDocuments: envNumber('BENCH_CROSS_DOCS', quick ? 5 : 20),
  crossRate: envNumber('BENCH_CROSS_RATE', 5),
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
};
if (config.typists > config.clients) throw new Error('BENCH_TYPISTS cannot exceed BENCH_CLIENTS');

const root = mkdtempSync(join(tmpdir(), 'notes-bench-'));
chmodSync(root, 0o755);
const dataDir = join(root, 'ours-data');
mkdirSync(dataDir, { mode: 0o755 });
chmodSync(dataDir, 0o755);
// Fixed for the whole run, so tokens and encrypted data survive restarts.
const secrets = {
  jwtSecret: randomBytes(32).toString('hex'),
  mrnKey: randomBytes(32).toString('base64'),
};

const scenarioOptions = () => ({
  warmupMs: config.warmupSeconds * 1000,
  measureMs: config.measureSeconds * 1000,
});

// ---------------------------------------------------------------- our server

/** A target for the scenarios: our server, with one access token per demo account. */
async function oursTarget(server, name = 'ours') {
  const handles = [...new Set([...READERS, ...WRITERS])];
  const tokens = Object.fromEntries(
    await mapLimit(handles, 3, async (handle) => {
      const { accessToken } = await api(server, 'POST', '/api/v1/auth/login', null, {
        email: `${handle}@demo.local`,
        password: PASSWORD,
      });
      return [handle, accessToken];
    }),
  );
  const writers = WRITERS.map((handle) => tokens[handle]);
  const readers = READERS.map((handle) => tokens[handle]);
  return {
    name,
    server,
    tokens,
    wsUrl: server.wsUrl,
    params: (kind, index) => ({
      token: (kind === 'writer' ? writers : readers)[
        index % (kind === 'writer' ? writers : readers).length
      ],
    }),
  };
}

async function createCases(target, count) {
  const token = target.tokens.coordinator;
  const [board] = await api(target.server, 'GET', '/api/v1/boards', token);
  const started = performance.now();
  const ids = await mapLimit(
    Array.from({ length: count }, (_, i) => `BENCH-${String(i + 1).padStart(4, '0')}`),
    4,
    async (patientRef) => {
      const created = await api(target.server, 'POST', `/api/v1/boards/${board.id}/cases`, token, {
        patientRef,
        birthYear: 1960,
        sex: 'female',
        referral: { type: 'internal' },
      });
      return created.id;
    },
  );
  progress(
    `ours: created ${count} cases on "${board.name}" in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return ids;
}

async function openDocuments(server) {
  const health = await api(server, 'GET', '/health');
  return health?.info?.notes?.documents ?? health?.details?.notes?.documents;
}

const waitUnloaded = (server) =>
  waitFor(async () => (await openDocuments(server)) === 0, 60_000, 'documents to unload', 100);

async function runOurs(out) {
  let server = await startOurs({ dataDir, secrets, label: 'ours' });
  out.firstBootToHealthyMs = Math.round(server.bootMs);
  let target = await oursTarget(server);
  const caseIds = await createCases(target, config.documents + 3);
  const rooms = caseIds.map((id) => `cases/${id}`);
  const [singleRoom, coldRoom, killRoom] = rooms.slice(config.documents);
  const coldCaseId = caseIds[config.documents + 1];

  const multi = await latency(target, {
    rooms: rooms.slice(0, config.documents),
    clientsPerDoc: 2,
    typistsPerDoc: 1,
    rate: config.multiRate,
    measureMemory: true,
    ...scenarioOptions(),
  });
  out.memory = multi.memory;
  out.latencyManyDocuments = multi.latency;
  out.latencyOneDocument = (
    await latency(target, {
      rooms: [singleRoom],
      clientsPerDoc: config.clients,
      typistsPerDoc: config.typists,
      rate: config.rate,
      ...scenarioOptions(),
    })
  ).latency;
  await server.stop();

  // Cold load: no compaction (the log keeps one row per update) and a 1 s idle unload.
  server = await startOurs({
    dataDir,
    secrets,
    label: 'ours (cold-load settings)',
    extraEnv: { COLLAB_COMPACT_UPDATES: '1000000', COLLAB_IDLE_UNLOAD_MS: '1000' },
  });
  target = await oursTarget(server);
  const { writer, expectedLength, writeSeconds } = await buildLongLog(
    target,
    coldRoom,
    config.coldUpdates,
  );
  disconnect(writer);
  await waitUnloaded(server);
  const logRows = await countLogRows(dataDir, coldRoom);
  const cold = [];
  for (let i = 0; i < config.loadRuns; i++) {
    cold.push(await timedLoad(target, coldRoom, expectedLength));
    await waitUnloaded(server);
  }
  const rest = [];
  for (let i = 0; i < config.loadRuns; i++) {
    const started = performance.now();
    const notes = await api(
      server,
      'GET',
      `/api/v1/cases/${coldCaseId}/notes`,
      target.tokens.coordinator,
    );
    rest.push(performance.now() - started);
    if (notes.markdown.length !== expectedLength) {
      throw new Error(
        `GET notes returned ${notes.markdown.length} characters, expected ${expectedLength}`,
      );
    }
  }
  const warm = await warmLoads(target, coldRoom, expectedLength, config.loadRuns);
  out.coldLoad = {
    updates: config.coldUpdates,
    storedLogRows: logRows,
    textLength: expectedLength,
    writeSeconds: round(writeSeconds, 1),
    coldConnectToSyncMs: { runs: cold.map((ms) => round(ms, 1)), median: round(median(cold), 1) },
    restGetNotesMs: { runs: rest.map((ms) => round(ms, 1)), median: round(median(rest), 1) },
    warmConnectToSyncMs: { runs: warm.runsMs, median: warm.medianMs },
  };
  progress(
    `ours: cold load ${out.coldLoad.coldConnectToSyncMs.median} ms, warm ${warm.medianMs} ms`,
  );
  await server.stop();

  // kill -9 with the default settings (compaction on).
  server = await startOurs({ dataDir, secrets, label: 'ours (durability)' });
  target = await oursTarget(server);
  const { result, restarted } = await durability(target, {
    room: killRoom,
    rate: config.killRate,
    threshold: config.killAfter,
    restart: async () =>
      oursTarget(await startOurs({ dataDir, secrets, label: 'ours (after kill -9)' })),
  });
  out.durability = result;
  await restarted.server.stop();

  out.latencyAcrossInstances = await acrossInstances(caseIds.slice(0, config.crossDocuments));
}

/**
 * Two instances on one database and one Redis: on every document the typist
 * is connected to instance A and the reader to instance B, so every sample
 * crossed Redis (commit on A, publish, apply and relay on B).
 */
async function acrossInstances(caseIds) {
  if (!(await reachable(config.redisUrl))) {
    progress(`ours: no Redis at ${config.redisUrl}; skipping the two-instance scenario`);
    return { skipped: `no Redis reachable at ${config.redisUrl} (set BENCH_REDIS_URL)` };
  }
  const first = await startOurs({
    dataDir,
    secrets,
    label: 'ours (instance A)',
    extraEnv: { REDIS_URL: config.redisUrl },
  });
  const secondDir = join(root, 'instance-b');
  mkdirSync(secondDir, { mode: 0o755 });
  const second = await startOurs({
    dataDir: secondDir,
    secrets,
    label: 'ours (instance B)',
    extraEnv: { REDIS_URL: config.redisUrl, DATABASE_URL: embeddedDatabaseUrl(dataDir) },
  });
  const target = {
    ...(await oursTarget(first, 'ours A → B')),
    wsUrlFor: (client) => (client === 0 ? first.wsUrl : second.wsUrl),
  };
  const result = await latency(target, {
    rooms: caseIds.map((id) => `cases/${id}`),
    clientsPerDoc: 2,
    typistsPerDoc: 1,
    rate: config.crossRate,
    ...scenarioOptions(),
  });
  await second.stop();
  await first.stop();
  return result.latency;
}

// ---------------------------------------------------------- reference server

const referenceTarget = (server, name = 'reference') => ({
  name,
  server,
  wsUrl: server.wsUrl,
  params: () => ({}),
});

async function runReference(out) {
  const server = await startReference();
  const target = referenceTarget(server);
  const multi = await latency(target, {
    rooms: Array.from({ length: config.documents }, (_, i) => `bench-doc-${i + 1}`),
    clientsPerDoc: 2,
    typistsPerDoc: 1,
    rate: config.multiRate,
    measureMemory: true,
    ...scenarioOptions(),
  });
  out.memory = multi.memory;
  out.latencyManyDocuments = multi.latency;
  out.latencyOneDocument = (
    await latency(target, {
      rooms: ['bench-one-doc'],
      clientsPerDoc: config.clients,
      typistsPerDoc: config.typists,
      rate: config.rate,
      ...scenarioOptions(),
    })
  ).latency;

  const { writer, expectedLength, writeSeconds } = await buildLongLog(
    target,
    'bench-cold',
    config.coldUpdates,
  );
  disconnect(writer);
  const warm = await warmLoads(target, 'bench-cold', expectedLength, config.loadRuns);
  out.coldLoad = {
    updates: config.coldUpdates,
    textLength: expectedLength,
    writeSeconds: round(writeSeconds, 1),
    coldConnectToSyncMs: null,
    coldLoadNotApplicable:
      'no persistence configured: documents live only in memory and are never unloaded, so there is nothing to load cold',
    warmConnectToSyncMs: { runs: warm.runsMs, median: warm.medianMs },
  };

  const { result, restarted } = await durability(target, {
    room: 'bench-kill',
    rate: config.killRate,
    threshold: config.killAfter,
    restart: async () =>
      referenceTarget(await startReference({ label: 'reference (after kill -9)' })),
  });
  out.durability = result;
  await restarted.server.stop();
}

// ---------------------------------------------------------------------- main

function versionOf(pkg) {
  try {
    return JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../node_modules', pkg, 'package.json'), 'utf8'),
    ).version;
  } catch {
    return null;
  }
}

let cleaned = null;
function cleanup() {
  cleaned ??= (async () => {
    disconnectAll();
    await stopAll();
    await stopOrphanedPostgres(dataDir).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  })();
  return cleaned;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

const output = {
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? null,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    kernel: release(),
    node: process.version,
    yjs: versionOf('yjs'),
    yWebsocketClient: versionOf('y-websocket'),
    referenceServer: `@y/websocket-server ${versionOf('@y/websocket-server')}`,
    note: 'servers and all clients run on this one machine over 127.0.0.1; the clients are one Node process',
  },
  settings: { ...config, quick },
  ours: only === 'reference' ? null : {},
  reference: only === 'ours' ? null : {},
};

let exitCode = 0;
const started = performance.now();
try {
  if (output.ours) await runOurs(output.ours);
  disconnectAll();
  if (output.reference) await runReference(output.reference);
  output.machine.benchSeconds = Math.round((performance.now() - started) / 1000);
  process.stdout.write(JSON.stringify(output, null, 2) + '\n');
} catch (error) {
  process.stderr.write(`notes benchmark failed: ${error?.stack ?? error}\n`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
