// Meeting room benchmark: how long a member waits, after pressing "Join with camera and
// microphone", until the chair's camera shows in their browser, and how much server CPU each
// video stream the SFU forwards costs. In Debian's Chromium on loopback.
//
//   npm run build && node bench/meeting-room.mjs
//
// The built server (dist/apps/server/src/main.js) runs with demo data and one mediasoup worker
// (MEDIASOUP_WORKERS=1, listening on 127.0.0.1); Chromium (/usr/bin/chromium, headless) has a
// fake camera (a moving test pattern, captured at 1280×720 and sent as three VP8 simulcast
// layers) and a fake microphone. Each person is a browser context of its own, signed in through
// /login. The meeting is the first (earliest) one of the Thoracic Oncology Board.
//
// 1. Join to first frame: the chair joins with camera and microphone and starts the meeting. Then,
//    BENCH_RUNS times (default 10, after one untimed run), a fresh context of a panelist (the six
//    panelist accounts in turn) opens the room and presses "Join with camera and microphone".
//    Measured in the page, in its own clock: from the press (performance.now() at the button's
//    pointerdown, in the capture phase) to the first frame of the chair's camera tile presented
//    for composition (`requestVideoFrameCallback` on the tile's <video>, hooked by a
//    MutationObserver as soon as the element appears; the frame's `presentationTime`). The time
//    the tile's <video> element appears (the track is received) is given too. p50/p95 by
//    nearest rank. The context is closed after each run.
// 2. Server CPU per forwarded video stream: with only the chair in the video (camera and
//    microphone), then with N = BENCH_RECEIVERS (default 1, 3, 6) receivers, the CPU time of the
//    mediasoup worker process (utime + stime from /proc/<pid>/stat, in clock ticks) and of the
//    server's node process over a BENCH_WINDOW_SECONDS window (default 10), as % of one core.
//    Receivers are contexts of the observer account joining "Join listening only": they send
//    nothing, so each one adds exactly one forwarded video stream (the chair's camera, in the
//    simulcast layer the client asks for its tile's width: at 1280×800 the room draws it under
//    320 px wide, so the lowest layer, 320×180 at ≤ 150 kbit/s; each step gives the last
//    receiver's tile width and decoded size) and one forwarded audio stream (the chair's
//    microphone). Panelists with a camera and microphone are not offered listening only
//    (apps/web/src/features/video/devices.ts `joinOptions`). Each step starts after every
//    receiver presents the chair's video, plus BENCH_SETTLE_SECONDS (default 5) to settle. The
//    forwarded streams are counted by the server (GET /api/v1/meetings/{id}/media/stats as the
//    coordinator: consumers of the chair's camera producer, and their bitrate). Per stream:
//    (cpu_N − cpu_0) / streams_N for each N, and the least-squares slope over all steps.
//    Chromium runs on the same machine: the machine's busy % over each window is given too.
//
// The database: with DATABASE_URL set, a fresh temporary database on that server (dropped at
// the end); otherwise the server's embedded PostgreSQL in a temporary DATA_DIR.
// Prints one JSON object.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK_TICKS } from './notes/servers.mjs';
import {
  api,
  launchChromium,
  machine,
  mark,
  requirePrerequisites,
  ROOT,
  round,
  runAgainstServer,
  sleep,
  stats,
  submitSignIn,
} from './support/app.mjs';

const WORKER = join(ROOT, 'node_modules/mediasoup/worker/out/Release/mediasoup-worker');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const WINDOW_SECONDS = Number(process.env.BENCH_WINDOW_SECONDS ?? 10);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 5);
const RECEIVERS = (process.env.BENCH_RECEIVERS ?? '1,3,6').split(',').map(Number);
/** A fake camera (a moving test pattern) and microphone, granted without asking. */
const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
const PASSWORD = 'Demo-Board-2026!';
const BOARD = 'Thoracic Oncology Board';
const CHAIR = 'chair@demo.local';
const PANELISTS = [
  'pathology@demo.local',
  'radonc@demo.local',
  'surgery@demo.local',
  'radiology@demo.local',
  'genetics@demo.local',
  'medonc@demo.local',
];
const OBSERVER = 'observer@demo.local';
const COORDINATOR = 'coordinator@demo.local';
const VIEWPORT = { width: 1280, height: 800 };

