// Child servers for the notes benchmark: our built server (embedded PostgreSQL
// in a DATA_DIR), the reference @y/websocket-server in memory or with its
// LevelDB persistence (YPERSISTENCE), and Hocuspocus storing documents in a
// database of its own on our embedded PostgreSQL. Every child is tracked so
// that `stopAll` can SIGTERM whatever is still running.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { progress, sleep, waitFor } from './util.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
export const OURS_MAIN = join(ROOT, 'dist/apps/server/src/main.js');
export const REFERENCE_MAIN = join(ROOT, 'node_modules/@y/websocket-server/src/server.js');
export const HOCUSPOCUS_MAIN = join(import.meta.dirname, 'hocuspocus-server.mjs');

const children = new Set();

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The kernel's clock ticks per second, the unit of a process's CPU time in /proc/<pid>/stat. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time a process has used so far (user + system), in ms, from /proc (clock-tick resolution). */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Resident set size of a process, in KiB, from /proc. */
export function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

function launch(label, args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const handle = {
    label,
    child,
    pid: child.pid,
    exited,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    get output() {
      return tail;
    },
    /** Graceful stop: SIGTERM, then SIGKILL if it hangs past `ms`. */
    async stop(ms = 30_000) {
      if (!handle.running) return null;
      const started = performance.now();
      child.kill('SIGTERM');
      const timer = setTimeout(() => handle.running && child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(timer);
      return performance.now() - started;
    },
    /** kill -9: the process gets no chance to flush anything. */
    async kill9() {
      if (!handle.running) return;
      process.kill(child.pid, 'SIGKILL');
      await exited;
    },
  };
  children.add(handle);
  exited.then(() => children.delete(handle));
  return handle;
}

async function untilHealthy(handle, url, accept, ms) {
  const started = performance.now();
  await waitFor(
    async () => {
      if (!handle.running) {
        throw Object.assign(new Error(`${handle.label} exited during start:\n${handle.output}`), {
          fatal: true,
        });
      }
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return accept(response);
    },
    ms,
    `${handle.label} to answer ${url}`,
    100,
  ).catch((error) => {
    if (!handle.running) throw new Error(`${handle.label} exited during start:\n${handle.output}`);
    throw error;
  });
  return performance.now() - started;
}

/**
 * Starts our server on `dataDir` (created by the server when missing). Same
 * `dataDir` and the same `secrets` again means the same database, and tokens
 * that still verify.
 */
export async function startOurs({ dataDir, secrets, extraEnv = {}, label = 'ours' }) {
  const port = await freePort();
  // Only what the caller passes in extraEnv (e.g. DATABASE_URL, REDIS_URL for a second instance) reaches the server.
  const inherited = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'NODE_ENV']) delete inherited[name];
  const env = {
    ...inherited,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '10000',
    JWT_SECRET: secrets.jwtSecret,
    MRN_ENCRYPTION_KEY: secrets.mrnKey,
    SIGNING_KEY: secrets.mrnKey,
    ...extraEnv,
  };
  const handle = launch(label, [OURS_MAIN], env);
  const bootMs = await untilHealthy(
    handle,
    `http://127.0.0.1:${port}/health`,
    (r) => r.status === 200,
    180_000,
  );
  progress(`${label} healthy on :${port} after ${Math.round(bootMs)} ms (pid ${handle.pid})`);
  return Object.assign(handle, {
    kind: 'ours',
    port,
    dataDir,
    bootMs,
    http: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
  });
}

