import { EmbeddedDatabase } from '@app/persistence';
import { AppConfig } from './config/app-config';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real PostgreSQL embedded in DATA_DIR. */
export async function openDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<OpenDatabase> {
  if (config.databaseUrl)
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  const database = await EmbeddedDatabase.start({ dataDir: config.dataDir, onLog: log });
  return { url: database.url, embedded: true, stop: () => database.stop() };
}
