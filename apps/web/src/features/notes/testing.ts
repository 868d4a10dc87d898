import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** The collaboration server in process, over fake sockets (tests only). */

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** The socket a WebsocketProvider opens, driven by the test through its server. */
export class FakeSocket {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = 2;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSED = CLOSED;
  binaryType = 'blob';
  readyState = CONNECTING;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(
    readonly url: string,
    private readonly server: FakeCollabServer,
  ) {}

  /** The token the socket was opened with. */
  get token(): string | null {
    return new URL(this.url).searchParams.get('token');
  }

  send(data: Uint8Array): void {
    if (this.readyState === OPEN) this.server.receive(this, data);
  }

  /** Closed on the client's side. */
  close(): void {
    this.readyState = CLOSED;
  }

  deliver(message: Uint8Array): void {
    const data = message.slice().buffer;
    // Asynchronously, as a browser delivers frames.
    void Promise.resolve().then(() => {
      if (this.readyState === OPEN) this.onmessage?.({ data });
    });
  }

  /** The server closes the connection (a code of 1006: the network dropped it). */
  drop(code: number, reason = ''): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code, reason });
  }
}

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/**
 * Answers the y-websocket protocol like the real server: its greeting is sync step 1, it answers
 * sync step 1 with step 2, applies a writer's updates (a reader's are dropped) and relays them to
 * the other sockets. `WebSocket` is the class to give the provider.
 */
export class FakeCollabServer {
  readonly doc = new Y.Doc();
  readonly sockets: FakeSocket[] = [];
  /** Whether updates from clients are applied: false for a read-only user. */
  acceptsUpdates = true;
  readonly WebSocket: typeof WebSocket;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below needs the server
    const server = this;
    this.WebSocket = class extends FakeSocket {
      constructor(url: string) {
        super(url, server);
        server.sockets.push(this);
      }
    } as unknown as typeof WebSocket;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const message = syncMessage((encoder) => syncProtocol.writeUpdate(encoder, update));
      for (const socket of this.sockets) if (socket !== origin) socket.deliver(message);
    });
  }

  get latest(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  /** Accepts the latest socket and greets it, as the server does once the document is loaded. */
  accept(): FakeSocket {
    const socket = this.latest;
    socket.readyState = OPEN;
    socket.onopen?.();
    socket.deliver(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, this.doc)));
    return socket;
  }

  /** Someone else's client announcing itself in the document. */
  announce(state: Record<string, unknown>): void {
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    other.setLocalState(state);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]),
    );
    const message = encoding.toUint8Array(encoder);
    for (const socket of this.sockets) socket.deliver(message);
    other.destroy();
  }

  receive(socket: FakeSocket, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      socket.deliver(
        syncMessage((encoder) => syncProtocol.readSyncStep1(decoder, encoder, this.doc)),
      );
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    if (this.acceptsUpdates) Y.applyUpdate(this.doc, update, socket);
  }
}
