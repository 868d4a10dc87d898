import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFromEnvironment } from '../config/app-config';
import { createApp } from '../create-app';
import { openDatabase } from '../database';
import { REPO_ROOT, apiClientFiles } from './api-client-files';

/**
 * `npm run api:generate`, after tools/openapi/contract-schemas.mjs: boots the real app (on
 * DATABASE_URL, or an embedded PostgreSQL in a temporary directory), builds its OpenAPI document
 * and writes it, with the TypeScript types made from it, into apps/web/src/api/.
 */
async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'tumor-board-api-'));
  // Reachable by the embedded server, which runs as its own user when started by root.
  await chmod(scratch, 0o755);
  try {
    const environment = loadConfigFromEnvironment();
    const config = {
      ...environment,
      dataDir: join(scratch, 'data'),
      recordsDir: join(scratch, 'records'),
      demoData: false,
      logLevel: 'silent' as const,
      // Routes do not depend on media workers: none is started.
      media: { ...environment.media, workers: 0 },
    };
    const database = await openDatabase(config, () => undefined);
    try {
      const app = await createApp({
        config,
        databaseUrl: database.url,
        // The document does not depend on them; nothing signed here outlives the process.
        jwtSecret: randomBytes(48).toString('base64url'),
        mrnEncryptionKey: randomBytes(32).toString('base64'),
        signingKey: randomBytes(32).toString('base64'),
      });
      try {
        for (const [file, text] of Object.entries(apiClientFiles(app))) {
          const path = join(REPO_ROOT, file);
          if ((await readFile(path, 'utf8').catch(() => null)) === text) {
            process.stdout.write(`${file} is up to date\n`);
          } else {
            await writeFile(path, text);
            process.stdout.write(`wrote ${file}\n`);
          }
        }
      } finally {
        await app.close();
      }
    } finally {
      await database.stop();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
});