/** A JSON call to our server; throws on any status ≥ 300. */
export async function api(server, method, path, token, body) {
  const response = await fetch(`${server.http}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Starts the reference server: in memory, or with `persistenceDir` its LevelDB
 * persistence (YPERSISTENCE, through its optional y-leveldb). Without
 * persistence a document lives until the process ends; with it, a document is
 * written to LevelDB update by update and dropped from memory when its last
 * client leaves.
 */
export async function startReference({ label = 'reference', persistenceDir = null } = {}) {
  const env = { ...process.env };
  for (const name of ['YPERSISTENCE', 'CALLBACK_URL', 'CALLBACK_OBJECTS', 'GC']) delete env[name];
  if (persistenceDir) env.YPERSISTENCE = persistenceDir;
  return startWebSocketServer(label, REFERENCE_MAIN, env, persistenceDir ? 'leveldb' : 'reference');
}

/**
 * Starts a child WebSocket server on a free port of 127.0.0.1 (HOST and PORT in its environment)
 * and waits until its plain HTTP answer is 200.
 */
async function startWebSocketServer(label, main, env, kind) {
  const port = await freePort();
  const handle = launch(label, [main], { ...env, HOST: '127.0.0.1', PORT: String(port) });
  const bootMs = await untilHealthy(
    handle,
    `http://127.0.0.1:${port}/`,
    (r) => r.status === 200,
    30_000,
  );
  progress(`${label} listening on :${port} after ${Math.round(bootMs)} ms (pid ${handle.pid})`);
  return Object.assign(handle, { kind, port, bootMs, wsUrl: `ws://127.0.0.1:${port}` });
}

/**
 * Starts Hocuspocus (bench/notes/hocuspocus-server.mjs) on `databaseUrl`;
 * `debounce`/`maxDebounce` are its store settings in ms (null: its defaults).
 */
export async function startHocuspocus({
  databaseUrl,
  debounce = null,
  maxDebounce = null,
  label = 'hocuspocus',
}) {
  const env = {
    ...process.env,
    HOCUSPOCUS_DATABASE_URL: databaseUrl,
    HOCUSPOCUS_DEBOUNCE: debounce === null ? '' : String(debounce),
    HOCUSPOCUS_MAX_DEBOUNCE: maxDebounce === null ? '' : String(maxDebounce),
  };
  // Its plain HTTP answer ("Welcome to Hocuspocus!") comes once it listens, after the table exists.
  return startWebSocketServer(label, HOCUSPOCUS_MAIN, env, 'hocuspocus');
}

/** SIGTERMs every child still running and waits for them (SIGKILL after 30 s). */
export async function stopAll() {
  await Promise.all([...children].map((handle) => handle.stop().catch(() => undefined)));
}

/**
 * After a `kill -9` of our server, its embedded PostgreSQL keeps running
 * until the next start on the same DATA_DIR. If the benchmark ends before
 * that (a failure), stop that one postmaster by the pid it recorded.
 */
export async function stopOrphanedPostgres(dataDir) {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return false;
  progress(`stopping embedded PostgreSQL left behind in ${dataDir} (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 150 && alive(pid); i++) await sleep(100);
  return true;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Counts rows of one document's update log straight from the embedded
 * database (used only to verify that the cold-load document really is a log
 * of N separate updates). Returns null when that is not possible.
 */
export async function countLogRows(dataDir, documentName) {
  let client = null;
  try {
    const lines = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
    const port = Number(lines[3]);
    const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
    client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password,
      database: 'tumor_board',
    });
    await client.connect();
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM note_update WHERE document = $1',
      [documentName],
    );
    return rows[0].n;
  } catch (error) {
    progress(`could not count log rows: ${error.message}`);
    return null;
  } finally {
    await client?.end().catch(() => undefined);
  }
}

/** The connection URL of the embedded PostgreSQL a running server started in `dataDir`. */
export function embeddedDatabaseUrl(dataDir, database = 'tumor_board') {
  const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
  const port = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    .trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Creates `database` (when missing) on the embedded cluster of a running
 * server in `dataDir`, so another target can use that PostgreSQL without
 * touching our schema; returns its URL.
 */
export async function ensureDatabase(dataDir, database) {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`bad database name ${database}`);
  const client = new pg.Client({ connectionString: embeddedDatabaseUrl(dataDir) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return embeddedDatabaseUrl(dataDir, database);
}

/** Whether something accepts TCP connections at a redis:// URL. */
export function reachable(url, timeoutMs = 1000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
