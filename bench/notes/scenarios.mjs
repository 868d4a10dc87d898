// The measurements, written against a "target": a running server plus how to
// authenticate its clients and which client protocol it speaks. The same code
// runs against our server, the reference server (in memory or on LevelDB) and
// Hocuspocus.
//
//   target = { name, server, wsUrl, params(kind, index), protocol?, settleAfterSyncMs?, wsUrlFor?(client) }
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  bufferedAmount,
  connect,
  disconnect,
  markersIn,
  observeInserts,
  settled,
  startTypist,
  synced,
} from './clients.mjs';
import { rssKiB } from './servers.mjs';
import {
  mapLimit,
  median,
  now,
  progress,
  round,
  sleep,
  summarise,
  waitFor,
  withTimeout,
} from './util.mjs';

const OPEN_CONCURRENCY = 16;

/** A client of `target` (its protocol, its credentials for a `kind` of user). */
const connectTo = (target, url, room, kind, index) =>
  connect(url, room, target.params(kind, index), target.protocol);

/**
 * Waits for a freshly synced client to hold a document's stored content. The
 * reference server with LevelDB answers the first sync before it has read the
 * document from disk and sends the stored state as a later update, so for
 * such a target (`settleAfterSyncMs`) the text counts once no update has
 * arrived for that long.
 */
const loaded = (target, client) =>
  target.settleAfterSyncMs ? settled(client, target.settleAfterSyncMs, 60_000) : null;

/**
 * Opens `clientsPerDoc` synced clients on each of `rooms` (the first
 * `typistsPerDoc` of each document as writers), `OPEN_CONCURRENCY` at a time.
 * Every client reports each marker it receives to `session.record`, which a
 * measurement window sets; `close()` disconnects them all.
 */
async function openSession(target, { rooms, clientsPerDoc, typistsPerDoc }) {
  const session = {
    groups: rooms.map(() => new Array(clientsPerDoc)),
    record: null,
    openMs: 0,
    close() {
      for (const group of session.groups)
        for (const client of group) if (client) disconnect(client);
    },
  };
  const open = async ([d, c]) => {
    const kind = c < typistsPerDoc ? 'writer' : 'reader';
    // A target spread over instances says which server each client of a document uses.
    const url = target.wsUrlFor ? target.wsUrlFor(c) : target.wsUrl;
    const client = connectTo(target, url, rooms[d], kind, d * clientsPerDoc + c);
    session.groups[d][c] = client;
    observeInserts(client, (_writer, _seq, sentAt, receivedAt) =>
      session.record?.(sentAt, receivedAt),
    );
    await synced(client, 60_000);
  };
  /** Opens clients number `from` to `to` − 1 of every document. */
  session.openSlots = async (from, to) => {
    const list = rooms.flatMap((_, d) =>
      Array.from({ length: to - from }, (_, i) => [d, from + i]),
    );
    const started = performance.now();
    await mapLimit(list, OPEN_CONCURRENCY, open);
    session.openMs += performance.now() - started;
  };
  return session;
}

/**
 * One measurement window on an open session: the first `typistsPerDoc`
 * clients of each document type `rate` markers/s; after `warmupMs`, every
 * marker sent during `measureMs` counts, and each other client of its
 * document should receive it. Typists stop at the end of the window and
 * `drainMs` lets late deliveries arrive.
 */
async function measureWindow(
  target,
  session,
  { typistsPerDoc, rate, warmupMs, measureMs, drainMs },
) {
  const { groups } = session;
  const clientsPerDoc = groups[0].length;
  const window = { start: Infinity, end: Infinity };
  const inWindow = (sentAt) => sentAt >= window.start && sentAt < window.end;
  const samples = [];
  let sentInWindow = 0;
  session.record = (sentAt, receivedAt) => {
    if (inWindow(sentAt)) samples.push(receivedAt - sentAt);
  };
  const typists = [];
  groups.forEach((group, d) => {
    for (let t = 0; t < typistsPerDoc; t++) {
      typists.push(
        startTypist(group[t], d * typistsPerDoc + t, rate, {
          offsetMs: Math.random() * (1000 / rate),
          onSent: (_seq, sentAt) => {
            if (inWindow(sentAt)) sentInWindow += 1;
          },
        }),
      );
    }
  });
  const closesBefore = countCloses(groups);
  await sleep(warmupMs);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  window.start = now();
  await sleep(measureMs);
  window.end = now();
  loop.disable();
  for (const typist of typists) typist.stop();
  await sleep(drainMs);
  session.record = null;
  const expected = sentInWindow * (clientsPerDoc - 1);
  const seconds = (window.end - window.start) / 1000;
  const stats = summarise(samples);
  return {
    documents: groups.length,
    clientsPerDocument: clientsPerDoc,
    typists: typists.length,
    targetRatePerTypist: rate,
    targetUpdatesPerSecond: round(typists.length * rate, 1),
    achievedUpdatesPerSecond: round(sentInWindow / seconds, 1),
    measuredSeconds: round(seconds, 1),
    deliveriesExpected: expected,
    deliveriesReceived: stats.samples,
    deliveredPercent: expected === 0 ? null : round((100 * stats.samples) / expected, 2),
    latencyMs: {
      p50: stats.p50,
      p95: stats.p95,
      p99: stats.p99,
      max: stats.max,
      mean: stats.mean,
    },
    reconnectsDuringRun: countCloses(groups) - closesBefore,
    clientEventLoopDelayP99Ms: round(loop.percentile(99) / 1e6, 1),
    serverRssMiB: round(rssKiB(target.server.pid) / 1024),
  };
}

