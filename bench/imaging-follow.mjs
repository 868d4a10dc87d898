// Presenter-to-follower imaging latency: how long after the presenter changes their viewer a
// follower's viewer shows the same, in Debian's Chromium against the built server and a real PACS.
//
//   npm run bench:follow        (nest build, the web client's build, then this)
//
// A real PACS: Debian's Orthanc with its DICOMweb plugin, started by libs/testing's harness (from
// the build, dist/libs/testing) on a free loopback port, loaded with the synthetic 64-slice
// 256×256 16-bit CT series (libs/testing's dcmjs generator; no patient data). The built server
// (dist/apps/server/src/main.js, demo data, no mediasoup worker) has that Orthanc as its one
// source; the demo coordinator links the study to the case THX-2026-001 through the API.
//
// In Chromium (/usr/bin/chromium, headless, the benchmarks' flags), two browser contexts at
// 1440×1000, signed in through /login, as in test/browser/imaging-follow.browser-spec.ts: the
// chair opens the Thoracic Oncology Board's first meeting, starts it, focuses THX-2026-001, opens
// the Imaging tab and the synthetic CT, and presses "Share with the room"; the radiologist
// (radiology@demo.local) is in the room, is brought to (or, if not, clicks) the Imaging tab and
// follows.
//
// Each step is one change by the presenter, and the next step waits until the follower shows it:
//   slice   ArrowDown / ArrowUp on the presenter's focused `.viewer-stage` (up and down the series);
//   window  a click on a window preset button (Lung, Mediastinum, Bone, Brain, Abdomen in turn).
// Steps start BENCH_GAP_MS apart (default 150–300, drawn from a generator seeded with BENCH_SEED,
// default 16; later if the follower took longer), so each change is its own update: the presenter
// sends at most one every 100 ms. A warm-up first (one pass down the series and one over the
// presets; not counted): it loads the presenter's frames, while the follower prefetches the
// shared series from the first update on. Then BENCH_SLICE_STEPS slice steps (default 200) and
// BENCH_WINDOW_STEPS window steps (default 100).
//
// Timestamps are epoch milliseconds taken in the pages, `performance.timeOrigin +
// performance.now()`: both pages run on this machine under one clock, so the presenter's and the
// follower's stamps compare directly (`clockCheck` gives each page's offset from this process,
// measured over the smallest round trip, at the start and the end). From the presenter's input
// (the `keydown` on the stage, or the `pointerup` on the preset, both in the capture phase,
// before the viewer's handlers run) to, in the follower's page:
//   attribute  the stage's `data-slice-index` / `data-window` showing the value (MutationObserver);
//   frame      the animation frame after that (requestAnimationFrame): the headline figure;
//   drawn      Cornerstone's IMAGE_RENDERED on the stage, after (for slices) its STACK_NEW_IMAGE of
//              that slice: the new pixels on the canvas.
// And, for comparison, the presenter's own viewer: input → drawn. p50, p95, p99 and max by
// nearest rank. A step the follower does not show within 10 s counts as missed.
//
// The database: with DATABASE_URL set, a fresh temporary database on that server (dropped at
// the end); otherwise the server's embedded PostgreSQL in a temporary DATA_DIR.
// Prints a table of the figures on stderr, then one JSON object on stdout.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  api,
  launchChromium,
  machine,
  requirePrerequisites,
  ROOT,
  round,
  runAgainstServer,
  sleep,
  submitSignIn,
} from './support/app.mjs';

