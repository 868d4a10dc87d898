import { mkdtemp, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '@app/persistence';

/**
 * With DATABASE_URL set (CI), tests use that server. Otherwise a real
 * PostgreSQL is embedded for the run; each test file creates its own
 * database on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'tumor-board-test-'));
  await chmod(dataDir, 0o755);
  const database = await EmbeddedDatabase.start({ dataDir, databaseName: 'postgres' });
  (globalThis as { __embeddedDatabase?: EmbeddedDatabase }).__embeddedDatabase = database;
  (globalThis as { __embeddedDataDir?: string }).__embeddedDataDir = dataDir;
  process.env.TEST_DATABASE_SERVER_URL = database.url;
}
