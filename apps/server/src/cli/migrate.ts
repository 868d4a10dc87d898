import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '@app/persistence';
import { ConfigError, loadConfigFromEnvironment } from '../config/app-config';
import { openDatabase } from '../database';
import { ENTITIES } from '../entities';

/**
 * `npm run migration:run` / `migration:revert` / `migration:show`: the same
 * migrations the server applies at start, against DATABASE_URL or the
 * embedded database in DATA_DIR.
 */
async function run(command: string): Promise<void> {
  const config = loadConfigFromEnvironment();
  const database = await openDatabase(config, () => undefined);
  const dataSource = new DataSource(
    dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 2 }),
  );
  try {
    await dataSource.initialize();
    if (command === 'run') {
      const applied = await migrateDatabase(dataSource);
      process.stdout.write(
        applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n',
      );
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      const pending = await dataSource.showMigrations();
      process.stdout.write(pending ? 'migrations are pending\n' : 'schema is up to date\n');
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

const command = process.argv[2] ?? 'run';
if (!['run', 'revert', 'show'].includes(command)) {
  process.stderr.write('usage: migrate run|revert|show\n');
  process.exit(2);
}
run(command).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String(error instanceof Error ? error.stack : error)}\n`,
  );
  process.exit(1);
});
