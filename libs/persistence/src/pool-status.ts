import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The connection pool of a data source, as node-postgres counts it. */
export interface PoolStatus {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** The pool's ceiling (DATABASE_POOL_SIZE). */
  max: number;
}

/** The data source's node-postgres pool now; null before it is initialised (or after it is destroyed). */
export function poolStatus(dataSource: DataSource): PoolStatus | null {
  if (!dataSource.isInitialized) return null;
  const pool = (dataSource.driver as { master?: Pool }).master;
  if (!pool) return null;
  return {
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 10,
  };
}
