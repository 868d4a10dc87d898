// Shared-notes benchmark with real clients, against our server and three
// anchors, each a child process on 127.0.0.1:
//
//   ours        our built server (embedded PostgreSQL), y-websocket clients;
//   reference   @y/websocket-server in memory (not durable), y-websocket clients;
//   hocuspocus  @hocuspocus/server 3.4.4 + @hocuspocus/extension-database 3.4.4,
//               each document's state in one row of a PostgreSQL table, in a
//               database of its own ("hocuspocus") on the embedded cluster of
//               our server (started only to host it). Its clients are
//               @hocuspocus/provider 3.4.4: Hocuspocus frames every message
//               with the document name, so a y-websocket client cannot talk
//               to it. Store debounce: Hocuspocus' defaults (2 s, at most 10 s)
//               unless BENCH_HOCUSPOCUS_DEBOUNCE / _MAX_DEBOUNCE say otherwise;
//   leveldb     @y/websocket-server with YPERSISTENCE=<temp dir> (every update
//               written to LevelDB through y-leveldb), y-websocket clients.
//
// Scenarios, on every target unless said otherwise:
//   - 400 connections opened from cold: 200 new documents × 2 clients, 16
//     opening at a time, each timed from creation to first sync;
//   - propagation latency at 200 documents × 2 clients (1 typist per document,
//     5 updates/s) with server memory per open document, and at 1 document ×
//     50 clients (5 typing, 20 updates/s each);
//   - ramp ceiling: 200 documents × 2 clients, the rate per document doubled
//     from 5/s until p99 > 250 ms or < 99 % delivered; the highest sustained
//     aggregate updates/s;
//   - kill -9 durability: how many updates a watcher had seen survive a
//     restart (ours, hocuspocus, leveldb; the reference too, for contrast);
//   - cold-load time of a document written as 20 000 single-character
//     updates (ours, hocuspocus, leveldb; the reference keeps everything in
//     memory, so it has warm loads only); ours also: GET notes, warm loads;
//   - ours only: latency across two instances (one database, one Redis).
// "ratios" gives, per measure, ours ÷ the best durable anchor (hocuspocus,
// leveldb) and the goal of issue 19 for it.
//
//   npx nest build && node bench/notes.mjs            # full run
//   node bench/notes.mjs --quick                      # smoke run
//   node bench/notes.mjs --only=ours|reference|hocuspocus|leveldb[,…]
//
// Environment overrides: BENCH_SECONDS (measurement window, default 15),
// BENCH_WARMUP_SECONDS (3), BENCH_CLIENTS (50), BENCH_TYPISTS (5), BENCH_RATE
// (20 updates/s per typist), BENCH_DOCS (200), BENCH_MULTI_RATE (5 updates/s per
// document), BENCH_COLD_UPDATES (20000), BENCH_KILL_AFTER (500 observed
// updates), BENCH_KILL_RATE (200 updates/s), BENCH_OPEN_DOCS (200 documents ×
// 2 connections), BENCH_OPEN_CONCURRENCY (16), BENCH_RAMP_START (5 updates/s
// per document), BENCH_RAMP_MAX (160), BENCH_RAMP_SECONDS (8 per step),
// BENCH_RAMP_P99_MS (250), BENCH_HOCUSPOCUS_DEBOUNCE and
// BENCH_HOCUSPOCUS_MAX_DEBOUNCE (ms; Hocuspocus' defaults 2000 and 10000), and
// for the two-instance scenario BENCH_CROSS_DOCS (20), BENCH_CROSS_RATE (5
// updates/s per document) and BENCH_REDIS_URL (redis://127.0.0.1:6379).
//
// Prints one JSON object on stdout and progress on stderr; exits 1 on failure.
// Everything runs on 127.0.0.1; the server children and the clients (one
// process) share the machine's cores, so a ramp step the clients cannot drive
// is reported as client-bound rather than as a server limit.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { disconnect, disconnectAll } from './notes/clients.mjs';
import {
  buildLongLog,
  durability,
  latency,
  openConnections,
  rampCeiling,
  timedLoad,
  warmLoads,
} from './notes/scenarios.mjs';
import {
  countLogRows,
  embeddedDatabaseUrl,
  ensureDatabase,
  api,
  reachable,
  startHocuspocus,
  startOurs,
  startReference,
  stopAll,
  stopOrphanedPostgres,
} from './notes/servers.mjs';
import { envNumber, mapLimit, median, progress, round, sleep, waitFor } from './notes/util.mjs';

