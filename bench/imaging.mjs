// Imaging proxy benchmark: how much the server's guarded DICOMweb proxy adds to reading a study,
// against reading it straight from the PACS on the same machine.
//
//   npm run bench:imaging        (nest build, then node bench/imaging.mjs)
//
// A real PACS: Debian's Orthanc with its DICOMweb plugin, started by libs/testing's harness (from
// the build, dist/libs/testing) on a free loopback port, loaded with the synthetic 64-slice
// 256×256 16-bit CT series (libs/testing's dcmjs generator; no patient data). The built server
// (dist/apps/server/src/main.js, demo data) is configured with that Orthanc as its one source;
// the demo coordinator links the study to a demo case through the API.
//
// One run, as a browser's viewer reads a series: the series' metadata (one request), then its 64
// frames (WADO-RS `frames/1`, multipart, uncompressed), at most 6 requests at a time (a browser's
// connections per origin). Measured from the first frame request: to the first frame's body read
// to its end, and to all 64. The same run straight from Orthanc (`direct`) and through
// `/api/v1/imaging/cases/:id/dicom-web/…` with the coordinator's token (`proxy`). Both send
// `Accept-Encoding: identity`. One warm-up run each (the first opening is audited), then
// BENCH_RUNS runs each (default 10), alternating; p50/p95 by nearest rank; `ratio` is proxy p50
// over direct p50 (target ≤ 1.2). A third path, `bare`, is a plain Node pass-through to Orthanc
// in this process (no framework, no authentication): what one more hop costs by itself here.
//
// Not measured here: the browser's decoding and drawing (the viewer's own cost, the same on
// both paths), and the presenter-to-follower viewport latency (bench/imaging-follow.mjs).
//
// The database: with DATABASE_URL set, a fresh temporary database on that server (dropped at
// the end); otherwise the server's embedded PostgreSQL in a temporary DATA_DIR.
// Prints one JSON object.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { MAIN, ROOT, machine, runAgainstServer, stats } from './support/app.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CONCURRENCY = 6;
const BOARD = 'Thoracic Oncology Board';
const CASE_REF = 'THX-2026-001';
const USER = { email: 'coordinator@demo.local', password: 'Demo-Board-2026!' };
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

const TESTING = join(ROOT, 'dist/libs/testing/src');
for (const path of [MAIN, join(TESTING, 'orthanc.js')]) {
  if (!existsSync(path)) {
    console.error(`${path} is missing: run \`npx nest build\` first.`);
    process.exit(1);
  }
}
const require = createRequire(import.meta.url);
const { Orthanc } = require(join(TESTING, 'orthanc.js'));
const { syntheticStudy } = require(join(TESTING, 'synthetic-dicom.js'));

/** GET `url`, its body read to its end; fails on anything but 200. Returns the bytes read. */
async function read(url, headers) {
  const response = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers } });
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) {
    throw new Error(`${url}: ${response.status} ${new TextDecoder().decode(body.slice(0, 300))}`);
  }
  if (response.headers.get('content-encoding'))
    throw new Error(`${url}: compressed (${response.headers.get('content-encoding')})`);
  return body.length;
}

/**
 * The floor of any proxy in Node on this machine: a bare pass-through (no framework, no
 * authentication, a new connection to Orthanc per request) in this process, to compare the
 * server's proxy with what one more hop costs by itself.
 */