/**
 * Propagation latency: `rooms.length` documents, `clientsPerDoc` clients on
 * each, the first `typistsPerDoc` of them typing `rate` updates/s. Every
 * client records receive − send for every marker typed by another client
 * during the measurement window. With `measureMemory`, the server's RSS is
 * read before and after opening one synced client per document.
 */
export async function latency(
  target,
  {
    rooms,
    clientsPerDoc,
    typistsPerDoc,
    rate,
    warmupMs,
    measureMs,
    drainMs = 3000,
    measureMemory = false,
  },
) {
  const label = `${target.name}: ${rooms.length} doc(s) × ${clientsPerDoc} clients`;
  const session = await openSession(target, { rooms, clientsPerDoc, typistsPerDoc });
  let memory = null;
  try {
    if (measureMemory) {
      await sleep(3000);
      const before = await steadyRss(target.server.pid);
      await session.openSlots(0, 1);
      await sleep(3000);
      const after = await steadyRss(target.server.pid);
      memory = {
        openDocuments: rooms.length,
        clientsPerDocument: 1,
        rssBeforeMiB: round(before / 1024),
        rssAfterMiB: round(after / 1024),
        perOpenDocumentKiB: round((after - before) / rooms.length, 1),
      };
      progress(
        `${target.name}: RSS ${memory.rssBeforeMiB} → ${memory.rssAfterMiB} MiB for ${rooms.length} open documents`,
      );
      await session.openSlots(1, clientsPerDoc);
    } else {
      await session.openSlots(0, clientsPerDoc);
    }
    progress(
      `${label}: ${rooms.length * clientsPerDoc} clients connected and synced in ${(session.openMs / 1000).toFixed(1)} s`,
    );
    progress(`${label}: measuring for ${measureMs / 1000} s`);
    const result = await measureWindow(target, session, {
      typistsPerDoc,
      rate,
      warmupMs,
      measureMs,
      drainMs,
    });
    progress(
      `${label}: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.deliveredPercent}% delivered`,
    );
    return { latency: result, memory };
  } finally {
    session.close();
  }
}

/**
 * Ramp ceiling: one session of `rooms.length` documents × `clientsPerDoc`
 * clients (one typist each), the rate per document doubled from `startRate`
 * to `maxRate`, one measurement window per step. A step is sustained when
 * p99 ≤ `p99LimitMs`, at least `minDeliveredPercent` of the deliveries
 * arrived and the typists achieved ≥ 95 % of the asked rate (below that the
 * client process, not the server, is the limit, and the ramp stops without
 * blaming the server). The ceiling is the aggregate rate asked at the last
 * sustained step.
 */
