import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { reserveTestPort } from '@app/testing';

const MAIN = resolve(__dirname, '../../dist/apps/server/src/main.js');
const DEMO_ADMIN = { email: 'admin@demo.local', password: 'Demo-Board-2026!' };

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(dataDir: string, port: number, env: Record<string, string> = {}): Server {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'TEST_DATABASE_SERVER_URL',
    'JWT_SECRET',
    'LOG_LEVEL',
    'REDIS_URL',
  ])
    delete inherited[name];
  const childEnv = {
    ...inherited,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    ...env,
  };
  const child = spawn(process.execPath, [MAIN], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, port, output: () => output, exited };
}

async function waitHealthy(server: Server, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`);
    const status = await fetch(`http://127.0.0.1:${server.port}/health`)
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy after ${timeoutMs} ms:\n${server.output()}`);
}

async function loginDemoAdmin(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_ADMIN),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start: the built server with its embedded PostgreSQL', () => {
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
    dataDir = join(await mkdtemp(join(tmpdir(), 'tumor-board-boot-')), 'data');
    await chmod(resolve(dataDir, '..'), 0o755);
  });

  afterAll(async () => {
    await rm(resolve(dataDir, '..'), { recursive: true, force: true });
  });

  it('boots with demo data, keeps its data and secret across a restart, and stops cleanly on SIGTERM', async () => {
    const first = startServer(dataDir, await reserveTestPort());
    await waitHealthy(first);
    const token = await loginDemoAdmin(first.port);
    expect((await stat(join(dataDir, 'jwt.secret'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'mrn.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'postgres.password'))).mode & 0o777).toBe(0o600);
    const postmasterPid = Number(
      (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(isAlive(postmasterPid)).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = startServer(dataDir, await reserveTestPort());
    await waitHealthy(second);
    const me = await fetch(`http://127.0.0.1:${second.port}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    const users = await fetch(`http://127.0.0.1:${second.port}/api/v1/users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await users.json()) as { total: number }).total).toBe(10);
    const boards = await fetch(`http://127.0.0.1:${second.port}/api/v1/boards`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await boards.json()) as unknown[]).length).toBe(2);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('recovers after the server was killed with SIGKILL, stopping the orphaned PostgreSQL', async () => {
    const victim = startServer(dataDir, await reserveTestPort());
    await waitHealthy(victim);
    const orphan = Number(
      (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    victim.child.kill('SIGKILL');
    await victim.exited;
    expect(isAlive(orphan)).toBe(true);

    const next = startServer(dataDir, await reserveTestPort());
    await waitHealthy(next);
    expect(isAlive(orphan)).toBe(false);
    await loginDemoAdmin(next.port);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });

  it('refuses to boot on bad configuration, naming every bad variable', async () => {
    const server = startServer(dataDir, 0, {
      NODE_ENV: 'production',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
    });
    expect(await server.exited).toBe(1);
    const output = server.output();
    expect(output).toContain('Invalid configuration');
    for (const name of ['PORT', 'JWT_SECRET', 'DATABASE_URL']) expect(output).toContain(name);
  });
});
