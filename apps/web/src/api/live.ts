import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@app/contracts';
import type { TokenSource } from './client';

/** The socket of the /meetings namespace as the server types it. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Events the client sends that are answered through an acknowledgement. */
type Requests = {
  [E in keyof ClientToServerEvents]: ClientToServerEvents[E] extends (
    payload: infer P,
    ack: (result: Ack<infer R>) => void,
  ) => void
    ? { payload: P; result: R }
    : never;
};
export type LiveRequest = keyof Requests;
export type LivePayload<E extends LiveRequest> = Requests[E]['payload'];
export type LiveResult<E extends LiveRequest> = Requests[E]['result'];

/**
 * `connecting`: the first connection; `connected`; `reconnecting`: the link dropped and socket.io
 * is retrying (the server's state is rebuilt from the snapshot on return); `ended`: the session
 * ended or the server refused the credentials, nothing more will be tried.
 */
export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'ended';

export interface LiveConnectionState {
  status: LiveStatus;
  /** What went wrong last, in words a person can act on. */
  problem: string | null;
}

/** A refused command: the server's code (e.g. `forbidden`, `not_live`) and message. */
export class LiveError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LiveError';
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

export interface LiveConnectionOptions {
  /** The origin to connect to; the page's own by default. */
  url?: string;
  /** Called once when the server says the session ended: the app signs out. */
  onSessionEnded?: (reason: string) => void;
}

/**
 * The one socket.io connection to the live room (`/meetings`), outside React. Every handshake
 * asks the session for a current access token, so a reconnection after the token expired uses a
 * fresh one. Commands are promises that resolve with the acknowledgement's payload or reject
 * with a LiveError; components read the connection state through `subscribe`/`getState`.
 */
export class LiveConnection {
  readonly socket: LiveSocket;
  private state: LiveConnectionState = { status: 'connecting', problem: null };
  private readonly listeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private hasConnected = false;
  /** The token of the last handshake, renewed when the server refuses it. */
  private lastToken = '';
  /** A handshake was refused and the next one carries a renewed token: refused again is final. */
  private renewing = false;

  constructor(
    private readonly tokens: TokenSource,
    options: LiveConnectionOptions = {},
  ) {
    const path = '/meetings';
    this.socket = io(options.url ? `${options.url}${path}` : path, {
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      auth: (callback) => {
        this.tokens.accessToken().then(
          (token) => {
            this.lastToken = token;
            callback({ token });
          },
          () => callback({}),
        );
      },
    });
    this.socket.on('connect', () => {
      this.renewing = false;
      const again = this.hasConnected;
      this.hasConnected = true;
      this.set({ status: 'connected', problem: null });
      if (again) for (const listener of this.reconnectListeners) listener();
    });
    this.socket.on('disconnect', (reason) => {
      if (this.state.status === 'ended') return;
      // The server closing the socket is not retried by socket.io: reconnect ourselves.
      if (reason === 'io server disconnect') this.socket.connect();
      this.set({ status: 'reconnecting', problem: 'The connection to the meeting was lost.' });
    });
    this.socket.on('connect_error', (error) => {
      if (this.state.status === 'ended') return;
      if (error.message.startsWith('unauthenticated')) {
        if (this.renewing) {
          // The renewed token was refused too (or there is none): retrying would only hammer
          // the server, without a delay since socket.io does not retry a refused handshake.
          this.set({
            status: 'ended',
            problem: 'The meeting server refused your sign-in. Sign in again.',
          });
          return;
        }
        // An expired token: the next attempt asks the session for a renewed one.
        this.renewing = true;
        void this.tokens.recover(this.lastToken).catch(() => undefined);
      }
      this.set({
        status: this.hasConnected ? 'reconnecting' : 'connecting',
        problem: 'Cannot reach the meeting server; retrying.',
      });
      if (!this.socket.active) this.socket.connect();
    });
    this.socket.on('session:ended', ({ reason }) => {
      this.set({ status: 'ended', problem: 'Your session has ended. Sign in again.' });
      this.socket.disconnect();
      options.onSessionEnded?.(reason);
    });
  }

  /** Connects (again, after `close`). */
  connect(): this {
    this.renewing = false;
    if (this.state.status === 'ended') this.set({ status: 'connecting', problem: null });
    this.socket.connect();
    return this;
  }

  close(): void {
    this.set({ status: 'ended', problem: null });
    this.socket.disconnect();
  }

  /** Sends a command and resolves with what its acknowledgement carries. */
  request<E extends LiveRequest>(
    event: E,
    payload: LivePayload<E>,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<LiveResult<E>> {
    return new Promise((resolve, reject) => {
      const timed = this.socket.timeout(timeoutMs) as unknown as {
        emit(
          event: string,
          payload: unknown,
          ack: (error: Error | null, result: Ack<object>) => void,
        ): void;
      };
      timed.emit(event, payload, (error, result) => {
        if (error) {
          reject(new LiveError('timeout', 'The meeting server did not answer in time.'));
        } else if (result.ok) {
          resolve(result as unknown as LiveResult<E>);
        } else {
          reject(new LiveError(result.error.code, result.error.message));
        }
      });
    });
  }

  /** Listens to a server event; returns the function that stops listening. */
  on<E extends keyof ServerToClientEvents>(
    event: E,
    listener: ServerToClientEvents[E],
  ): () => void {
    const socket = this.socket as unknown as {
      on(event: string, listener: unknown): void;
      off(event: string, listener: unknown): void;
    };
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }

  /** Called after each reconnection (not the first connection): rejoin and rebuild state. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): LiveConnectionState => this.state;

  private set(state: LiveConnectionState): void {
    if (state.status === this.state.status && state.problem === this.state.problem) return;
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
