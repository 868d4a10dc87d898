import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The server the suite runs against: DATABASE_URL when set (CI points it at
 * the machine's PostgreSQL), else the embedded one global setup started.
 */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_SERVER_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'no test database server: run the suite through jest (global setup) or set DATABASE_URL',
    );
  return url;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database per test file, so files never share state and can run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = new URL(testServerUrl());
  const name = `tb_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: server.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
