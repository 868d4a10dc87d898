import { DomainError } from '@app/core';

/** PostgreSQL's SQLSTATEs that mean "not reachable now", not "your request is wrong". */
const UNREACHABLE_STATES = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
]);

/** Socket-level failures of the connection to PostgreSQL. */
const UNREACHABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres says these in words only (a lost connection, a pool that could not connect in time). */
const UNREACHABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Connection ended unexpectedly',
];

/**
 * The database cannot be reached right now (restarting, network cut, no free
 * connection in time): the request may be retried as it is. 503 over HTTP
 * (with Retry-After), `unavailable` in a socket acknowledgement.
 */
export class DatabaseUnavailable extends DomainError {
  readonly status = 503;
  readonly code = 'unavailable';

  constructor() {
    super('the database cannot be reached right now; try again in a few seconds');
  }
}

/** Seconds a client should wait before trying again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** True when `error` (or the driver error TypeORM wrapped in it) says PostgreSQL is unreachable. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (UNREACHABLE_STATES.has(code) || UNREACHABLE_SOCKET_CODES.has(code))
    )
      return true;
    if (
      typeof message === 'string' &&
      UNREACHABLE_MESSAGES.some((words) => message.startsWith(words) || message.includes(words))
    )
      return true;
    current =
      (current as { driverError?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}