async function bareProxy(upstreamRoot) {
  const upstream = new URL(upstreamRoot);
  const server = http.createServer((request, response) => {
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: upstream.pathname.replace(/\/$/, '') + request.url,
        headers: { accept: request.headers.accept, 'accept-encoding': 'identity' },
        agent: false,
      },
      (answer) => {
        const length = answer.headers['content-length'];
        response.writeHead(answer.statusCode, {
          'content-type': answer.headers['content-type'],
          ...(length ? { 'content-length': length } : {}),
        });
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    forwarded.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    root: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** One viewer-like read of the series under `root` (a DICOMweb root), with `headers`. */
async function readSeries(root, headers, study, series) {
  const seriesPath = `${root}/studies/${study.studyInstanceUid}/series/${series.seriesInstanceUid}`;
  const metadataStart = performance.now();
  await read(`${seriesPath}/metadata`, { ...headers, accept: 'application/dicom+json' });
  const metadataMs = performance.now() - metadataStart;

  const urls = series.instances.map(
    (instance) => `${seriesPath}/instances/${instance.sopInstanceUid}/frames/1`,
  );
  const start = performance.now();
  let firstMs = null;
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++];
      const length = await read(url, { ...headers, accept: FRAME_ACCEPT });
      bytes += length;
      firstMs ??= performance.now() - start;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { metadataMs, firstMs, allMs: performance.now() - start, bytes };
}

const study = syntheticStudy({ description: 'Synthetic CT chest (bench)', petSlices: 0 });
const series = study.series[0];
const orthanc = await Orthanc.start();
const bare = await bareProxy(orthanc.dicomWebUrl);
try {
  await orthanc.upload(study.files());
  await runAgainstServer(
    {
      name: 'imaging',
      env: {
        DICOMWEB_SOURCES: 'pacs',
        DICOMWEB_PACS_NAME: 'Radiology PACS',
        DICOMWEB_PACS_URL: orthanc.dicomWebUrl,
      },
    },
    async ({ baseUrl, database }) => {
      const api = async (path, init = {}) => {
        const response = await fetch(`${baseUrl}/api/v1${path}`, {
          ...init,
          headers: { 'content-type': 'application/json', ...init.headers },
        });
        if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        return response.json();
      };
      const { accessToken } = await api('/auth/login', {
        method: 'POST',
        body: JSON.stringify(USER),
      });
      const auth = { authorization: `Bearer ${accessToken}` };
      const board = (await api('/boards', { headers: auth })).find((b) => b.name === BOARD);
      const clinicalCase = (await api(`/boards/${board.id}/cases`, { headers: auth })).find(
        (c) => c.patientRef === CASE_REF,
      );
      await api(`/imaging/cases/${clinicalCase.id}/studies`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ sourceId: 'pacs', studyInstanceUid: study.studyInstanceUid }),
      });

      const paths = {
        direct: { root: orthanc.dicomWebUrl.replace(/\/$/, ''), headers: {} },
        proxy: {
          root: `${baseUrl}/api/v1/imaging/cases/${clinicalCase.id}/dicom-web`,
          headers: auth,
        },
        bare: { root: bare.root, headers: {} },
      };
      const names = ['direct', 'proxy', 'bare'];
      const runs = { direct: [], proxy: [], bare: [] };
      for (const name of names)
        await readSeries(paths[name].root, paths[name].headers, study, series);
      for (let i = 0; i < RUNS; i++) {
        const order = i % 2 === 0 ? names : [...names].reverse();
        for (const name of order)
          runs[name].push(await readSeries(paths[name].root, paths[name].headers, study, series));
      }

      const summary = (name) => ({
        metadata: stats(runs[name].map((run) => run.metadataMs)),
        firstFrame: stats(runs[name].map((run) => run.firstMs)),
        allFrames: stats(runs[name].map((run) => run.allMs)),
        bytesPerRun: runs[name][0].bytes,
      });
      const direct = summary('direct');
      const proxy = summary('proxy');
      const floor = summary('bare');
      const ratio = (a, b) => Math.round((a / b) * 100) / 100;
      return {
        benchmark: 'imaging-proxy',
        machine: machine(),
        // Other work on the machine skews both paths, the proxy (one more process) more.
        loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
        database,
        pacs: 'Orthanc (Debian orthanc + orthanc-dicomweb), loopback, HttpCompressionEnabled false',
        series: {
          modality: series.modality,
          frames: series.instances.length,
          rows: series.rows,
          columns: series.columns,
          transferSyntax: 'Explicit VR Little Endian (uncompressed)',
        },
        concurrency: CONCURRENCY,
        acceptEncoding: 'identity',
        direct,
        proxy,
        bare: floor,
        ratio: {
          firstFrameP50: ratio(proxy.firstFrame.p50ms, direct.firstFrame.p50ms),
          allFramesP50: ratio(proxy.allFrames.p50ms, direct.allFrames.p50ms),
          allFramesP95: ratio(proxy.allFrames.p95ms, direct.allFrames.p95ms),
          target: 1.2,
          bareAllFramesP50: ratio(floor.allFrames.p50ms, direct.allFrames.p50ms),
        },
        notMeasured:
          'browser decode and render (same on both paths); presenter-to-follower viewport latency (bench/imaging-follow.mjs)',
      };
    },
  );
} finally {
  await bare.close();
  await orthanc.stop();
}
