// The measurements, written against a "target": a running server plus how to
// name its documents and authenticate its clients. The same code runs against
// our server and against the reference server.
//
//   target = { name, server, wsUrl, room(key), params(kind, index), afterUnload?() }
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connect, disconnect, markersIn, observeInserts, startTypist, synced } from './clients.mjs';
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
  const groups = rooms.map(() => new Array(clientsPerDoc));
  const open = async ([d, c]) => {
    const kind = c < typistsPerDoc ? 'writer' : 'reader';
    // A target spread over instances says which server each client of a document uses.
    const url = target.wsUrlFor ? target.wsUrlFor(c) : target.wsUrl;
    const client = connect(url, rooms[d], target.params(kind, d * clientsPerDoc + c));
    groups[d][c] = client;
    await synced(client, 60_000);
  };
  const slots = (from, to) =>
    rooms.flatMap((_, d) => Array.from({ length: to - from }, (_, i) => [d, from + i]));

  let memory = null;
  try {
    let openMs = 0;
    const timedOpen = async (list) => {
      const started = performance.now();
      await mapLimit(list, OPEN_CONCURRENCY, open);
      openMs += performance.now() - started;
    };
    if (measureMemory) {
      await sleep(3000);
      const before = await steadyRss(target.server.pid);
      await timedOpen(slots(0, 1));
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
      await timedOpen(slots(1, clientsPerDoc));
    } else {
      await timedOpen(slots(0, clientsPerDoc));
    }
    progress(
      `${label}: ${rooms.length * clientsPerDoc} clients connected and synced in ${(openMs / 1000).toFixed(1)} s`,
    );

    const window = { start: Infinity, end: Infinity };
    const inWindow = (sentAt) => sentAt >= window.start && sentAt < window.end;
    const samples = [];
    let sentInWindow = 0;
    for (const group of groups) {
      for (const client of group) {
        observeInserts(client, (_writer, _seq, sentAt, receivedAt) => {
          if (inWindow(sentAt)) samples.push(receivedAt - sentAt);
        });
      }
    }
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
    progress(`${label}: measuring for ${measureMs / 1000} s`);
    await sleep(measureMs);
    window.end = now();
    loop.disable();
    for (const typist of typists) typist.stop();
    await sleep(drainMs);
    const expected = sentInWindow * (clientsPerDoc - 1);
    const seconds = (window.end - window.start) / 1000;
    const stats = summarise(samples);
    const result = {
      documents: rooms.length,
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
    progress(
      `${label}: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.deliveredPercent}% delivered`,
    );
    return { latency: result, memory };
  } finally {
    for (const group of groups) for (const client of group) if (client) disconnect(client);
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
  const writer = connect(target.wsUrl, room, target.params('writer', 0));
  await synced(writer, 60_000);
  const expectedLength = writer.text.length + updates;
  const started = performance.now();
  for (let i = 0; i < updates; i++) {
    writer.text.insert(writer.text.length, String.fromCharCode(97 + (i % 26)));
    if (i % 100 === 99) {
      await waitFor(
        () => (writer.provider.ws?.bufferedAmount ?? 0) < 64 * 1024,
        60_000,
        'send buffer to drain',
        5,
      );
      await sleep(5);
    }
  }
  await waitFor(
    () => writer.provider.ws && writer.provider.ws.bufferedAmount === 0,
    60_000,
    'send buffer to drain',
    20,
  );
  if (writer.closes > 0)
    throw new Error(`the writer was disconnected while writing the log (${writer.lastClose})`);
  const seconds = (performance.now() - started) / 1000;
  progress(`${target.name}: wrote ${updates} updates in ${seconds.toFixed(1)} s`);
  return { writer, expectedLength, writeSeconds: seconds };
}

/** Time from creating a fresh client to its `sync` event, with the whole text present. */
export async function timedLoad(target, room, expectedLength) {
  const started = performance.now();
  const client = connect(target.wsUrl, room, target.params('reader', 0));
  try {
    await synced(client, 120_000);
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
  const holder = connect(target.wsUrl, room, target.params('reader', 1));
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
  const writer = connect(target.wsUrl, room, target.params('writer', 0));
  const watcher = connect(target.wsUrl, room, target.params('reader', 1));
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
    const reader = connect(restarted.wsUrl, room, restarted.params('reader', 2));
    let survivors;
    try {
      await synced(reader, 120_000);
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