export async function rampCeiling(
  target,
  {
    rooms,
    clientsPerDoc,
    startRate,
    maxRate,
    warmupMs,
    measureMs,
    drainMs = 2000,
    p99LimitMs = 250,
    minDeliveredPercent = 99,
  },
) {
  const label = `${target.name}: ramp over ${rooms.length} docs × ${clientsPerDoc}`;
  const session = await openSession(target, { rooms, clientsPerDoc, typistsPerDoc: 1 });
  try {
    await session.openSlots(0, clientsPerDoc);
    const steps = [];
    let ceiling = null;
    let stoppedBy = 'reached the last step';
    for (let rate = startRate; rate <= maxRate; rate *= 2) {
      const step = await measureWindow(target, session, {
        typistsPerDoc: 1,
        rate,
        warmupMs,
        measureMs,
        drainMs,
      });
      const clientBound = step.achievedUpdatesPerSecond < 0.95 * step.targetUpdatesPerSecond;
      const slow = step.latencyMs.p99 === null || step.latencyMs.p99 > p99LimitMs;
      const lossy = (step.deliveredPercent ?? 0) < minDeliveredPercent;
      const sustained = !clientBound && !slow && !lossy;
      steps.push({
        ratePerDocument: rate,
        targetUpdatesPerSecond: step.targetUpdatesPerSecond,
        achievedUpdatesPerSecond: step.achievedUpdatesPerSecond,
        deliveredPercent: step.deliveredPercent,
        p50Ms: step.latencyMs.p50,
        p99Ms: step.latencyMs.p99,
        reconnects: step.reconnectsDuringRun,
        clientEventLoopDelayP99Ms: step.clientEventLoopDelayP99Ms,
        serverRssMiB: step.serverRssMiB,
        sustained,
      });
      progress(
        `${label}: ${step.achievedUpdatesPerSecond} updates/s, p99 ${step.latencyMs.p99} ms, ${step.deliveredPercent}% delivered${sustained ? '' : ' (not sustained)'}`,
      );
      if (!sustained) {
        stoppedBy = clientBound
          ? 'client-bound: the typists could not reach the asked rate (not a server limit)'
          : [slow && `p99 > ${p99LimitMs} ms`, lossy && `< ${minDeliveredPercent} % delivered`]
              .filter(Boolean)
              .join(' and ');
        break;
      }
      // The step's asked rate, not the achieved one: a sustained step achieved ≥ 95 % of it, and
      // the same steps on every target then compare without the typists' jitter.
      ceiling = step.targetUpdatesPerSecond;
    }
    const clientBound = stoppedBy.startsWith('client-bound');
    return {
      documents: rooms.length,
      clientsPerDocument: clientsPerDoc,
      criteria: { p99LimitMs, minDeliveredPercent, minAchievedPercentOfTarget: 95 },
      // No sustained step: 0 when the server failed the first one, unknown when the clients did.
      ceilingUpdatesPerSecond: ceiling ?? (clientBound ? null : 0),
      // The server kept up with the highest step, or the clients gave out first: the true ceiling is higher.
      ceilingIsLowerBound: stoppedBy === 'reached the last step' || clientBound,
      stoppedBy,
      steps,
    };
  } finally {
    session.close();
  }
}

/**
 * Connection opening from cold: `rooms.length` documents never opened before
 * × `clientsPerDoc` clients, `concurrency` opening at a time; each connection
 * is timed from creating the client to its first sync.
 */
export async function openConnections(target, { rooms, clientsPerDoc, concurrency }) {
  const slots = rooms.flatMap((room) => Array.from({ length: clientsPerDoc }, (_, c) => [room, c]));
  const clients = [];
  const times = [];
  const started = performance.now();
  try {
    await mapLimit(slots, concurrency, async ([room, c], i) => {
      const opened = performance.now();
      const client = connectTo(target, target.wsUrl, room, c === 0 ? 'writer' : 'reader', i);
      clients.push(client);
      await synced(client, 60_000);
      times.push(performance.now() - opened);
    });
    const totalMs = performance.now() - started;
    const stats = summarise(times);
    const result = {
      connections: slots.length,
      documents: rooms.length,
      concurrency,
      totalMs: round(totalMs, 1),
      connectionsPerSecond: round((1000 * slots.length) / totalMs, 1),
      perConnectionMs: { p50: stats.p50, p99: stats.p99, max: stats.max, mean: stats.mean },
      serverRssMiB: round(rssKiB(target.server.pid) / 1024),
    };
    progress(
      `${target.name}: ${slots.length} connections opened and synced in ${result.totalMs} ms (p50 ${stats.p50} ms, p99 ${stats.p99} ms)`,
    );
    return result;
  } finally {
    for (const client of clients) disconnect(client);
  }
}

/** Median of five RSS readings 200 ms apart, in KiB. */
async function steadyRss(pid) {
  const readings = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssKiB(pid));
    await sleep(200);
  }
  return median(readings);
}

function countCloses(groups) {
  let closes = 0;
  for (const group of groups) for (const client of group) closes += client.closes;
  return closes;
}

/**
 * Writes `updates` one-character inserts, one transaction (one message) each,
 * keeping the socket's send buffer small. Returns the connected writer and
 * the text length every later client must see.
 */
export async function buildLongLog(target, room, updates) {
  const writer = connectTo(target, target.wsUrl, room, 'writer', 0);
  await synced(writer, 60_000);
  await loaded(target, writer);
  const expectedLength = writer.text.length + updates;
  const started = performance.now();
  for (let i = 0; i < updates; i++) {
    writer.text.insert(writer.text.length, String.fromCharCode(97 + (i % 26)));
    if (i % 100 === 99) {
      await waitFor(
        () => (bufferedAmount(writer) ?? 0) < 64 * 1024,
        60_000,
        'send buffer to drain',
        5,
      );
      await sleep(5);
    }
  }
  await waitFor(() => bufferedAmount(writer) === 0, 60_000, 'send buffer to drain', 20);
  if (writer.closes > 0)
    throw new Error(`the writer was disconnected while writing the log (${writer.lastClose})`);
  const seconds = (performance.now() - started) / 1000;
  progress(`${target.name}: wrote ${updates} updates in ${seconds.toFixed(1)} s`);
  return { writer, expectedLength, writeSeconds: seconds };
}

