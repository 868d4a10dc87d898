import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Fanout } from './collab-document';
import { redisReady } from '@app/persistence';

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
const INSTANCE_ID_BYTES = 16;

export type RemoteHandler = (kind: 'update' | 'awareness', payload: Uint8Array) => void;

/**
 * Carries persisted updates and awareness between instances over Redis
 * pub/sub, one channel per document. A message is
 * `<16-byte instance id><kind byte><payload>`; an instance ignores its own.
 * Only the instance that received an update from its client persists it;
 * the others just apply and relay it.
 */
export class RedisFanout implements Fanout {
  private readonly instanceId = randomBytes(INSTANCE_ID_BYTES);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, RemoteHandler>();

  constructor(url: string) {
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { lazyConnect: false });
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    );
  }

  publishUpdate(document: string, update: Uint8Array): void {
    this.publish(document, KIND_UPDATE, update);
  }

  publishAwareness(document: string, update: Uint8Array): void {
    this.publish(document, KIND_AWARENESS, update);
  }

  /**
   * Starts receiving a document's messages; the returned function stops it,
   * unless a newer subscription for the same document has replaced this one
   * (a document reloaded while its previous copy was being unloaded).
   */
  async subscribe(document: string, handler: RemoteHandler): Promise<() => Promise<void>> {
    const channel = channelOf(document);
    this.handlers.set(channel, handler);
    await redisReady(this.subscriber);
    await this.subscriber.subscribe(channel);
    return async () => {
      if (this.handlers.get(channel) !== handler) return;
      this.handlers.delete(channel);
      await this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }

  private publish(document: string, kind: number, payload: Uint8Array): void {
    const message = Buffer.concat([this.instanceId, Buffer.from([kind]), payload]);
    this.publisher.publish(channelOf(document), message).catch(() => undefined);
  }

  private receive(channel: string, message: Buffer): void {
    if (message.length <= INSTANCE_ID_BYTES) return;
    if (message.subarray(0, INSTANCE_ID_BYTES).equals(this.instanceId)) return;
    const handler = this.handlers.get(channel);
    if (!handler) return;
    const kind = message[INSTANCE_ID_BYTES];
    const payload = new Uint8Array(message.subarray(INSTANCE_ID_BYTES + 1));
    if (kind === KIND_UPDATE) handler('update', payload);
    else if (kind === KIND_AWARENESS) handler('awareness', payload);
  }
}

function channelOf(document: string): string {
  return `tumor-board:notes:${document}`;
}