requirePrerequisites([[WORKER, 'npm ci (its postinstall installs the mediasoup worker)']]);

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

const login = async (baseUrl, email) =>
  (await api(baseUrl, '/auth/login', null, { email, password: PASSWORD })).accessToken;

/** The board's first meeting (the list is ordered by start), and the chair's user id. */
async function findMeeting(baseUrl) {
  const coordinator = await login(baseUrl, COORDINATOR);
  const board = (await api(baseUrl, '/boards', coordinator)).find((b) => b.name === BOARD);
  if (!board) throw new Error(`no board named ${BOARD}`);
  const [meeting] = await api(baseUrl, `/boards/${board.id}/meetings`, coordinator);
  const chair = await api(baseUrl, '/users/me', await login(baseUrl, CHAIR));
  return { meeting, chairId: chair.id, coordinator };
}

// ---------------------------------------------------------------------------------------------
// CPU from /proc
// ---------------------------------------------------------------------------------------------

/** A process's parent, name and CPU time (user + system, in clock ticks); null once it is gone. */
function procStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return {
    name: text.slice(text.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
  };
}

/** The mediasoup workers the server runs: its children named mediasoup-worker (cut to 15). */
function workerPids(serverPid) {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const stat = procStat(pid);
      return stat?.ppid === serverPid && 'mediasoup-worker'.startsWith(stat.name);
    });
}

/** All cores: busy and total ticks since boot (/proc/stat; idle and iowait are not busy). */
function machineTicks() {
  const values = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
  const numbers = values.map(Number);
  const total = numbers.reduce((sum, v) => sum + v, 0);
  return { busy: total - numbers[3] - numbers[4], total };
}

