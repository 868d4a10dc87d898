// Stock clients for the notes benchmark, and the typing and latency-observing
// logic built on them. Every typed change is one Yjs transaction carrying a
// marker \u0001<writer>:<seq>:<send time>\u0002, so a receiver can tell who
// sent it and when from the Y.Text delta alone.
//
// Two protocols: 'y-websocket' (the y-websocket WebsocketProvider, for our
// server and the reference server) and 'hocuspocus' (@hocuspocus/provider:
// Hocuspocus frames every message with the document name and expects an
// authentication message first, which a y-websocket client does not send).
// Either way a client is { doc, provider, text, room, closes, lastClose } and
// the provider is the origin of every update applied from the server. One
// HocuspocusProvider gets one socket of its own, like a y-websocket client.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { now, waitFor, withTimeout } from './util.mjs';

export const TEXT_NAME = 'markdown';
const MARKER = /\u0001(\d+):(\d+):(\d+(?:\.\d+)?)\u0002/g;

// Each provider adds a process 'exit' listener; hundreds of clients are expected here.
process.setMaxListeners(0);

const openClients = new Set();

export function connect(serverUrl, room, params = {}, protocol = 'y-websocket') {
  const doc = new Y.Doc();
  const client = { doc, text: doc.getText(TEXT_NAME), room, protocol, closes: 0, lastClose: null };
  const onClose = (event) => {
    client.closes += 1;
    client.lastClose = event ? `${event.code} ${event.reason ?? ''}`.trim() : 'local';
  };
  if (protocol === 'hocuspocus') {
    client.socket = new HocuspocusProviderWebsocket({
      url: serverUrl,
      WebSocketPolyfill: WebSocket,
    });
    client.provider = new HocuspocusProvider({
      websocketProvider: client.socket,
      name: room,
      document: doc,
      token: params.token ?? 'bench',
    });
    // With a socket of its own passed in, the provider waits to be attached to it.
    client.provider.attach?.();
    client.provider.on('close', ({ event } = {}) => onClose(event));
  } else if (protocol === 'y-websocket') {
    client.provider = new WebsocketProvider(serverUrl, room, doc, {
      params,
      WebSocketPolyfill: WebSocket,
      disableBc: true,
    });
    client.provider.on('connection-close', onClose);
  } else {
    throw new Error(`unknown client protocol ${protocol}`);
  }
  openClients.add(client);
  return client;
}

export function disconnect(client) {
  if (!openClients.delete(client)) return;
  client.provider.destroy();
  client.socket?.destroy();
  client.doc.destroy();
}

export function disconnectAll() {
  for (const client of [...openClients]) disconnect(client);
}

const isSynced = (client) =>
  client.protocol === 'hocuspocus' ? client.provider.isSynced : client.provider.synced;

export function synced(client, ms = 30_000) {
  if (isSynced(client)) return Promise.resolve(client);
  const event = client.protocol === 'hocuspocus' ? 'synced' : 'sync';
  return withTimeout(
    new Promise((resolve) => {
      const onSync = (state) => {
        // y-websocket passes a boolean, Hocuspocus { state }.
        if (!(typeof state === 'object' ? state?.state : state)) return;
        client.provider.off(event, onSync);
        resolve(client);
      };
      client.provider.on(event, onSync);
    }),
    ms,
    `sync of ${client.room}` + (client.lastClose ? ` (last close: ${client.lastClose})` : ''),
  );
}

/** Bytes the client's socket has queued but not yet sent (null while it has no socket). */
export function bufferedAmount(client) {
  const ws = client.protocol === 'hocuspocus' ? client.socket.webSocket : client.provider.ws;
  return ws ? ws.bufferedAmount : null;
}

/** Resolves once `quietMs` pass with no update reaching the client's document. */
export async function settled(client, quietMs, ms = 60_000) {
  let last = performance.now();
  const touch = () => {
    last = performance.now();
  };
  client.doc.on('update', touch);
  try {
    await waitFor(() => performance.now() - last >= quietMs, ms, `${client.room} to settle`, 20);
  } finally {
    client.doc.off('update', touch);
  }
}

export const marker = (writer, seq, sentAt) => `\u0001${writer}:${seq}:${sentAt.toFixed(3)}\u0002`;

/** Every marker in a string, as [writer, seq, sentAt]. */
export function* markersIn(text) {
  for (const match of text.matchAll(MARKER))
    yield [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Calls `onInsert(writer, seq, sentAt, receivedAt)` for every marker that
 * arrives from the server. It reads the received update itself (decoded
 * structs), not the Y.Text delta: computing a delta walks the whole text, which
 * would make the clients, not the server, the bottleneck as the text grows.
 */
export function observeInserts(client, onInsert) {
  client.doc.on('update', (update, origin) => {
    if (origin !== client.provider) return;
    const receivedAt = now();
    for (const struct of Y.decodeUpdate(update).structs) {
      const str = struct.content?.str;
      if (typeof str !== 'string') continue;
      for (const [writer, seq, sentAt] of markersIn(str)) onInsert(writer, seq, sentAt, receivedAt);
    }
  });
}

/**
 * Types one marker per transaction at the end of the text, `rate` times per
 * second on a fixed schedule. A typist that falls behind does not burst to
 * catch up: the achieved rate is measured instead.
 */
export function startTypist(client, writer, rate, { offsetMs = 0, onSent = () => undefined } = {}) {
  const period = 1000 / rate;
  let seq = 0;
  let due = performance.now() + offsetMs;
  let timer = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const sentAt = now();
    client.text.insert(client.text.length, marker(writer, seq, sentAt));
    onSent(seq, sentAt);
    seq += 1;
    due += period;
    const current = performance.now();
    if (due < current - period) due = current;
    timer = setTimeout(tick, Math.max(0, due - current));
  };
  timer = setTimeout(tick, offsetMs);
  return {
    get sent() {
      return seq;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