const SLICE_STEPS = Number(process.env.BENCH_SLICE_STEPS ?? 200);
const WINDOW_STEPS = Number(process.env.BENCH_WINDOW_STEPS ?? 100);
const [GAP_MIN_MS, GAP_MAX_MS] = (process.env.BENCH_GAP_MS ?? '150-300').split('-').map(Number);
const SEED = Number(process.env.BENCH_SEED ?? 16);
const STEP_TIMEOUT_MS = 10_000;
const PASSWORD = 'Demo-Board-2026!';
const BOARD = 'Thoracic Oncology Board';
const CASE_REF = 'THX-2026-001';
const PRESENTER = 'chair@demo.local';
const FOLLOWER = 'radiology@demo.local';
const VIEWPORT = { width: 1440, height: 1000 };
/** The viewer's presets (apps/web/src/features/imaging/viewing.ts), as their buttons name them. */
const PRESETS = [
  { label: 'Lung', center: -600, width: 1500 },
  { label: 'Mediastinum', center: 50, width: 350 },
  { label: 'Bone', center: 400, width: 1800 },
  { label: 'Brain', center: 40, width: 80 },
  { label: 'Abdomen', center: 40, width: 400 },
];

const TESTING = join(ROOT, 'dist/libs/testing/src');
requirePrerequisites([[join(TESTING, 'orthanc.js'), 'npx nest build']]);
const require = createRequire(import.meta.url);
const { Orthanc } = require(join(TESTING, 'orthanc.js'));
const { syntheticStudy } = require(join(TESTING, 'synthetic-dicom.js'));

// ---------------------------------------------------------------------------------------------
// The pages' probe
// ---------------------------------------------------------------------------------------------

/**
 * In both pages, before the client's code: `__bench.inputs` and `__bench.inputAt` (epoch ms of
 * the last keydown on the stage or pointerup on a window preset), and `__benchArm(attribute,
 * value)`, which waits for the stage's `attribute` to show `value` and resolves `__bench.armed.done`
 * with the epoch ms of that (`attributeAt`), of the next animation frame (`frameAt`) and of the
 * first IMAGE_RENDERED after it (`drawnAt`; for a slice, after that slice's STACK_NEW_IMAGE), or
 * with what it has after 10 s.
 */
const PROBE = `(() => {
  const epoch = () => performance.timeOrigin + performance.now();
  const bench = (globalThis.__bench = { inputs: 0, inputAt: null, armed: null });
  let newImageIndex = null;
  const finish = (armed) => {
    if (armed.frameAt !== undefined && armed.drawnAt !== undefined) armed.resolve();
  };
  const check = () => {
    const armed = bench.armed;
    if (!armed || armed.attributeAt !== undefined) return;
    const stage = document.querySelector('.viewer-stage');
    if (!stage || stage.getAttribute(armed.attribute) !== armed.value) return;
    armed.attributeAt = epoch();
    requestAnimationFrame(() => {
      armed.frameAt = epoch();
      finish(armed);
    });
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ['data-slice-index', 'data-window'],
  });
  document.addEventListener('CORNERSTONE_STACK_NEW_IMAGE', (event) => {
    newImageIndex = event.detail?.imageIdIndex ?? null;
  }, true);
  document.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => {
    const armed = bench.armed;
    if (!armed || armed.attributeAt === undefined || armed.drawnAt !== undefined) return;
    if (armed.attribute === 'data-slice-index' && String(newImageIndex) !== armed.value) return;
    armed.drawnAt = epoch();
    finish(armed);
  }, true);
  const input = () => {
    bench.inputAt = epoch();
    bench.inputs += 1;
  };
  document.addEventListener('keydown', (event) => {
    if (event.target instanceof Element && event.target.closest('.viewer-stage')) input();
  }, true);
  document.addEventListener('pointerup', (event) => {
    if (event.target instanceof Element && event.target.closest('[aria-label="Window presets"]'))
      input();
  }, true);
  globalThis.__benchArm = (attribute, value) => {
    const armed = { attribute, value };
    armed.done = new Promise((resolve) => {
      armed.resolve = resolve;
      setTimeout(resolve, ${STEP_TIMEOUT_MS});
    }).then(() => ({
      attributeAt: armed.attributeAt ?? null,
      frameAt: armed.frameAt ?? null,
      drawnAt: armed.drawnAt ?? null,
    }));
    bench.armed = armed;
    check();
  };
})();`;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A small seeded generator (mulberry32): the same gaps on every run. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nearest-rank p50, p95, p99 and max of durations in ms (to 0.1 ms), min, and how many. */
function latency(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p) =>
    sorted.length === 0 ? null : round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]);
  return {
    count: sorted.length,
    p50ms: rank(0.5),
    p95ms: rank(0.95),
    p99ms: rank(0.99),
    maxMs: rank(1),
    minMs: rank(0),
  };
}

