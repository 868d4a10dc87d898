// @vitest-environment node
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace, type Socket as ServerSocket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientToServerEvents, ImagingUpdate, ServerToClientEvents } from '@app/contracts';
import type { TokenSource } from './client';
import { LiveConnection, LiveError, type LiveConnectionState, type LiveStatus } from './live';

type MeetingsNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type MeetingsSocket = ServerSocket<ClientToServerEvents, ServerToClientEvents>;

const LATEST: ImagingUpdate = {
  meetingId: 'm1',
  from: 'u-presenter',
  viewport: { studyInstanceUid: '1.2.3', zoom: 2 },
  sentAt: '2025-01-01T10:00:00.000Z',
};

/**
 * A /meetings namespace like the server's: the handshake middleware accepts only the currently
 * valid token, and a few commands answer through their acknowledgement like the gateways do.
 */
class FakeMeetingsServer {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  readonly meetings: MeetingsNamespace;
  /** The token the middleware accepts; anything else is refused as expired. */
  validToken = 'token-1';
  /** Every handshake's `auth.token`, accepted or not, in order. */
  readonly handshakes: unknown[] = [];
  /** The sockets that passed the middleware, in order. */
  readonly connections: MeetingsSocket[] = [];
  disconnections = 0;
  port = 0;

  constructor() {
    const http = createServer();
    this.io = new Server(http, { transports: ['websocket'] });
    this.meetings = this.io.of('/meetings');
    this.meetings.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      this.handshakes.push(token);
      if (token === this.validToken) next();
      else next(new Error('unauthenticated: invalid or expired token'));
    });
    this.meetings.on('connection', (socket) => {
      this.connections.push(socket);
      socket.on('disconnect', () => (this.disconnections += 1));
      socket.on('imaging:follow', (payload, ack) =>
        ack({ ok: true, latest: payload.follow ? LATEST : null }),
      );
      socket.on('meeting:leave', ({ meetingId }, ack) =>
        ack({
          ok: false,
          error: { code: 'not_live', message: `Meeting ${meetingId} is not live.` },
        }),
      );
      // Tells the socket what was shared, then answers: the event arrives before the answer.
      socket.on('imaging:share', ({ meetingId, viewport }, ack) => {
        socket.emit('imaging:viewport', { ...LATEST, meetingId, viewport });
        ack({ ok: true });
      });
      // Never answered.
      socket.on('vote:close', () => undefined);
    });
  }

  async listen(): Promise<string> {
    const http = this.io.httpServer;
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    this.port = (http.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  /** The one socket connected now. */
  current(): MeetingsSocket {
    const connected = this.connections.filter((socket) => socket.connected);
    expect(connected).toHaveLength(1);
    return connected[0]!;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => void this.io.close(() => resolve()));
  }
}

/**
 * The session as the live connection sees it. Like the real one, a renewal started by `recover`
 * is awaited by an `accessToken()` asked meanwhile, and renewing gives the next token.
 */
class FakeTokens implements TokenSource {
  token = 'token-1';
  next = 'token-2';
  accessTokenCalls = 0;
  readonly recovered: string[] = [];
  private renewal: Promise<void> | null = null;

  async accessToken(): Promise<string> {
    this.accessTokenCalls += 1;
    if (this.renewal) await this.renewal;
    return this.token;
  }

  recover(rejected: string): Promise<string> {
    this.recovered.push(rejected);
    this.renewal ??= new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => {
      this.token = this.next;
      this.renewal = null;
    });
    return this.renewal.then(() => this.token);
  }
}

const WAIT = { timeout: 4_000, interval: 5 };

let server: FakeMeetingsServer;
let url: string;
let tokens: FakeTokens;
const opened: LiveConnection[] = [];

function open(options: { onSessionEnded?: (reason: string) => void } = {}): LiveConnection {
  const live = new LiveConnection(tokens, { url, ...options });
  opened.push(live);
  return live;
}

/** Every state the connection announces through `subscribe`, in order. */
function record(live: LiveConnection): LiveConnectionState[] {
  const states: LiveConnectionState[] = [];
  live.subscribe(() => states.push(live.getState()));
  return states;
}

async function until(live: LiveConnection, status: LiveStatus): Promise<void> {
  await vi.waitFor(() => expect(live.getState().status).toBe(status), WAIT);
}

beforeEach(async () => {
  server = new FakeMeetingsServer();
  url = await server.listen();
  tokens = new FakeTokens();
});

afterEach(async () => {
  for (const live of opened.splice(0)) live.close();
  await server.close();
});

