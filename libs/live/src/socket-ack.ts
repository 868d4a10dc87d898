import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validate } from 'class-validator';
import type { Socket } from 'socket.io';
import { Ack, ClientToServerEvents, ServerToClientEvents } from '@app/contracts';
import { ConnectedUser } from '@app/auth';
import {
  DomainError,
  FORBIDDEN_INPUT_KEYS,
  MAX_INPUT_DEPTH,
  nestedDeeperThan,
  nulCharacterPath,
} from '@app/core';
import { DatabaseUnavailable, isDatabaseUnreachable } from '@app/persistence';
import { TokenBucket } from './domain';

/** A socket of the /meetings namespace, authenticated in the handshake. */
export type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { user: ConnectedUser }
>;

/**
 * The /meetings namespace, WebSocket transport only. Every gateway on it
 * declares the same options: whichever Nest connects first creates the
 * socket.io server with them.
 */
export const MEETINGS_NAMESPACE = {
  namespace: '/meetings',
  transports: ['websocket'],
  maxHttpBufferSize: 64 * 1024,
  // The HTTP server also upgrades /collab (shared notes): never destroy upgrades engine.io does not own.
  destroyUpgrade: false,
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
};

/** The socket.io room of a meeting's members. */
export const meetingRoom = (meetingId: string) => `meeting:${meetingId}`;

/** Per socket: a burst of 60 events, then 40 per second; far past that the socket is disconnected. */
const RATE_BURST = 60;
const RATE_PER_SECOND = 40;
const REFUSALS_BEFORE_DISCONNECT = 200;

export const rateLimited = {
  ok: false as const,
  error: { code: 'rate_limited', message: 'too many events: slow down' },
};

/** The answer to anything a socket sends once its session has ended (it is being disconnected). */
export const sessionEnded = {
  ok: false as const,
  error: { code: 'session_ended', message: 'your session has ended: sign in again' },
};

/**
 * Milliseconds on the monotonic clock, for what measures intervals between a socket's events
 * (rate limits, throttled streams) rather than reading "now": a Clock fixed by a test must not
 * stop buckets refilling, and a wall-clock jump must not refill them.
 */
export const monotonicMs = (): number => performance.now();

/** One token bucket per socket, shared by every gateway on the namespace. */
@Injectable()
export class SocketRateLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; refusals: number }>();

  /** Whether the socket may send one more event; one that keeps hammering after refusals is disconnected. */
  allow(socket: Socket): boolean {
    const now = monotonicMs();
    let entry = this.buckets.get(socket.id);
    if (!entry) {
      entry = { bucket: new TokenBucket(RATE_BURST, RATE_PER_SECOND, now), refusals: 0 };
      this.buckets.set(socket.id, entry);
    }
    if (entry.bucket.take(now)) return true;
    entry.refusals += 1;
    if (entry.refusals >= REFUSALS_BEFORE_DISCONNECT) socket.disconnect(true);
    return false;
  }

  forget(socketId: string): void {
    this.buckets.delete(socketId);
  }
}

function messagesOf(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...messagesOf(error.children ?? [], path)];
  });
}

/** The first `__proto__` or `constructor` key in a payload (never legitimate, as over REST). */
function forbiddenKey(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_INPUT_KEYS.has(key)) return key;
    const found = forbiddenKey(item);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Why a payload is refused before validation, or null: nested too deep (transforming it would
 * exhaust the stack), a `__proto__` or `constructor` key, or a NUL character in any text
 * (PostgreSQL text cannot hold one).
 */
function payloadRefusal(body: object): string | null {
  if (nestedDeeperThan(body, MAX_INPUT_DEPTH))
    return `payload nested deeper than ${MAX_INPUT_DEPTH} levels`;
  const key = forbiddenKey(body);
  if (key !== null) return `"${key}" is not allowed as a key`;
  const nul = nulCharacterPath(body);
  return nul === null ? null : `${nul} must not contain a NUL character`;
}

/** Validates the payload into its DTO, runs the handler, and maps every outcome to an acknowledgement. */
export async function respond<D extends object, R extends object>(
  dtoClass: new () => D,
  body: unknown,
  handler: (dto: D) => Promise<R>,
): Promise<Ack<R>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: { code: 'invalid_input', message: 'payload must be an object' } };
  }
  const refusal = payloadRefusal(body);
  if (refusal !== null) return { ok: false, error: { code: 'invalid_input', message: refusal } };
  const dto = plainToInstance(dtoClass, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const message = messagesOf(errors).join('; ');
    return { ok: false, error: { code: 'invalid_input', message } };
  }
  try {
    return { ok: true, ...(await handler(dto)) };
  } catch (error) {
    const known = isDatabaseUnreachable(error) ? new DatabaseUnavailable() : error;
    if (known instanceof DomainError)
      return { ok: false, error: { code: known.code, message: known.message } };
    return { ok: false, error: { code: 'internal', message: 'internal error' } };
  }
}