const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);

/**
 * A page's clock against this process's (both epoch ms, `timeOrigin + now()`): the offset of the
 * sample with the smallest round trip, and that round trip.
 */
async function clockOffset(page) {
  let best = null;
  for (let i = 0; i < 20; i++) {
    const before = performance.timeOrigin + performance.now();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    if (!best || after - before < best.roundTripMs)
      best = { offsetMs: inPage - (before + after) / 2, roundTripMs: after - before };
  }
  return best;
}

async function clockCheck(presenter, follower) {
  const [a, b] = [await clockOffset(presenter), await clockOffset(follower)];
  return {
    presenterMinusFollowerMs: round(a.offsetMs - b.offsetMs),
    withinMs: round((a.roundTripMs + b.roundTripMs) / 2),
  };
}

/** Links the study to THX-2026-001; returns the board's first meeting (the list is by start). */
async function prepare(baseUrl, study) {
  const { accessToken } = await api(baseUrl, '/auth/login', null, {
    email: 'coordinator@demo.local',
    password: PASSWORD,
  });
  const board = (await api(baseUrl, '/boards', accessToken)).find((b) => b.name === BOARD);
  if (!board) throw new Error(`no board named ${BOARD}`);
  const clinicalCase = (await api(baseUrl, `/boards/${board.id}/cases`, accessToken)).find(
    (c) => c.patientRef === CASE_REF,
  );
  if (!clinicalCase) throw new Error(`no case ${CASE_REF} on ${BOARD}`);
  await api(baseUrl, `/imaging/cases/${clinicalCase.id}/studies`, accessToken, {
    sourceId: 'pacs',
    studyInstanceUid: study.studyInstanceUid,
  });
  const [meeting] = await api(baseUrl, `/boards/${board.id}/meetings`, accessToken);
  return meeting;
}

async function openRoom(browser, baseUrl, roomPath, email) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  await page.goto('/login');
  await submitSignIn(page, email, PASSWORD);
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.goto(roomPath);
  return page;
}

// ---------------------------------------------------------------------------------------------
// The room
// ---------------------------------------------------------------------------------------------

/** The chair shares the synthetic CT of the focused THX-2026-001; the radiologist follows. */
async function shareAndFollow(browser, baseUrl, roomPath) {
  const presenter = await openRoom(browser, baseUrl, roomPath, PRESENTER);
  await presenter.getByRole('button', { name: 'Start meeting' }).click();
  await presenter.getByRole('region', { name: /^Focused case / }).waitFor();
  const focus = presenter.getByRole('button', { name: `Focus ${CASE_REF}` });
  if (await focus.isVisible()) await focus.click();
  await presenter.getByRole('region', { name: `Focused case ${CASE_REF}` }).waitFor();

  const follower = await openRoom(browser, baseUrl, roomPath, FOLLOWER);
  await follower.getByRole('region', { name: `Focused case ${CASE_REF}` }).waitFor();

  await presenter.getByRole('tab', { name: /^Imaging/ }).click();
  // The case's studies listed (a choice when there are several), or its one study's viewer.
  await presenter.locator('.viewer-studies, .viewer-stage').first().waitFor();
  const linked = presenter.getByRole('group', { name: 'Linked studies' });
  if (await linked.isVisible()) await linked.getByRole('button', { name: /Synthetic CT/ }).click();
  await presenter.locator('.viewer-stage[data-status="ready"]').waitFor();
  await presenter.getByRole('button', { name: 'Share with the room' }).click();
  await presenter.locator('.viewer-follow[data-sharing="true"]').waitFor();

  // The share names its presenter on the follower's tab; select it unless the share already did.
  const tab = follower.getByRole('tab', { name: /^Imaging · shared by / });
  await tab.waitFor();
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await follower.locator('.viewer-stage[data-status="ready"]').waitFor();
  await follower.locator('.viewer-follow[data-mode="following"]').waitFor();
  await follower.locator('.viewer-stage[data-slice-index="0"]').waitFor();
  return { presenter, follower };
}

