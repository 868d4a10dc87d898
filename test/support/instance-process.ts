import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_JWT_SECRET, TEST_MRN_KEY, TEST_SIGNING_KEY } from './test-app';
import { reserveTestPort } from '@app/testing';

const MAIN = resolve(__dirname, '../../dist/apps/server/src/main.js');

export interface InstanceProcess {
  child: ChildProcess;
  url: string;
}

/**
 * Another instance of the built server as a separate process on the same
 * database and Redis, so a test can kill it without any goodbye (SIGKILL).
 */
export async function startInstanceProcess(
  databaseUrl: string,
  redisUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<InstanceProcess> {
  const port = await reserveTestPort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    MRN_ENCRYPTION_KEY: TEST_MRN_KEY,
    SIGNING_KEY: TEST_SIGNING_KEY,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    AUDIT_CHECKPOINT_FILE: 'off',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  while (
    (await fetch(`${url}/health`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (child.exitCode !== null) throw new Error('instance exited during boot');
    if (Date.now() - started > 30_000) throw new Error('instance not healthy');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url };
}