const PASSWORD = 'Demo-Board-2026!';
const WRITERS = ['medonc', 'radonc', 'surgery', 'pathology', 'radiology', 'genetics', 'chair'];
const READERS = [...WRITERS, 'observer', 'coordinator'];

const TARGETS = ['ours', 'reference', 'hocuspocus', 'leveldb'];
const DURABLE_ANCHORS = ['hocuspocus', 'leveldb'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? null;
const selected = onlyArg === null ? TARGETS : onlyArg.split(',').filter(Boolean);
if (selected.length === 0 || selected.some((name) => !TARGETS.includes(name))) {
  process.stderr.write(`usage: node bench/notes.mjs [--quick] [--only=${TARGETS.join('|')}[,…]]\n`);
  process.exit(2);
}

/** Like envNumber, but 0 is allowed (a debounce of 0 stores on every change). */
const envMs = (name, fallback) =>
  process.env[name]?.trim() === '0' ? 0 : envNumber(name, fallback);

const config = {
  measureSeconds: envNumber('BENCH_SECONDS', quick ? 4 : 15),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', quick ? 1 : 3),
  clients: envNumber('BENCH_CLIENTS', 50),
  typists: envNumber('BENCH_TYPISTS', 5),
  rate: envNumber('BENCH_RATE', 20),
  documents: envNumber('BENCH_DOCS', quick ? 40 : 200),
  multiRate: envNumber('BENCH_MULTI_RATE', 5),
  coldUpdates: envNumber('BENCH_COLD_UPDATES', quick ? 2000 : 20_000),
  killAfter: envNumber('BENCH_KILL_AFTER', quick ? 100 : 500),
  killRate: envNumber('BENCH_KILL_RATE', 200),
  loadRuns: 3,
  crossDocuments: envNumber('BENCH_CROSS_DOCS', quick ? 5 : 20),
  crossRate: envNumber('BENCH_CROSS_RATE', 5),
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  openDocuments: envNumber('BENCH_OPEN_DOCS', quick ? 40 : 200),
  openConcurrency: envNumber('BENCH_OPEN_CONCURRENCY', 16),
  rampStartRate: envNumber('BENCH_RAMP_START', 5),
  rampMaxRate: envNumber('BENCH_RAMP_MAX', quick ? 20 : 160),
  rampSeconds: envNumber('BENCH_RAMP_SECONDS', quick ? 3 : 8),
  rampP99LimitMs: envNumber('BENCH_RAMP_P99_MS', 250),
  hocuspocusDebounceMs: envMs('BENCH_HOCUSPOCUS_DEBOUNCE', 2000),
  hocuspocusMaxDebounceMs: envMs('BENCH_HOCUSPOCUS_MAX_DEBOUNCE', 10_000),
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

// ------------------------------------------------- scenarios every target runs

/**
 * The scenarios shared by all four targets, in the same order everywhere:
 * connections first (right after the server started and nothing is open),
 * then latency at many documents (with memory), at one document, and the
 * ramp over the many documents again. `rooms` = { open[], many[], one }.
 */
async function sharedScenarios(target, out, rooms) {
  out.connectionsOpened = await openConnections(target, {
    rooms: rooms.open,
    clientsPerDoc: 2,
    concurrency: config.openConcurrency,
  });
  const multi = await latency(target, {
    rooms: rooms.many,
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
      rooms: [rooms.one],
      clientsPerDoc: config.clients,
      typistsPerDoc: config.typists,
      rate: config.rate,
      ...scenarioOptions(),
    })
  ).latency;
  out.rampCeiling = await rampCeiling(target, {
    rooms: rooms.many,
    clientsPerDoc: 2,
    startRate: config.rampStartRate,
    maxRate: config.rampMaxRate,
    warmupMs: Math.min(2000, config.warmupSeconds * 1000),
    measureMs: config.rampSeconds * 1000,
    p99LimitMs: config.rampP99LimitMs,
  });
}

/**
 * Cold load on a durable anchor: the same log of single-character updates as
 * for ours, written by one client that then leaves (the anchor stores and
 * drops the document), loaded `loadRuns` times by a fresh client with no
 * other client connected. The anchors expose no count of open documents, so
 * each load waits `UNLOAD_WAIT_MS` after the last client left.
 */
const UNLOAD_WAIT_MS = 1500;
async function anchorColdLoad(target, room) {
  const { writer, expectedLength, writeSeconds } = await buildLongLog(
    target,
    room,
    config.coldUpdates,
  );
  disconnect(writer);
  const written = {
    updates: config.coldUpdates,
    textLength: expectedLength,
    writeSeconds: round(writeSeconds, 1),
    unloadWaitMs: UNLOAD_WAIT_MS,
  };
  const cold = [];
  try {
    for (let i = 0; i < config.loadRuns; i++) {
      await sleep(UNLOAD_WAIT_MS);
      cold.push(await timedLoad(target, room, expectedLength));
    }
  } catch (error) {
    // An anchor that cannot load the document in time is a result, not a failed benchmark.
    progress(`${target.name}: cold load did not complete: ${error.message}`);
    disconnectAll();
    return { ...written, completed: false, error: error.message };
  }
  progress(`${target.name}: cold load ${round(median(cold), 1)} ms`);
  return {
    ...written,
    completed: true,
    coldConnectToSyncMs: { runs: cold.map((ms) => round(ms, 1)), median: round(median(cold), 1) },
  };
}

/**
 * What a durable anchor runs: the shared scenarios, the cold load, then kill -9 (`restart`
 * starts it again on the same storage and returns the new target).
 */
async function durableAnchorScenarios(target, out, restart) {
  await sharedScenarios(target, out, anchorRooms());
  out.coldLoad = await anchorColdLoad(target, 'bench-cold');
  const { result, restarted } = await durability(target, {
    room: 'bench-kill',
    rate: config.killRate,
    threshold: config.killAfter,
    restart,
  });
  out.durability = result;
  await restarted.server.stop();
}

/** Room names for an anchor, which accepts any document name. */
const anchorRooms = () => ({
  open: Array.from({ length: config.openDocuments }, (_, i) => `bench-open-${i + 1}`),
  many: Array.from({ length: config.documents }, (_, i) => `bench-doc-${i + 1}`),
  one: 'bench-one-doc',
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
  const caseIds = await createCases(target, config.documents + 3 + config.openDocuments);
  const rooms = caseIds.map((id) => `cases/${id}`);
  const [singleRoom, coldRoom, killRoom] = rooms.slice(config.documents, config.documents + 3);
  const coldCaseId = caseIds[config.documents + 1];

  await sharedScenarios(target, out, {
    open: rooms.slice(config.documents + 3),
    many: rooms.slice(0, config.documents),
    one: singleRoom,
  });
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
  protocol: 'y-websocket',
  params: () => ({}),
});

async function runReference(out) {
  const server = await startReference();
  const target = referenceTarget(server);
  await sharedScenarios(target, out, anchorRooms());

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

// ------------------------------------------------- reference server on LevelDB

const leveldbDir = join(root, 'leveldb');

// Its first sync of a stored document comes before the document is read from
// LevelDB (the stored state follows as an update): readers after the kill -9
// wait for 1 s without updates before counting.
const leveldbTarget = (server, name = 'leveldb') => ({
  ...referenceTarget(server, name),
  settleAfterSyncMs: 1000,
});

async function runLevelDb(out) {
  out.settings = {
    persistence: `YPERSISTENCE=<temp dir> (y-leveldb ${versionOf('y-leveldb')}, level ${versionOf('level')}, leveldown ${versionOf('leveldown')} prebuilt N-API binary)`,
    client: 'y-websocket WebsocketProvider',
    syncBeforeLoad:
      'the server answers the first sync before reading the document from LevelDB; readers after kill -9 wait for 1 s without updates',
  };
  mkdirSync(leveldbDir, { recursive: true });
  const start = (label = 'leveldb') => startReference({ label, persistenceDir: leveldbDir });
  const server = await start();
  await durableAnchorScenarios(leveldbTarget(server), out, async () =>
    leveldbTarget(await start('leveldb (after kill -9)')),
  );
}

// ---------------------------------------------------------------- Hocuspocus

const hocuspocusTarget = (server, name = 'hocuspocus') => ({
  name,
  server,
  wsUrl: server.wsUrl,
  protocol: 'hocuspocus',
  params: () => ({}),
});

/**
 * Hocuspocus on a database of its own in the embedded PostgreSQL of our
 * server, which is started here only to host that cluster and stays idle
 * (no client talks to it) while Hocuspocus runs.
 */
async function runHocuspocus(out) {
  const host = await startOurs({
    dataDir,
    secrets,
    label: 'ours (PostgreSQL host for hocuspocus)',
  });
  try {
    const databaseUrl = await ensureDatabase(dataDir, 'hocuspocus');
    const settings = {
      debounce: config.hocuspocusDebounceMs,
      maxDebounce: config.hocuspocusMaxDebounceMs,
    };
    out.settings = {
      server: `@hocuspocus/server ${versionOf('@hocuspocus/server')} + @hocuspocus/extension-database ${versionOf('@hocuspocus/extension-database')}`,
      storage:
        'one row per document (whole Yjs state, bytea) in table bench_document of database "hocuspocus" on the embedded PostgreSQL',
      client: `@hocuspocus/provider ${versionOf('@hocuspocus/provider')} (one socket per client)`,
      debounceMs: settings.debounce,
      maxDebounceMs: settings.maxDebounce,
      postgresHost: 'our server, idle, started only for its embedded PostgreSQL',
    };
    const start = (label = 'hocuspocus') => startHocuspocus({ databaseUrl, ...settings, label });
    const server = await start();
    await durableAnchorScenarios(hocuspocusTarget(server), out, async () =>
      hocuspocusTarget(await start('hocuspocus (after kill -9)')),
    );
  } finally {
    await host.stop();
  }
}

// -------------------------------------------------------------------- ratios

/**
 * Ours ÷ the best durable anchor for each measure, with the goal of issue 19
 * where it sets one. "Best" is the lowest time or the highest rate among the
 * durable anchors that produced a value.
 */
function ratios(output) {
  const measures = {
    latencyManyDocumentsP99Ms: {
      of: (t) => t.latencyManyDocuments?.latencyMs?.p99,
      lowerIsBetter: true,
      goal: '≤ 1.5',
    },
    latencyOneDocumentP99Ms: {
      of: (t) => t.latencyOneDocument?.latencyMs?.p99,
      lowerIsBetter: true,
      goal: '≤ 1.5',
    },
    rampCeilingUpdatesPerSecond: {
      of: (t) => t.rampCeiling?.ceilingUpdatesPerSecond,
      lowerIsBetter: false,
      goal: '≥ 1',
      // A ceiling that is only a lower bound (every step sustained, or the clients were the limit).
      lowerBound: (t) => t.rampCeiling?.ceilingIsLowerBound === true,
      caveat: (t) =>
        t.rampCeiling?.ceilingIsLowerBound
          ? 'sustained every step (ceiling is a lower bound)'
          : t.rampCeiling?.stoppedBy?.startsWith('client-bound')
            ? 'client-bound'
            : null,
    },
    coldLoadMedianMs: {
      of: (t) => t.coldLoad?.coldConnectToSyncMs?.median,
      lowerIsBetter: true,
    },
    connectionsOpenedTotalMs: {
      of: (t) => t.connectionsOpened?.totalMs,
      lowerIsBetter: true,
      goal: '≤ 1',
    },
    connectionsOpenedP50Ms: {
      of: (t) => t.connectionsOpened?.perConnectionMs?.p50,
      lowerIsBetter: true,
    },
    connectionsOpenedP99Ms: {
      of: (t) => t.connectionsOpened?.perConnectionMs?.p99,
      lowerIsBetter: true,
    },
    killObservedSurvivedPercent: {
      of: (t) =>
        t.durability && t.durability.observedBeforeKill > 0
          ? (100 * t.durability.observedSurvived) / t.durability.observedBeforeKill
          : null,
      lowerIsBetter: false,
    },
  };
  const result = {};
  for (const [name, { of, lowerIsBetter, goal, caveat, lowerBound }] of Object.entries(measures)) {
    const ours = output.ours ? (of(output.ours) ?? null) : null;
    const anchors = DURABLE_ANCHORS.map((anchor) => [
      anchor,
      output[anchor] ? of(output[anchor]) : null,
    ]).filter(([, value]) => typeof value === 'number');
    if (ours === null || anchors.length === 0) {
      result[name] = { ours, best: null, ratio: null };
      continue;
    }
    const [bestAnchor, best] = anchors.reduce((a, b) =>
      (lowerIsBetter ? b[1] < a[1] : b[1] > a[1]) ? b : a,
    );
    const ratio = best === 0 ? null : round(ours / best, 2);
    result[name] = { ours: round(ours, 1), best: round(best, 1), bestAnchor, ratio };
    const caveats = caveat
      ? ['ours', ...DURABLE_ANCHORS]
          .map(
            (target) =>
              output[target] && caveat(output[target]) && `${target}: ${caveat(output[target])}`,
          )
          .filter(Boolean)
      : [];
    if (caveats.length > 0) result[name].caveats = caveats;
    if (goal) {
      const [op, bound] = goal.split(' ');
      result[name].goal = goal;
      let met =
        ratio === null ? null : op === '≤' ? ratio <= Number(bound) : ratio >= Number(bound);
      // With lower bounds a pass is certain only if no anchor is one, a failure only if ours is not.
      if (lowerBound && met !== null) {
        const anchorBounded = anchors.some(([anchor]) => lowerBound(output[anchor]));
        if (met ? anchorBounded : lowerBound(output.ours)) met = null;
      }
      result[name].met = met;
    }
  }
  return result;
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
    hocuspocus: `@hocuspocus/server ${versionOf('@hocuspocus/server')}, @hocuspocus/extension-database ${versionOf('@hocuspocus/extension-database')}, @hocuspocus/provider ${versionOf('@hocuspocus/provider')}`,
    yLeveldb: versionOf('y-leveldb'),
    note: 'servers and all clients run on this one machine over 127.0.0.1; the clients are one Node process',
  },
  settings: { ...config, quick, targets: selected },
  ...Object.fromEntries(TARGETS.map((name) => [name, selected.includes(name) ? {} : null])),
};
const runners = {
  ours: runOurs,
  reference: runReference,
  hocuspocus: runHocuspocus,
  leveldb: runLevelDb,
};

let exitCode = 0;
const started = performance.now();
try {
  for (const name of TARGETS) {
    if (!output[name]) continue;
    await runners[name](output[name]);
    disconnectAll();
  }
  output.ratios = ratios(output);
  output.machine.benchSeconds = Math.round((performance.now() - started) / 1000);
  process.stdout.write(JSON.stringify(output, null, 2) + '\n');
} catch (error) {
  process.stderr.write(`notes benchmark failed: ${error?.stack ?? error}\n`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