/**
 * One change: both pages armed for `attribute` = `value`, `act()` on the presenter, then both
 * pages' marks. Returns the durations from the presenter's input, in ms (null: not seen).
 */
async function step(presenter, follower, attribute, value, act) {
  const arm = (page) => page.evaluate(([a, v]) => globalThis.__benchArm(a, v), [attribute, value]);
  await Promise.all([arm(presenter), arm(follower)]);
  const inputsBefore = await presenter.evaluate(() => globalThis.__bench.inputs);
  const done = (page) => page.evaluate(() => globalThis.__bench.armed.done);
  const waits = [done(presenter), done(follower)];
  await act();
  const [own, seen] = await Promise.all(waits);
  const { inputs, inputAt } = await presenter.evaluate(() => globalThis.__bench);
  if (inputs !== inputsBefore + 1)
    throw new Error(`expected one input, saw ${inputs - inputsBefore}`);
  const since = (at) => (at === null ? null : at - inputAt);
  return {
    attribute: since(seen.attributeAt),
    frame: since(seen.frameAt),
    drawn: since(seen.drawnAt),
    presenterDrawn: since(own.drawnAt),
  };
}

/** Runs `steps` changes (`next(i)` gives each one's attribute value and action), paced by `gap`. */
async function run(presenter, follower, attribute, steps, next, gap) {
  const results = [];
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    const { value, act } = next(i);
    results.push(await step(presenter, follower, attribute, value, act));
    await sleep(Math.max(0, gap() - (performance.now() - started)));
  }
  return results;
}

function summary(results) {
  const of = (key) => latency(results.map((r) => r[key]).filter((v) => v !== null));
  return {
    steps: results.length,
    missed: results.filter((r) => r.frame === null).length,
    toFollowerFrame: of('frame'),
    toFollowerAttribute: of('attribute'),
    toFollowerDrawn: of('drawn'),
    toPresenterDrawn: of('presenterDrawn'),
  };
}

async function measurements(server, study) {
  const count = study.series[0].instances.length;
  const meeting = await prepare(server.baseUrl, study);
  const roomPath = `/meetings/${meeting.id}/room`;
  const browser = await launchChromium();
  try {
    const { presenter, follower } = await shareAndFollow(browser, server.baseUrl, roomPath);
    const clockAtStart = await clockCheck(presenter, follower);
    const random = generator(SEED);
    const gap = () => GAP_MIN_MS + random() * (GAP_MAX_MS - GAP_MIN_MS);

    // Slices: down the series, then up and down it; one slice a key.
    const stage = presenter.locator('.viewer-stage');
    await stage.focus();
    let index = 0;
    let direction = 1;
    const nextSlice = () => {
      if (index + direction < 0 || index + direction >= count) direction = -direction;
      index += direction;
      const key = direction > 0 ? 'ArrowDown' : 'ArrowUp';
      return { value: String(index), act: () => presenter.keyboard.press(key) };
    };
    await run(presenter, follower, 'data-slice-index', count - 1, nextSlice, gap);
    const loadAfterWarmUp = loadAverage();
    const slices = await run(presenter, follower, 'data-slice-index', SLICE_STEPS, nextSlice, gap);

    // Windows: the presets in turn (each differs from the one before).
    const buttons = PRESETS.map((preset) => ({
      value: `${preset.center},${preset.width}`,
      button: presenter.getByRole('button', {
        name: `${preset.label} window (W ${preset.width} / L ${preset.center})`,
      }),
    }));
    const nextWindow = (i) => {
      const { value, button } = buttons[i % buttons.length];
      return { value, act: () => button.click() };
    };
    await run(presenter, follower, 'data-window', buttons.length, nextWindow, gap);
    const windows = await run(presenter, follower, 'data-window', WINDOW_STEPS, nextWindow, gap);

    return {
      chromium: browser.version(),
      meeting: { board: BOARD, title: meeting.title, case: CASE_REF },
      loadAfterWarmUp,
      clockCheck: { atStart: clockAtStart, atEnd: await clockCheck(presenter, follower) },
      slice: summary(slices),
      window: summary(windows),
    };
  } finally {
    await browser.close();
  }
}

