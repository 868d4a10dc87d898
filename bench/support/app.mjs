// What the browser benchmarks (web-client.mjs, meeting-room.mjs) share: the built server with
// demo data on a database of its own, Debian's Chromium, and the nearest-rank statistics they
// report.
//
// The database: with DATABASE_URL set, a fresh temporary database on that server (dropped at
// the end); otherwise the server's embedded PostgreSQL in a temporary DATA_DIR.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { chromium } from 'playwright-core';

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The built server's entry point (`nest build`). */
export const MAIN = join(ROOT, 'dist/apps/server/src/main.js');
/** The built web client the server serves (tools/web/build.mjs). */
export const WEB = join(ROOT, 'apps/web/dist');
/** Debian's Chromium: the only browser the benchmarks use. Nothing ever downloads one. */
export const CHROMIUM = '/usr/bin/chromium';
/** Headless, offline and quiet: no first-run, sync, component or field-trial traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** To one decimal place. */
export const round = (v) => Math.round(v * 10) / 10;

/**
 * Exits with status 1, naming the first missing file and the command that makes it, unless the
 * built server, the built web client, each of `extra` (`[path, fix]` pairs) and Chromium (in
 * that order) are all there.
 */
export function requirePrerequisites(extra = []) {
  for (const [path, fix] of [
    [MAIN, 'npm run build'],
    [join(WEB, 'index.html'), 'npm run build'],
    ...extra,
    [CHROMIUM, 'sudo apt-get install -y chromium'],
  ]) {
    if (!existsSync(path)) {
      console.error(`${path} is missing: run \`${fix}\` first.`);
      process.exit(1);
    }
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

/**
 * Creates an empty database `<prefix><random hex>` on the PostgreSQL server at `serverUrl`.
 * Returns its URL and `drop()`, which removes it (closing whatever is still connected).
 */
export async function temporaryDatabase(serverUrl, prefix) {
  const name = `${prefix}${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Starts the built server on a free port of 127.0.0.1 with demo data (development mode, warnings
 * only, login rate limit out of the way) and `env` on top, and waits until GET /health answers
 * 200: at most 120 s, and it fails at once if the server exits. On `databaseUrl` when given,
 * otherwise on its embedded PostgreSQL in `dataDir` (DATABASE_URL is removed from its
 * environment). The server's stderr goes to ours.
 *
 * Returns `baseUrl`, the server's `pid`, `startedAt` (performance.now() when this was called)
 * and `stop()`, which sends SIGTERM and resolves once it has exited.
 */
export async function bootServer({ dataDir, databaseUrl, env: extraEnv = {} }) {
  const startedAt = performance.now();
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    LOGIN_RATE_LIMIT: '10000',
    ...extraEnv,
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const started = performance.now();
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error('server exited during boot');
    if (performance.now() - started > 120_000) throw new Error('server did not boot in 120 s');
    await sleep(50);
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid,
    startedAt,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.on('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A benchmark's whole run against the server: a temporary directory `tumor-board-bench-<name>-…`
 * (its DATA_DIR), a temporary database `bench_<name>_…` when DATABASE_URL is set, the server
 * booted on them (`bootServer`, with `env`), then `measure(server)`, whose result is printed as
 * one JSON object. The server is stopped, the database dropped and the directory removed
 * afterwards, whatever happened. `server` is what `bootServer` returns, plus `database`: how the
 * report names the database ('embedded' or 'DATABASE_URL (temporary database)').
 */
export async function runAgainstServer({ name, env }, measure) {
  const root = mkdtempSync(join(tmpdir(), `tumor-board-bench-${name}-`));
  chmodSync(root, 0o755);
  let database;
  let server;
  try {
    database = process.env.DATABASE_URL
      ? await temporaryDatabase(process.env.DATABASE_URL, `bench_${name}_`)
      : null;
    server = await bootServer({ dataDir: join(root, 'data'), databaseUrl: database?.url, env });
    const report = await measure({
      ...server,
      database: database ? 'DATABASE_URL (temporary database)' : 'embedded',
    });
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await server?.stop();
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** This machine, for a report: its cores, their model and Node's version. */
export const machine = () => ({
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  node: process.version,
});

/** Chromium, headless, with the benchmarks' flags and `extraArgs` after them. */
export const launchChromium = (extraArgs = []) =>
  chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });

/**
 * Fills the sign-in form of the page (already on /login) with `email` and `password` and
 * presses "Sign in". Does not wait for what follows.
 */
export async function submitSignIn(page, email, password) {
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Waits (at most 30 s) until the page's probe has set `globalThis.__bench[name]`, and returns
 * it. The probes are init scripts that record marks, in the page's own clock, in
 * `globalThis.__bench`. The predicate is a function, not a string: the page's CSP (no
 * 'unsafe-eval') refuses string predicates.
 */
export const mark = (page, name) =>
  page
    .waitForFunction((key) => globalThis.__bench?.[key] !== undefined, name, { timeout: 30_000 })
    .then(() => page.evaluate((key) => globalThis.__bench[key], name));

/**
 * Nearest-rank p50 and p95, min and max of durations in ms (to 0.1 ms), and how many there were.
 */
/** A JSON call to the API: GET, or POST with `body`; fails on any status but 2xx. */
export async function api(baseUrl, path, token, body) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  return {
    runs: sorted.length,
    p50ms: round(rank(0.5)),
    p95ms: round(rank(0.95)),
    minMs: round(sorted[0]),
    maxMs: round(sorted.at(-1)),
  };
}