/** CPU over a window, as % of one core (the machine's: % of all its cores). */
async function cpuWindow(serverPid) {
  const workers = workerPids(serverPid);
  const sample = () => ({
    worker: workers.reduce((sum, pid) => sum + (procStat(pid)?.ticks ?? 0), 0),
    server: procStat(serverPid)?.ticks ?? 0,
    machine: machineTicks(),
    at: performance.now(),
  });
  const before = sample();
  await sleep(WINDOW_SECONDS * 1000);
  const after = sample();
  if (workerPids(serverPid).join() !== workers.join()) throw new Error('a worker was replaced');
  const seconds = (after.at - before.at) / 1000;
  const percent = (ticks) => round((ticks / CLOCK_TICKS / seconds) * 100);
  return {
    workerPids: workers,
    seconds: round(seconds),
    workerCpuPercent: percent(after.worker - before.worker),
    serverNodeCpuPercent: percent(after.server - before.server),
    machineBusyPercent: round(
      ((after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)) *
        100,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------------------------

/**
 * Marks, in the page's own clock: the press on "Join with camera and microphone" (`joinAt`), the
 * chair's camera <video> appearing (`videoAt`) and its first frame presented (`frameAt`).
 */
const probe = (chairId) => `(() => {
  const marks = (globalThis.__bench = {});
  const selector = '[data-user-id="${chairId}"][data-source="camera"] video';
  const hooked = new WeakSet();
  const hook = () => {
    for (const video of document.querySelectorAll(selector)) {
      if (hooked.has(video)) continue;
      hooked.add(video);
      marks.videoAt ??= performance.now();
      video.requestVideoFrameCallback((now, frame) => {
        marks.frameAt ??= frame.presentationTime;
      });
    }
  };
  new MutationObserver(hook).observe(document, { childList: true, subtree: true });
  document.addEventListener('pointerdown', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (button && button.textContent.trim() === 'Join with camera and microphone')
      marks.joinAt ??= performance.now();
  }, true);
})();`;

/** The chair's camera tile: frames presented (0 while none), drawn width, decoded size. */
const chairTile = (page, chairId) =>
  page.evaluate((id) => {
    const tile = document.querySelector(`[data-user-id="${id}"][data-source="camera"]`);
    const video = tile?.querySelector('video');
    if (!video || video.videoWidth === 0) return { frames: 0 };
    return {
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      tileWidthPx: Math.round(tile.getBoundingClientRect().width),
      decoded: `${video.videoWidth}x${video.videoHeight}`,
    };
  }, chairId);

async function signIn(page, email) {
  await page.goto('/login');
  await submitSignIn(page, email, PASSWORD);
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** A new context signed in as `email`, in the room, joined to the video with `button`. */
async function enter(browser, baseUrl, roomPath, email, button, initScript) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  await signIn(page, email);
  await page.goto(roomPath);
  // Waits until the preview has its devices (the buttons are disabled until then).
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('toolbar', { name: 'Video controls' }).waitFor();
  return { context, page };
}

async function joinToFirstFrame(browser, baseUrl, roomPath, chairId) {
  const toFrame = [];
  const toVideo = [];
  // One untimed run first: the server's first Argon2 verification, query plans, first consumer.
  for (let run = -1; run < RUNS; run += 1) {
    const email = PANELISTS[(run + 1) % PANELISTS.length];
    const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
    await context.addInitScript(probe(chairId));
    const page = await context.newPage();
    await signIn(page, email);
    await page.goto(roomPath);
    await page.getByRole('button', { name: 'Join with camera and microphone' }).click();
    const frameAt = await mark(page, 'frameAt');
    const { joinAt, videoAt } = await page.evaluate(() => globalThis.__bench);
    if (run >= 0) {
      toFrame.push(frameAt - joinAt);
      toVideo.push(videoAt - joinAt);
    }
    await context.close();
  }
  return { firstFramePresented: stats(toFrame), chairVideoElement: stats(toVideo) };
}

/** What the server forwards of the chair's camera and microphone (its own statistics). */
async function forwarded(baseUrl, meetingId, coordinator, chairId) {
  const { peers } = await api(baseUrl, `/meetings/${meetingId}/media/stats`, coordinator);
  const chair = peers.find((peer) => peer.userId === chairId);
  const source = (name) => chair?.producers.find((p) => p.source === name);
  const camera = source('camera');
  const microphone = source('microphone');
  const consumers = peers.flatMap((peer) => peer.consumers);
  const of = (producer) =>
    consumers.filter((c) => producer && c.producerId === producer.producerId);
  const videos = of(camera);
  return {
    peers: peers.length,
    chairCameraInKbps: Math.round((camera?.bitrate ?? 0) / 1000),
    videoStreams: videos.length,
    audioStreams: of(microphone).length,
    allConsumers: consumers.length,
    videoOutKbps: Math.round(videos.reduce((sum, c) => sum + c.bitrate, 0) / 1000),
  };
}

async function cpuPerStream(browser, server, roomPath, meetingId, coordinator, chairId) {
  const steps = [];
  const pages = [];
  const measure = async (receivers) => {
    await sleep(SETTLE_SECONDS * 1000);
    const cpu = await cpuWindow(server.pid);
    const view = pages.length > 0 ? await chairTile(pages.at(-1), chairId) : null;
    steps.push({
      receivers,
      ...(await forwarded(server.baseUrl, meetingId, coordinator, chairId)),
      ...(view
        ? { lastReceiverTileWidthPx: view.tileWidthPx, lastReceiverDecoded: view.decoded }
        : {}),
      ...cpu,
    });
  };
  await measure(0);
  for (const target of RECEIVERS) {
    while (pages.length < target) {
      const { page } = await enter(
        browser,
        server.baseUrl,
        roomPath,
        OBSERVER,
        'Join listening only',
      );
      await page.waitForFunction(
        (id) => {
          const video = document.querySelector(
            `[data-user-id="${id}"][data-source="camera"] video`,
          );
          return video !== null && video.getVideoPlaybackQuality().totalVideoFrames > 0;
        },
        chairId,
        { timeout: 30_000 },
      );
      pages.push(page);
    }
    await measure(target);
  }
  // Every receiver still presents new frames of the chair's camera at the end.
  const playing = [];
  for (const page of pages) {
    const before = (await chairTile(page, chairId)).frames;
    await sleep(500);
    playing.push((await chairTile(page, chairId)).frames > before);
  }

  const [zero] = steps;
  const byStep = steps.slice(1).map((step) => ({
    receivers: step.receivers,
    videoStreams: step.videoStreams,
    workerCpuPercentPerStream: round(
      (step.workerCpuPercent - zero.workerCpuPercent) / step.videoStreams,
    ),
    serverNodeCpuPercentPerStream: round(
      (step.serverNodeCpuPercent - zero.serverNodeCpuPercent) / step.videoStreams,
    ),
  }));
  /** Least-squares slope of y over the steps' forwarded video streams. */
  const slope = (key) => {
    const xs = steps.map((s) => s.videoStreams);
    const ys = steps.map((s) => s[key]);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const sxy = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
    const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    return sxx === 0 ? null : Math.round((sxy / sxx) * 100) / 100;
  };
  return {
    windowSeconds: WINDOW_SECONDS,
    settleSeconds: SETTLE_SECONDS,
    steps,
    perForwardedVideoStream: {
      workerCpuPercentOfCoreSlope: slope('workerCpuPercent'),
      serverNodeCpuPercentOfCoreSlope: slope('serverNodeCpuPercent'),
      byStep,
    },
    receiversStillPlayingAtEnd: `${playing.filter(Boolean).length}/${playing.length}`,
  };
}

async function measurements(server) {
  const { meeting, chairId, coordinator } = await findMeeting(server.baseUrl);
  const roomPath = `/meetings/${meeting.id}/room`;
  const browser = await launchChromium(FAKE_MEDIA_ARGS);
  try {
    const chair = await enter(
      browser,
      server.baseUrl,
      roomPath,
      CHAIR,
      'Join with camera and microphone',
    );
    await chair.page.getByRole('button', { name: 'Start meeting' }).click();
    await chair.page.getByRole('button', { name: 'End meeting…' }).waitFor();
    const join = await joinToFirstFrame(browser, server.baseUrl, roomPath, chairId);
    const cpu = await cpuPerStream(browser, server, roomPath, meeting.id, coordinator, chairId);
    return {
      chromium: browser.version(),
      meeting: { board: BOARD, title: meeting.title, startsAt: meeting.startsAt },
      joinToFirstFrame: join,
      serverCpu: cpu,
    };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------

await runAgainstServer(
  { name: 'room', env: { MEDIASOUP_WORKERS: '1', MEDIASOUP_LISTEN_IP: '127.0.0.1' } },
  async (server) => {
    const { chromium: chromiumVersion, ...results } = await measurements(server);
    const mediasoup = JSON.parse(
      readFileSync(join(ROOT, 'node_modules/mediasoup/package.json'), 'utf8'),
    ).version;
    return {
      machine: {
        ...machine(),
        chromium: chromiumVersion,
        mediasoup,
        clockTicksPerSecond: CLOCK_TICKS,
      },
      database: server.database,
      ...results,
      method: {
        joinToFirstFrame:
          'in the page: pointerdown on "Join with camera and microphone" → first frame of the ' +
          "chair's camera tile presented (requestVideoFrameCallback presentationTime); a fresh " +
          'context per run, panelist accounts in turn, after one untimed run; nearest rank',
        serverCpu:
          'utime+stime of the mediasoup worker and of the server node process (/proc/<pid>/stat) ' +
          'over each window, % of one core; receivers are observer contexts joined listening ' +
          "only in a 1280×800 viewport (each: one forwarded video stream, the chair's camera in " +
          'the simulcast layer the client picks for its tile width, and ' +
          "one audio stream, the chair's microphone); streams counted by the server's media " +
          'stats; per stream = (cpu_N − cpu_0) / streams_N, and the least-squares slope',
        caveat:
          'Chromium (the chair encoding, every receiver decoding) shares the machine with the ' +
          'server: see machineBusyPercent',
      },
      totalSeconds: round((performance.now() - server.startedAt) / 1000),
    };
  },
);