/** The figures as a table, for people (the JSON follows on stdout). */
function table(report) {
  const rows = [];
  const label = {
    toFollowerFrame: "input → follower's next frame",
    toFollowerAttribute: "input → follower's stage attribute",
    toFollowerDrawn: "input → follower's image drawn",
    toPresenterDrawn: "input → presenter's image drawn",
  };
  for (const scenario of ['slice', 'window']) {
    for (const [key, text] of Object.entries(label)) {
      const s = report[scenario][key];
      rows.push([scenario, text, s.count, s.p50ms, s.p95ms, s.p99ms, s.maxMs]);
    }
  }
  const head = ['change', 'measure (ms, nearest rank)', 'count', 'p50', 'p95', 'p99', 'max'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (i < 2 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
      .join('  ');
  return [
    `Presenter-to-follower imaging latency — ${report.machine.cpus} cores, Node ${report.machine.node}, ` +
      `Chromium ${report.machine.chromium}, load ${report.loadAverage.atStart.join(' / ')} → ` +
      `${report.loadAverage.atEnd.join(' / ')} (1 / 5 / 15 min)`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `missed: ${report.slice.missed} slice, ${report.window.missed} window; clocks presenter − follower: ` +
      `${report.clockCheck.atStart.presenterMinusFollowerMs} ms (± ${report.clockCheck.atStart.withinMs}) at the start, ` +
      `${report.clockCheck.atEnd.presenterMinusFollowerMs} ms (± ${report.clockCheck.atEnd.withinMs}) at the end`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

const loadAtStart = loadAverage();
const study = syntheticStudy({ description: 'Synthetic CT chest (bench)', petSlices: 0 });
const orthanc = await Orthanc.start();
try {
  await orthanc.upload(study.files());
  await runAgainstServer(
    {
      name: 'follow',
      env: {
        MEDIASOUP_WORKERS: '0',
        DICOMWEB_SOURCES: 'pacs',
        DICOMWEB_PACS_NAME: 'Radiology PACS',
        DICOMWEB_PACS_URL: orthanc.dicomWebUrl,
      },
    },
    async (server) => {
      const { chromium, ...results } = await measurements(server, study);
      const report = {
        benchmark: 'imaging-follow',
        machine: { ...machine(), chromium },
        // Other work on the machine (1 / 5 / 15-minute load averages) skews every figure.
        loadAverage: {
          atStart: loadAtStart,
          afterWarmUp: results.loadAfterWarmUp,
          atEnd: loadAverage(),
        },
        database: server.database,
        pacs: 'Orthanc (Debian orthanc + orthanc-dicomweb), loopback',
        series: { modality: 'CT', slices: 64, rows: 256, columns: 256 },
        meeting: results.meeting,
        steps: {
          slice: SLICE_STEPS,
          window: WINDOW_STEPS,
          gapMs: [GAP_MIN_MS, GAP_MAX_MS],
          seed: SEED,
          warmUp: 'one pass down the series (63 slice steps), one over the 5 presets',
        },
        clockCheck: results.clockCheck,
        slice: results.slice,
        window: results.window,
        method:
          "epoch ms in both pages (performance.timeOrigin + performance.now(), one machine's " +
          "clock): the presenter's keydown on the stage / pointerup on a preset (capture phase) → " +
          "the follower's stage attribute showing the value (MutationObserver), the animation " +
          'frame after it (headline), Cornerstone IMAGE_RENDERED of it; each step waits for the ' +
          'follower; nearest rank',
        totalSeconds: round((performance.now() - server.startedAt) / 1000),
      };
      console.error(table(report));
      return report;
    },
  );
} finally {
  await orthanc.stop();
}
