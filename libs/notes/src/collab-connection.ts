import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { COLLAB_CLOSE } from '@app/contracts';
import {
  CollabDocument,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  Peer,
} from './collab-document';
import { updateRefusal } from './domain';

const EMPTY_UPDATE_LENGTH = 2;

/**
 * One client's WebSocket on one document: decodes the y-websocket protocol
 * with y-protocols and lib0, lets a writer's updates into the document's
 * persistence queue, and drops a reader's updates without applying or relaying
 * them. Anything malformed closes this connection only.
 */
export class CollabConnection implements Peer {
  private readonly awarenessClients = new Set<number>();
  private readonly onAwareness = (
    { added, removed }: { added: number[]; removed: number[] },
    origin: unknown,
  ) => {
    if (origin !== this) return;
    for (const id of added) this.awarenessClients.add(id);
    for (const id of removed) this.awarenessClients.delete(id);
  };

  constructor(
    private readonly socket: WebSocket,
    private readonly document: CollabDocument,
    private readonly actorId: string,
    readonly canWrite: boolean,
  ) {}

  open(): void {
    this.document.peers.add(this);
    this.document.awareness.on('update', this.onAwareness);
    for (const message of this.document.greeting()) this.send(message);
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(message, { binary: true });
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** Leaves the document: this client's awareness states go with it. */
  detach(): void {
    this.document.peers.delete(this);
    this.document.awareness.off('update', this.onAwareness);
    if (this.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(
        this.document.awareness,
        [...this.awarenessClients],
        null,
      );
    }
  }

  receive(data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC:
          this.receiveSync(decoder);
          break;
        case MESSAGE_AWARENESS:
          awarenessProtocol.applyAwarenessUpdate(
            this.document.awareness,
            decoding.readVarUint8Array(decoder),
            this,
          );
          break;
        case MESSAGE_QUERY_AWARENESS:
          this.send(this.document.encodeAwareness([...this.document.awareness.getStates().keys()]));
          break;
        case MESSAGE_AUTH:
          break;
        default:
          this.close(COLLAB_CLOSE.unsupported, `unknown message type ${type}`);
      }
    } catch {
      this.close(COLLAB_CLOSE.malformed, 'malformed message');
    }
  }

  private receiveSync(decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.readSyncStep1(decoder, encoder, this.document.doc);
      this.send(encoding.toUint8Array(encoder));
      return;
    }
    if (
      syncType !== syncProtocol.messageYjsSyncStep2 &&
      syncType !== syncProtocol.messageYjsUpdate
    ) {
      this.close(COLLAB_CLOSE.unsupported, `unknown sync message ${syncType}`);
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    if (!this.canWrite || isEmptyUpdate(update)) return;
    const refusal = updateRefusal(update);
    if (refusal !== null) {
      this.close(COLLAB_CLOSE.malformed, refusal);
      return;
    }
    if (this.document.exceedsLimit(update)) {
      this.close(COLLAB_CLOSE.documentTooLarge, 'document size limit reached');
      return;
    }
    this.document.submit(update, this.actorId, this);
  }
}

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === EMPTY_UPDATE_LENGTH && update[0] === 0 && update[1] === 0;
}
