/**
 * The database server the suite runs against: DATABASE_URL when set (CI
 * points it at the machine's PostgreSQL), else the embedded one that the
 * jest global setup started and published as TEST_DATABASE_SERVER_URL.
 */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_SERVER_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'no test database server: run the suite through jest (global setup) or set DATABASE_URL',
    );
  return url;
}

/** Redis for the multi-instance tests; they are skipped without it (CI sets it). */
export function testRedisUrl(): string | null {
  return process.env.REDIS_URL ?? null;
}