/**
 * Time from creating a fresh client to its `sync` event, with the whole text
 * present; for a target whose sync can come before the stored state
 * (`settleAfterSyncMs`), to the moment the whole text has arrived.
 */
export async function timedLoad(target, room, expectedLength) {
  const started = performance.now();
  const client = connectTo(target, target.wsUrl, room, 'reader', 0);
  try {
    await synced(client, 120_000);
    if (target.settleAfterSyncMs) {
      await waitFor(() => client.text.length >= expectedLength, 120_000, `${room} to load`, 1);
    }
    const ms = performance.now() - started;
    if (client.text.length !== expectedLength) {
      throw new Error(
        `${target.name}: loaded ${client.text.length} characters, expected ${expectedLength}`,
      );
    }
    return ms;
  } finally {
    disconnect(client);
  }
}

/** Loads of a document some other client keeps open (in memory on every server). */
export async function warmLoads(target, room, expectedLength, runs) {
  const holder = connectTo(target, target.wsUrl, room, 'reader', 1);
  try {
    await synced(holder, 120_000);
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await timedLoad(target, room, expectedLength));
    return { runsMs: times.map((ms) => round(ms, 1)), medianMs: round(median(times), 1) };
  } finally {
    disconnect(holder);
  }
}

/**
 * kill -9 durability: a writer types `rate` markers/s, a watcher records
 * every one it receives; once it has seen `threshold`, the server is killed
 * with SIGKILL (on the spot, so the writer sends nothing more), both clients
 * are dropped (so neither can re-send anything later), the server is
 * restarted by `restart()`, and a fresh client counts what survived.
 */
export async function durability(target, { room, rate, threshold, restart }) {
  const WRITER = 7;
  const writer = connectTo(target, target.wsUrl, room, 'writer', 0);
  const watcher = connectTo(target, target.wsUrl, room, 'reader', 1);
  let restarted = null;
  try {
    await Promise.all([synced(writer, 60_000), synced(watcher, 60_000)]);
    const observed = new Set();
    let typist = null;
    let killed = null;
    let sent = 0;
    const killedPromise = new Promise((resolve) => {
      let scheduled = false;
      observeInserts(watcher, (writerId, seq) => {
        if (writerId !== WRITER || killed) return;
        observed.add(seq);
        if (observed.size < threshold || scheduled) return;
        scheduled = true;
        // Everything the watcher receives before this microtask still counts as observed.
        queueMicrotask(() => {
          typist.stop();
          sent = typist.sent;
          process.kill(target.server.pid, 'SIGKILL');
          killed = performance.now();
          resolve();
        });
      });
    });
    typist = startTypist(writer, WRITER, rate);
    await withTimeout(
      killedPromise,
      120_000 + (threshold / rate) * 2000,
      `${threshold} updates observed`,
    );
    const observedAtKill = new Set(observed);
    disconnect(writer);
    disconnect(watcher);
    await withTimeout(target.server.exited, 10_000, 'killed server to exit');
    progress(
      `${target.name}: kill -9 after ${sent} sent, ${observedAtKill.size} observed; restarting`,
    );

    const restartStarted = performance.now();
    restarted = await restart();
    const restartMs = performance.now() - restartStarted;
    const reader = connectTo(restarted, restarted.wsUrl, room, 'reader', 2);
    let survivors;
    try {
      await synced(reader, 120_000);
      await loaded(restarted, reader);
      survivors = new Set();
      for (const [writerId, seq] of markersIn(reader.text.toString()))
        if (writerId === WRITER) survivors.add(seq);
    } finally {
      disconnect(reader);
    }
    let observedSurvived = 0;
    for (const seq of observedAtKill) if (survivors.has(seq)) observedSurvived += 1;
    const unobserved = [];
    for (let seq = 0; seq < sent; seq++) if (!observedAtKill.has(seq)) unobserved.push(seq);
    const unobservedSurvived = unobserved.filter((seq) => survivors.has(seq)).length;
    const result = {
      writerRatePerSecond: rate,
      sentBeforeKill: sent,
      observedBeforeKill: observedAtKill.size,
      observedSurvived,
      observedLost: observedAtKill.size - observedSurvived,
      sentButUnobserved: unobserved.length,
      sentButUnobservedSurvived: unobservedSurvived,
      survivedTotal: survivors.size,
      restartToReadyMs: Math.round(restartMs),
    };
    progress(
      `${target.name}: ${observedSurvived}/${observedAtKill.size} observed updates survived kill -9`,
    );
    return { result, restarted };
  } catch (error) {
    if (restarted) await restarted.server.stop().catch(() => undefined);
    throw error;
  } finally {
    disconnect(writer);
    disconnect(watcher);
  }
}
