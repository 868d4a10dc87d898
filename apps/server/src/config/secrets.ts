import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppConfig } from './app-config';

export interface Secrets {
  jwtSecret: string;
  /** Base64, 32 bytes. */
  mrnEncryptionKey: string;
  /** Base64, 32 bytes. */
  signingKey: string;
}

/**
 * The configured secrets or, outside production, ones generated on first
 * start and kept in the data directory (mode 0600), so tokens and encrypted
 * MRNs survive restarts. Production refuses to start without them (config).
 */
export async function resolveSecrets(config: AppConfig): Promise<Secrets> {
  return {
    jwtSecret:
      config.jwtSecret ??
      (await persisted(config, 'jwt.secret', () => randomBytes(48).toString('base64url'))),
    mrnEncryptionKey:
      config.mrnEncryptionKey ??
      (await persisted(config, 'mrn.key', () => randomBytes(32).toString('base64'))),
    signingKey:
      config.signingKey ??
      (await persisted(config, 'signing.key', () => randomBytes(32).toString('base64'))),
  };
}

async function persisted(config: AppConfig, name: string, generate: () => string): Promise<string> {
  if (config.production) throw new Error(`${name} must be configured in production`);
  const dir = resolve(config.dataDir);
  const file = join(dir, name);
  const existing = (await readFile(file, 'utf8').catch(() => null))?.trim();
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const secret = generate();
  await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' }).catch(
    async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  return (await readFile(file, 'utf8')).trim();
}
