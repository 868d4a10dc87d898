// Foundation benchmark: boot time of `npm start` in embedded mode (cold and
// warm), and throughput of login (Argon2id-bound), refresh rotation (each one
// audited), authenticated reads, and audit chain verification.
//
//   npm run build && node bench/foundation.mjs
//
// Prints one JSON object. Everything runs on 127.0.0.1 against the built
// server with its embedded PostgreSQL in a temporary DATA_DIR.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(import.meta.dirname, '../dist/apps/server/src/main.js');
const ADMIN = { email: 'admin@demo.local', password: 'Demo-Board-2026!' };
const LOGINS = Number(process.env.BENCH_LOGINS ?? 200);
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 3000);
const READS = Number(process.env.BENCH_READS ?? 5000);

const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

const servers = new Set();

async function boot(dataDir) {
  const port = await freePort();
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '10000',
  };
  delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], { env, stdio: 'ignore' });
  servers.add(child);
  child.on('exit', () => servers.delete(child));
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error('server exited during boot');
    await new Promise((r) => setTimeout(r, 25));
  }
  const bootMs = performance.now() - started;
  const stop = async () => {
    const t = performance.now();
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    return performance.now() - t;
  };
  return { port, bootMs, stop, pid: child.pid };
}

async function pool(total, concurrency, task) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await task(i, worker);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1));
  return {
    requests: total,
    concurrency,
    perSecond: Math.round(total / seconds),
    p50ms: pct(0.5),
    p95ms: pct(0.95),
    p99ms: pct(0.99),
  };
}

async function post(port, path, body, token) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${path} → ${response.status}`);
  return response.json();
}

const root = mkdtempSync(join(tmpdir(), 'tumor-board-bench-'));
chmodSync(root, 0o755);
const dataDir = join(root, 'data');
try {
  const cold = await boot(dataDir);
  const coldStopMs = await cold.stop();
  const warm = await boot(dataDir);
  const port = warm.port;

  const login = await pool(LOGINS, 4, () => post(port, '/api/v1/auth/login', ADMIN));

  const chains = await Promise.all(
    Array.from({ length: 8 }, () => post(port, '/api/v1/auth/login', ADMIN)),
  );
  // Each worker rotates its own session: sharing one would (rightly) be taken for token theft.
  const refresh = await pool(REFRESHES, chains.length, async (_, worker) => {
    chains[worker] = await post(port, '/api/v1/auth/refresh', {
      refreshToken: chains[worker].refreshToken,
    });
  });

  const token = chains[0].accessToken;
  const reads = await pool(READS, 16, async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`read → ${response.status}`);
    await response.arrayBuffer();
  });

  const t = performance.now();
  const verify = await fetch(`http://127.0.0.1:${port}/api/v1/audit/verify`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((r) => r.json());
  const verifyMs = performance.now() - t;
  const rssMiB = Math.round(
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${warm.pid}/status`, 'utf8'))?.[1] ?? 0) /
      1024,
  );
  const warmStopMs = await warm.stop();

  console.log(
    JSON.stringify(
      {
        machine: { cpus: cpus().length, node: process.version },
        boot: {
          coldFirstStartToHealthyMs: Math.round(cold.bootMs),
          warmStartToHealthyMs: Math.round(warm.bootMs),
          gracefulStopMs: { cold: Math.round(coldStopMs), warm: Math.round(warmStopMs) },
        },
        login,
        refreshRotationAudited: refresh,
        authenticatedRead: reads,
        serverRssAfterLoadMiB: rssMiB,
        auditVerify: {
          events: verify.checked,
          ok: verify.ok,
          ms: Math.round(verifyMs),
          eventsPerSecond: Math.round(verify.checked / (verifyMs / 1000)),
        },
      },
      null,
      2,
    ),
  );
} finally {
  for (const child of servers) child.kill('SIGTERM');
  await Promise.all([...servers].map((child) => new Promise((r) => child.on('exit', r))));
  rmSync(root, { recursive: true, force: true });
}
