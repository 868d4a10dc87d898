import { ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestDatabase, createTestDatabase, reserveTestPort } from '@app/testing';
import { noteClient, waitFor } from '../support/collab';

const MAIN = resolve(__dirname, '../../dist/apps/server/src/main.js');
const SECRETS = {
  JWT_SECRET: 'durability-k3J9x-Qw7Lm2Zp8Rt4Vb6Nc1Hd5Fg0Ys',
  MRN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
};

async function startServer(
  database: TestDatabase,
  dataDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await reserveTestPort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...SECRETS,
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    NODE_ENV: 'development',
  };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [MAIN], { env, stdio: 'ignore' });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited during boot');
    if (
      (await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      break;
    if (Date.now() - started > 30_000) throw new Error('server not healthy');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port };
}

async function api<T>(port: number, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status >= 300) throw new Error(`${path} → ${response.status}`);
  return (await response.json()) as T;
}

describe('shared notes survive kill -9 of the server', () => {
  let database: TestDatabase;
  let dataDir: string;
  let server: { child: ChildProcess; port: number } | null = null;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'tumor-board-durability-'));
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every update a peer had seen, and the first sync after restart carries it', async () => {
    server = await startServer(database, dataDir);
    const login = (email: string) =>
      api<{ accessToken: string }>(server!.port, '/auth/login', undefined, {
        email,
        password: 'Demo-Board-2026!',
      });
    const chair = (await login('chair@demo.local')).accessToken;
    const radonc = (await login('radonc@demo.local')).accessToken;
    const [board] = await api<Array<{ id: string }>>(server.port, '/boards', chair);
    const [clinicalCase] = await api<Array<{ id: string }>>(
      server.port,
      `/boards/${board.id}/cases`,
      chair,
    );
    const document = `cases/${clinicalCase.id}`;

    const writer = noteClient(server.port, document, chair);
    const watcher = noteClient(server.port, document, radonc);
    await Promise.all([writer.firstSync, watcher.firstSync]);

    let typing = true;
    let typed = 0;
    const typist = (async () => {
      while (typing) {
        writer.doc.getText('markdown').insert(writer.text().length, `update ${typed++}\n`);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await waitFor(
      () => (watcher.text().match(/update \d+/g) ?? []).length >= 300,
      20_000,
      '300 relayed updates',
    );
    server.child.kill('SIGKILL');
    const seen = watcher.text();
    typing = false;
    await typist;
    writer.close();
    watcher.close();
    await new Promise((r) => server!.child.once('exit', r));
    const observed = seen.match(/update \d+/g) ?? [];
    expect(observed.length).toBeGreaterThanOrEqual(300);

    server = await startServer(database, dataDir);
    const chairAgain = (await login('chair@demo.local')).accessToken;
    const reader = noteClient(server.port, document, chairAgain);
    const recovered = await reader.firstSync;
    reader.close();
    const missing = observed.filter((line) => !recovered.includes(`${line}\n`));
    expect(missing).toEqual([]);
    expect(recovered.startsWith('## History')).toBe(true);
    server.child.kill('SIGTERM');
    await new Promise((r) => server!.child.once('exit', r));
    server = null;
  });
});
