import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { Clock } from '@app/core';
import { CompactionPolicy, DocumentName, retryDelayMs, shouldCompact } from './domain';
import { NoteDocumentRepository, PendingWrite, StoredState } from './note-document.repository';
import { NoteWrites } from './note-writes';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Something that receives encoded y-websocket messages: a client connection. */
export interface Peer {
  send(message: Uint8Array): void;
}

/** Where updates and awareness go to reach other instances (Redis), if anywhere. */
export interface Fanout {
  publishUpdate(document: string, update: Uint8Array): void;
  publishAwareness(document: string, update: Uint8Array): void;
}

export interface DocumentLimits {
  maxDocumentBytes: number;
  compaction: CompactionPolicy;
}

/** Marks changes that arrived from another instance: relayed locally, never re-published or re-persisted. */
export const FROM_OTHER_INSTANCE = Symbol('from-other-instance');

interface QueuedWrite extends PendingWrite {
  origin: Peer;
}

/**
 * One shared note in memory. The invariant: an update reaches another client
 * (or another instance) only after it is committed to PostgreSQL. Writes are
 * queued per document and flushed one batch at a time, each batch committed
 * together with the other documents' (group commit, `NoteWrites`); a
 * failed flush keeps the batch, retries with backoff, and reports itself
 * unhealthy, so nothing is dropped and nothing unpersisted is relayed.
 */
export class CollabDocument {
  /** Named after the note: Yjs would otherwise draw a guid with 31 calls to the crypto RNG. */
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<Peer>();
  private queue: QueuedWrite[] = [];
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private pendingLog: { updates: number; bytes: number };
  private approxBytes: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private destroyed = false;
  /** The client update being applied, while it is: what its author already has. */
  private applying: Uint8Array | null = null;
  lastError: string | null = null;

  constructor(
    readonly name: DocumentName,
    stored: StoredState,
    private readonly writes: NoteWrites,
    private readonly store: NoteDocumentRepository,
    private readonly fanout: Fanout | null,
    private readonly limits: DocumentLimits,
    private readonly clock: Clock,
  ) {
    this.doc = new Y.Doc({ guid: name.name, gc: true });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    Y.applyUpdate(this.doc, stored.state);
    this.pendingLog = { updates: stored.pendingUpdates, bytes: stored.pendingBytes };
    this.approxBytes = stored.state.length;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.relay(update, origin));
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      this.relayAwareness(change, origin),
    );
  }

  /** Writes not yet committed (queued or in flight). */
  get pendingWrites(): number {
    return this.queue.length;
  }

  get failing(): boolean {
    return this.failures > 0;
  }

  /** Would this update push the document past its size limit? */
  exceedsLimit(update: Uint8Array): boolean {
    return this.approxBytes + update.length > this.limits.maxDocumentBytes;
  }

  /** Queues a client's update for persistence; it is applied and relayed once committed. */
  submit(payload: Uint8Array, actorId: string | null, origin: Peer): void {
    this.approxBytes += payload.length;
    this.queue.push({ payload, actorId, origin });
    this.scheduleFlush();
  }

  /** Applies a change another instance has already persisted. */
  applyRemoteUpdate(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, FROM_OTHER_INSTANCE);
  }

  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FROM_OTHER_INSTANCE);
  }

  /** The greeting for a new client: our state vector (sync step 1) and the current awareness. */
  greeting(): Uint8Array[] {
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(sync, this.doc);
    const messages: Uint8Array[] = [encoding.toUint8Array(sync)];
    const states = this.awareness.getStates();
    if (states.size > 0) messages.push(this.encodeAwareness([...states.keys()]));
    return messages;
  }

  encodeAwareness(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients),
    );
    return encoding.toUint8Array(encoder);
  }

  /** Resolves once every queued write is committed (retrying as long as it takes). */
  async flushed(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else if (this.retryTimer) await new Promise((resolve) => setTimeout(resolve, 50));
      else this.scheduleFlush();
    }
  }

  destroy(): void {
    this.destroyed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private scheduleFlush(): void {
    if (this.flushing || this.retryTimer || this.destroyed || this.queue.length === 0) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      this.scheduleFlush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.slice();
    try {
      await this.writes.append(this.name.name, batch);
    } catch (error) {
      this.failures += 1;
      this.lastError = error instanceof Error ? error.message : String(error);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.scheduleFlush();
      }, retryDelayMs(this.failures));
      return;
    }
    this.queue.splice(0, batch.length);
    this.failures = 0;
    this.lastError = null;
    for (const write of batch) {
      this.applying = write.payload;
      if (!this.destroyed) Y.applyUpdate(this.doc, write.payload, write.origin);
      this.applying = null;
      this.pendingLog.updates += 1;
      this.pendingLog.bytes += write.payload.length;
    }
    if (shouldCompact(this.pendingLog, this.limits.compaction)) await this.compact();
  }

  private async compact(): Promise<void> {
    try {
      await this.store.compact(this.name.name, this.clock.now());
      this.pendingLog = { updates: 0, bytes: 0 };
      this.approxBytes = Y.encodeStateAsUpdate(this.doc).length;
    } catch {
      // The log is intact; compaction is retried after the next batch.
    }
  }

  /**
   * Sends a committed (or remote) update to every local client except its author, and out to
   * other instances. The author gets it too when it holds more than the author sent: changes
   * that waited for what the author's update supplied, which nobody had been sent.
   */
  private relay(update: Uint8Array, origin: unknown): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    const authorLacksSome = this.applying !== null && !sameBytes(update, this.applying);
    for (const peer of this.peers) if (peer !== origin || authorLacksSome) peer.send(message);
    if (origin !== FROM_OTHER_INSTANCE) this.fanout?.publishUpdate(this.name.name, update);
  }

  private relayAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = [...added, ...updated, ...removed];
    const message = this.encodeAwareness(changed);
    for (const peer of this.peers) peer.send(message);
    if (origin !== FROM_OTHER_INSTANCE) {
      this.fanout?.publishAwareness(
        this.name.name,
        awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      );
    }
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** Whether two updates hold the same bytes, compared in place (no copy on the relay's path). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.byteLength === b.byteLength &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    )
  );
}