describe('LiveConnection against a /meetings namespace', () => {
  it('connects with the token the session gives, connecting → connected', async () => {
    const live = open();
    const states = record(live);
    expect(live.getState()).toEqual({ status: 'connecting', problem: null });

    live.connect();
    await until(live, 'connected');

    expect(server.handshakes).toEqual(['token-1']);
    expect(tokens.accessTokenCalls).toBe(1);
    expect(tokens.recovered).toEqual([]);
    expect(states).toEqual([{ status: 'connected', problem: null }]);
    expect(live.socket.connected).toBe(true);
  });

  it('resolves a request with what its acknowledgement carries', async () => {
    const live = open().connect();
    await until(live, 'connected');

    await expect(
      live.request('imaging:follow', { meetingId: 'm1', follow: true }),
    ).resolves.toEqual({ ok: true, latest: LATEST });
    await expect(
      live.request('imaging:follow', { meetingId: 'm1', follow: false }),
    ).resolves.toMatchObject({ latest: null });
  });

  it('rejects a refused request with a LiveError carrying the server’s code and message', async () => {
    const live = open().connect();
    await until(live, 'connected');

    const refused = live.request('meeting:leave', { meetingId: 'm1' });
    await expect(refused).rejects.toBeInstanceOf(LiveError);
    await expect(refused).rejects.toMatchObject({
      name: 'LiveError',
      code: 'not_live',
      message: 'Meeting m1 is not live.',
    });
  });

  it('rejects a request the server does not answer with code `timeout`', async () => {
    const live = open().connect();
    await until(live, 'connected');

    const started = Date.now();
    const unanswered = live.request('vote:close', { voteId: 'v1' }, 100);
    await expect(unanswered).rejects.toBeInstanceOf(LiveError);
    await expect(unanswered).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The connection itself is fine.
    expect(live.getState().status).toBe('connected');
  });

  it('reconnects by itself after the server drops the socket, and calls onReconnect each time', async () => {
    const live = open();
    const states = record(live);
    const reconnected = vi.fn();
    live.onReconnect(reconnected);
    live.connect();
    await until(live, 'connected');
    expect(reconnected).not.toHaveBeenCalled();

    for (const round of [1, 2]) {
      server.current().disconnect(true);
      // The client is back within milliseconds: the drop is seen in the states announced.
      await vi.waitFor(() => expect(reconnected).toHaveBeenCalledTimes(round), WAIT);
      expect(states.slice(-2)).toEqual([
        { status: 'reconnecting', problem: 'The connection to the meeting was lost.' },
        { status: 'connected', problem: null },
      ]);
      expect(server.connections).toHaveLength(round + 1);
      expect(server.current().id).toBe(live.socket.id);
    }

    // Every handshake asked the session for its token again.
    expect(server.handshakes.every((token) => token === 'token-1')).toBe(true);
    expect(tokens.accessTokenCalls).toBe(server.handshakes.length);
    expect(states.map((state) => state.status)).toEqual([
      'connected',
      'reconnecting',
      'connected',
      'reconnecting',
      'connected',
    ]);
    // Requests work on the new socket.
    await expect(
      live.request('imaging:follow', { meetingId: 'm1', follow: true }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('stops calling an onReconnect listener once it is removed', async () => {
    const live = open();
    const kept = vi.fn();
    const removed = vi.fn();
    live.onReconnect(kept);
    const stop = live.onReconnect(removed);
    live.connect();
    await until(live, 'connected');

    stop();
    server.current().disconnect(true);
    await vi.waitFor(() => expect(kept).toHaveBeenCalledTimes(1), WAIT);
    expect(live.getState().status).toBe('connected');
    expect(removed).not.toHaveBeenCalled();
  });

  it('renews an expired token when the handshake is refused, then connects with the new one', async () => {
    tokens.token = 'token-expired';
    tokens.next = 'token-1';
    const live = open();
    const states = record(live);
    live.connect();
    await until(live, 'connected');

    expect(tokens.recovered).toEqual(['token-expired']);
    expect(server.handshakes[0]).toBe('token-expired');
    expect(server.handshakes.at(-1)).toBe('token-1');
    expect(server.handshakes.filter((token) => token === 'token-expired')).toHaveLength(1);
    expect(server.connections).toHaveLength(1);
    expect(states[0]).toEqual({
      status: 'connecting',
      problem: 'Cannot reach the meeting server; retrying.',
    });
    expect(states.at(-1)).toEqual({ status: 'connected', problem: null });
  });

  it('gives up when the renewed token is refused too, instead of retrying without end', async () => {
    server.validToken = 'token-nobody-has';
    const live = open();
    live.connect();
    await until(live, 'ended');

    expect(live.getState()).toEqual({
      status: 'ended',
      problem: 'The meeting server refused your sign-in. Sign in again.',
    });
    expect(tokens.recovered).toEqual(['token-1']);
    expect(server.handshakes).toEqual(['token-1', 'token-2']);
    expect(live.socket.active).toBe(false);
    // A refused handshake is not retried by socket.io: a loop would show within milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.handshakes).toHaveLength(2);

    // connect() tries afresh (after signing in again, say).
    server.validToken = 'token-2';
    live.connect();
    await until(live, 'connected');
    expect(server.handshakes).toEqual(['token-1', 'token-2', 'token-2']);
  });

  it('gives up when the session has no token to give', async () => {
    tokens.accessToken = () => Promise.reject(new Error('signed out'));
    tokens.recover = (rejected) => {
      tokens.recovered.push(rejected);
      return Promise.reject(new Error('signed out'));
    };
    const live = open();
    live.connect();
    await until(live, 'ended');

    expect(server.handshakes).toEqual([undefined, undefined]);
    expect(tokens.recovered).toEqual(['']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.handshakes).toHaveLength(2);
  });

  it('renews the token when it expired while the link was down, then reconnects', async () => {
    const live = open();
    const states = record(live);
    const reconnected = vi.fn();
    live.onReconnect(reconnected);
    live.connect();
    await until(live, 'connected');

    // The access token expires while the socket is gone: the server accepts only the renewed one.
    server.validToken = 'token-2';
    server.current().disconnect(true);
    await vi.waitFor(() => expect(reconnected).toHaveBeenCalledTimes(1), WAIT);

    expect(live.getState()).toEqual({ status: 'connected', problem: null });
    expect(states).toEqual([
      { status: 'connected', problem: null },
      { status: 'reconnecting', problem: 'The connection to the meeting was lost.' },
      { status: 'reconnecting', problem: 'Cannot reach the meeting server; retrying.' },
      { status: 'connected', problem: null },
    ]);
    expect(tokens.recovered).toEqual(['token-1']);
    expect(server.handshakes.at(-1)).toBe('token-2');
    expect(server.connections).toHaveLength(2);
  });

  it('ends for good when the server says the session ended', async () => {
    const ended = vi.fn();
    const reconnected = vi.fn();
    const live = open({ onSessionEnded: ended });
    live.onReconnect(reconnected);
    const states = record(live);
    live.connect();
    await until(live, 'connected');
    const handshakes = server.handshakes.length;

    // As the gateway does: told why, then disconnected.
    const socket = server.current();
    socket.emit('session:ended', { reason: 'revoked' });
    socket.disconnect();

    await until(live, 'ended');
    await vi.waitFor(() => expect(server.disconnections).toBe(1), WAIT);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledWith('revoked');
    expect(live.getState()).toEqual({
      status: 'ended',
      problem: 'Your session has ended. Sign in again.',
    });
    expect(live.socket.active).toBe(false);

    // Longer than socket.io's first reconnection delay (500 ms ± 50 %): nothing is retried.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(server.handshakes).toHaveLength(handshakes);
    expect(server.connections).toHaveLength(1);
    expect(live.getState().status).toBe('ended');
    expect(states.map((state) => state.status)).toEqual(['connected', 'ended']);
    expect(ended).toHaveBeenCalledTimes(1);
    expect(reconnected).not.toHaveBeenCalled();
  });

  it('close() ends the connection and connect() opens it again', async () => {
    const live = open();
    const states = record(live);
    const reconnected = vi.fn();
    live.onReconnect(reconnected);
    live.connect();
    await until(live, 'connected');

    live.close();
    expect(live.getState()).toEqual({ status: 'ended', problem: null });
    await vi.waitFor(() => expect(server.disconnections).toBe(1), WAIT);
    expect(live.socket.active).toBe(false);

    live.connect();
    expect(live.getState()).toEqual({ status: 'connecting', problem: null });
    await until(live, 'connected');
    expect(server.connections).toHaveLength(2);
    expect(server.current().id).toBe(live.socket.id);
    // The server forgot the first socket's rooms: the room joins again.
    expect(reconnected).toHaveBeenCalledTimes(1);
    expect(states.map((state) => state.status)).toEqual([
      'connected',
      'ended',
      'connecting',
      'connected',
    ]);
  });

  it('notifies subscribers until they unsubscribe', async () => {
    const live = open();
    const first = vi.fn();
    const second = vi.fn();
    live.subscribe(first);
    const unsubscribe = live.subscribe(second);
    live.connect();
    await until(live, 'connected');
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);

    unsubscribe();
    live.close();
    expect(first).toHaveBeenCalledTimes(2);
    expect(second).toHaveBeenCalledTimes(1);
    // The same state again is no change: nobody is told.
    live.close();
    expect(first).toHaveBeenCalledTimes(2);
  });

  it('passes server events to on() listeners until unsubscribed', async () => {
    const live = open().connect();
    await until(live, 'connected');
    const viewports = vi.fn();
    const other = vi.fn();
    const stop = live.on('imaging:viewport', viewports);
    live.on('imaging:viewport', other);

    const viewport = { studyInstanceUid: '9.8.7', frame: 3 };
    await live.request('imaging:share', { meetingId: 'm1', viewport });
    expect(viewports).toHaveBeenCalledTimes(1);
    expect(viewports).toHaveBeenCalledWith({ ...LATEST, meetingId: 'm1', viewport });

    stop();
    // The event is sent before the answer: once the answer is here, the event was handled.
    await live.request('imaging:share', { meetingId: 'm1', viewport });
    expect(viewports).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(2);
  });
});
