import 'reflect-metadata';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@app/persistence';
import { ConfigError, loadConfigFromEnvironment } from './config/app-config';
import { resolveSecrets } from './config/secrets';
import { createApp } from './create-app';
import { openDatabase } from './database';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from './demo-data';
import { MetricsServer } from './metrics/metrics-server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfigFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, base: { context: 'boot' } });
  const database = await openDatabase(config, (line) =>
    log.debug({ context: 'embedded-postgres' }, line),
  );
  if (database.embedded) log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopping = false;
  const shutdown = async (signal: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error('shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    try {
      await app?.close();
    } finally {
      await database.stop();
    }
    log.info('stopped');
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));

  try {
    app = await createApp({ config, databaseUrl: database.url, ...(await resolveSecrets(config)) });
    const applied = await migrateDatabase(app.get(DataSource));
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
    if (config.demoData && (await seedDemoData(app))) {
      log.info(
        { accounts: DEMO_USERS.map((user) => user.email), password: DEMO_PASSWORD },
        'demo accounts created',
      );
    }
    await app.listen(config.port, config.host);
    if (config.metrics) {
      const port = await app.get(MetricsServer).listen();
      log.info(
        port
          ? { url: `http://${port.address}:${port.port}/metrics` }
          : { url: '/metrics on the main port, with the metrics bearer token' },
        'metrics served',
      );
    }
    log.info(
      { url: `http://${config.host}:${config.port}`, docs: '/api/docs', env: config.nodeEnv },
      'tumor board server ready',
    );
  } catch (error) {
    log.fatal({ err: error }, 'startup failed');
    await shutdown('startup-failure', 1);
  }
}

void main();
