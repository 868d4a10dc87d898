import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export interface NoteClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: () => string;
  /** Resolves with the text as it was at the moment of the first sync. */
  firstSync: Promise<string>;
  close: () => void;
}

/** A stock y-websocket client, exactly as an editor would create one (Node needs the ws polyfill). */
export function noteClient(port: number, document: string, token: string): NoteClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, document, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const text = () => doc.getText('markdown').toString();
  const firstSync = new Promise<string>((resolve) => {
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      resolve(text());
    };
    provider.on('sync', onSync);
  });
  return {
    doc,
    provider,
    text,
    firstSync,
    close: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Opens a raw WebSocket and reports how the server answered the upgrade or closed it. */
export function rawSocket(
  port: number,
  path: string,
): Promise<{ socket: WebSocket | null; status: number | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    socket.on('unexpected-response', (_request, response) => {
      resolve({ socket: null, status: response.statusCode ?? null });
      socket.terminate();
    });
    socket.on('open', () => resolve({ socket, status: 101 }));
    socket.on('error', () => resolve({ socket: null, status: null }));
  });
}

export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}
