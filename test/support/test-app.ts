import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditSealer } from '@app/audit';
import { UsersService } from '@app/auth';
import { Clock } from '@app/core';
import {
  PlatformRole,
  ProfessionalCredentials,
  Specialty,
  TokenPair,
  UserView,
} from '@app/contracts';
import { migrateDatabase } from '@app/persistence';
import { TcpProxy, TestDatabase, createTestDatabase, testServerUrl } from '@app/testing';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { createApp } from '../../apps/server/src/create-app';

export const TEST_PASSWORD = 'Consensus-Panel-Review-2026!';
export const TEST_JWT_SECRET = 'e2e-k3J9x-Qw7Lm2Zp8Rt4Vb6Nc1Hd5Fg0Ys';
export const TEST_MRN_KEY = Buffer.alloc(32, 42).toString('base64');
export const TEST_SIGNING_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  database: TestDatabase;
  dataSource: DataSource;
  users: UsersService;
  /** Where the app stores uploaded files (a temporary folder of its own). */
  recordsDir: string;
  /** A query on the audit log once every event committed so far is sealed into its chain. */
  auditLog<T = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The real application on a fresh database of its own, migrated, not listening; on `clock`'s time if given. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { rewriteDatabaseUrl?: (url: string) => string; clock?: Clock } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const recordsDir = await mkdtemp(join(tmpdir(), 'tumor-board-records-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    LOGIN_RATE_LIMIT: '1000',
    MEDIASOUP_WORKERS: '1',
    MEDIASOUP_LISTEN_IP: '127.0.0.1',
    RECORDS_DIR: recordsDir,
    AUDIT_CHECKPOINT_FILE: `${recordsDir}-audit-checkpoints.jsonl`,
    ...env,
  });
  const app = await createApp({
    config,
    databaseUrl: options.rewriteDatabaseUrl?.(database.url) ?? database.url,
    jwtSecret: TEST_JWT_SECRET,
    mrnEncryptionKey: TEST_MRN_KEY,
    signingKey: TEST_SIGNING_KEY,
    clock: options.clock,
  });
  const dataSource = app.get(DataSource);
  await migrateDatabase(dataSource);
  return {
    app,
    http: app.getHttpServer(),
    database,
    dataSource,
    users: app.get(UsersService),
    recordsDir,
    auditLog: async (sql, parameters) => {
      await app.get(AuditSealer).settle();
      return dataSource.query(sql, parameters);
    },
    close: async () => {
      await app.close();
      await database.drop();
      await rm(recordsDir, { recursive: true, force: true });
      await rm(`${recordsDir}-audit-checkpoints.jsonl`, { force: true });
    },
  };
}

let counter = 0;

export async function createUser(
  t: TestApp,
  overrides: Partial<{
    email: string;
    role: PlatformRole;
    specialty: Specialty;
    displayName: string;
    institution: string;
    credentials: ProfessionalCredentials;
  }> = {},
): Promise<UserView> {
  counter += 1;
  return t.users.createActive(
    {
      email: overrides.email ?? `clinician${counter}.${Date.now()}@hospital.example`,
      displayName: overrides.displayName ?? `Clinician ${counter}`,
      specialty: overrides.specialty ?? Specialty.MedicalOncology,
      institution: overrides.institution ?? 'General Hospital',
      credentials: overrides.credentials,
      role: overrides.role ?? PlatformRole.User,
    },
    TEST_PASSWORD,
  );
}

export async function login(
  t: TestApp,
  email: string,
  password = TEST_PASSWORD,
): Promise<TokenPair> {
  const response = await request(t.http)
    .post('/api/v1/auth/login')
    .send({ email, password })
    .expect(200);
  return response.body as TokenPair;
}

export function bearer(tokens: TokenPair | string): { Authorization: string } {
  return { Authorization: `Bearer ${typeof tokens === 'string' ? tokens : tokens.accessToken}` };
}

/** The app connected to its database through a TCP proxy the test can cut and restore. */
export async function startTestAppBehindProxy(
  env: Record<string, string> = {},
): Promise<{ t: TestApp; proxy: TcpProxy }> {
  const server = new URL(testServerUrl());
  const proxy = await TcpProxy.start(server.hostname, Number(server.port || 5432));
  const t = await startTestApp(env, {
    rewriteDatabaseUrl: (url) => {
      const viaProxy = new URL(url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      return viaProxy.toString();
    },
  });
  return { t, proxy };
}

/**
 * A real write failure in PostgreSQL: inserts into `table` for which `condition` (SQL over `NEW`)
 * holds raise `message`, until the returned function lifts it.
 */
export async function failInserts(
  t: TestApp,
  name: string,
  table: string,
  condition: string,
  message: string,
): Promise<() => Promise<void>> {
  await t.dataSource.query(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF ${condition} THEN RAISE EXCEPTION '${message}'; END IF;
       RETURN NEW;
     END $$`,
  );
  await t.dataSource.query(
    `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`,
  );
  return async () => {
    await t.dataSource.query(`DROP TRIGGER ${name} ON ${table}`);
    await t.dataSource.query(`DROP FUNCTION ${name}()`);
  };
}
