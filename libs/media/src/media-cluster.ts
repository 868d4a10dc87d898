import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DomainError } from '@app/core';
import { MediaCall } from './media-call';
import { MediaUnavailable } from './worker-pool';
import { redisReady } from '@app/persistence';

/** How long a forwarded call may take before the caller says the video server did not answer. */
const CALL_TIMEOUT_MS = 5_000;

const ownerKey = (meetingId: string) => `tb:media:owner:${meetingId}`;
const instanceKey = (instanceId: string) => `tb:media:instance:${instanceId}`;
const callChannel = (instanceId: string) => `tb:media:calls:${instanceId}`;
const replyChannel = (instanceId: string) => `tb:media:replies:${instanceId}`;

/** The owner, or this instance when no one holds the lease (it takes it). */
const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]`;

/** 1 while the lease is this instance's (taken again if it lapsed and no one took it), 0 once another holds it. */
const RENEW = `
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

/** An error the owning instance answered with, raised again on the caller's side as it was. */
export class ForwardedMediaError extends DomainError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface CallMessage {
  id: string;
  from: string;
  call: MediaCall;
}

type ReplyMessage =
  | { id: string; ok: true; result: unknown }
  | { id: string; ok: false; error: { status: number; code: string; message: string } };

/**
 * Where each meeting's media room lives when several instances serve the
 * meetings. One instance owns a meeting's room: its ownership is a lease in
 * Redis (`tb:media:owner:<meeting>`), taken by the first instance a member
 * joins the video through, renewed while the room is open, released when it
 * empties, and taken over by whoever asks next once it lapses (the owner
 * died). Other instances forward their sockets' signalling to the owner over
 * Redis pub/sub (one channel per instance) and raise its answer, error
 * included, as if it were theirs. Each instance also keeps a heartbeat key so
 * an owner can drop the peers of an instance that died.
 */
export class MediaCluster {
  readonly instanceId = randomUUID();
  private readonly logger = new Logger('media-cluster');
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly pending = new Map<
    string,
    { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  private handler: (call: MediaCall, from: string) => Promise<unknown> = async () => {
    throw new MediaUnavailable();
  };

  constructor(
    url: string,
    readonly leaseMs: number,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url);
    this.redis.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === callChannel(this.instanceId)) void this.answer(message);
      else if (channel === replyChannel(this.instanceId)) this.settle(message);
    });
  }

  /** Listens for calls and replies, and says this instance is alive. */
  async start(handler: (call: MediaCall, from: string) => Promise<unknown>): Promise<void> {
    this.handler = handler;
    await redisReady(this.subscriber);
    await this.subscriber.subscribe(callChannel(this.instanceId), replyChannel(this.instanceId));
    await this.heartbeat();
  }

  async stop(): Promise<void> {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new MediaUnavailable());
    }
    this.pending.clear();
    await this.redis.del(instanceKey(this.instanceId)).catch(() => undefined);
    await Promise.allSettled([this.redis.quit(), this.subscriber.quit()]);
  }

  async heartbeat(): Promise<void> {
    await this.redis.set(instanceKey(this.instanceId), '1', 'PX', this.leaseMs);
  }

  /** The instances among `instanceIds` whose heartbeat has lapsed. */
  async deadAmong(instanceIds: string[]): Promise<string[]> {
    if (instanceIds.length === 0) return [];
    const beats = await this.redis.mget(instanceIds.map(instanceKey));
    return instanceIds.filter((_, index) => beats[index] === null);
  }

  /** The meeting's owner; this instance becomes it when no one is. */
  async claim(meetingId: string): Promise<string> {
    return (await this.redis.eval(
      CLAIM,
      1,
      ownerKey(meetingId),
      this.instanceId,
      this.leaseMs,
    )) as string;
  }

  /** The current owners of the meetings (null: no one), without claiming. */
  async owners(meetingIds: string[]): Promise<Array<string | null>> {
    if (meetingIds.length === 0) return [];
    return this.redis.mget(meetingIds.map(ownerKey));
  }

  /** Renews this instance's leases; answers the meetings another instance has taken over. */
  async renew(meetingIds: string[]): Promise<string[]> {
    const pipeline = this.redis.pipeline();
    for (const meetingId of meetingIds)
      pipeline.eval(RENEW, 1, ownerKey(meetingId), this.instanceId, this.leaseMs);
    const results = (await pipeline.exec()) ?? [];
    return meetingIds.filter((_, index) => {
      const [error, kept] = results[index] ?? [null, 1];
      return error === null && kept === 0;
    });
  }

  async release(meetingId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, ownerKey(meetingId), this.instanceId);
  }

  /** Runs `call` on the owning instance and answers what it answered (its error raised here). */
  async call(instanceId: string, call: MediaCall): Promise<unknown> {
    const id = randomUUID();
    const answered = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MediaUnavailable('the meeting’s video server did not answer; try again'));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
    });
    const message: CallMessage = { id, from: this.instanceId, call };
    const receivers = await this.redis
      .publish(callChannel(instanceId), JSON.stringify(message))
      .catch(() => 0);
    if (receivers === 0) this.settleWith(id, { id, ok: false, error: unreachable });
    return answered;
  }

  private async answer(raw: string): Promise<void> {
    const message = parsed<CallMessage>(raw, isCallMessage);
    if (!message) return;
    let reply: ReplyMessage;
    try {
      reply = { id: message.id, ok: true, result: await this.handler(message.call, message.from) };
    } catch (error) {
      if (!(error instanceof DomainError))
        this.logger.error({ err: error, op: message.call.op }, 'a forwarded media call failed');
      reply = {
        id: message.id,
        ok: false,
        error:
          error instanceof DomainError
            ? { status: error.status, code: error.code, message: error.message }
            : { status: 500, code: 'internal', message: 'internal error' },
      };
    }
    await this.redis
      .publish(replyChannel(message.from), JSON.stringify(reply))
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'answering a forwarded media call failed'),
      );
  }

  private settle(raw: string): void {
    const reply = parsed<ReplyMessage>(raw, isReplyMessage);
    if (reply) this.settleWith(reply.id, reply);
  }

  private settleWith(id: string, reply: ReplyMessage): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (reply.ok) pending.resolve(reply.result);
    else
      pending.reject(
        new ForwardedMediaError(reply.error.status, reply.error.code, reply.error.message),
      );
  }
}

const unreachable = {
  status: 503,
  code: 'media_unavailable',
  message: 'the meeting’s video server is not reachable; try again',
};

/** A message from the channel if it is JSON of the expected shape; anything else is dropped. */
function parsed<T>(raw: string, accept: (value: Record<string, unknown>) => boolean): T | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && accept(value as Record<string, unknown>)
      ? (value as T)
      : null;
  } catch {
    return null;
  }
}

const isCallMessage = (value: Record<string, unknown>) =>
  typeof value.id === 'string' &&
  typeof value.from === 'string' &&
  typeof value.call === 'object' &&
  value.call !== null &&
  typeof (value.call as { op?: unknown }).op === 'string' &&
  typeof (value.call as { meetingId?: unknown }).meetingId === 'string';

const isReplyMessage = (value: Record<string, unknown>) =>
  typeof value.id === 'string' &&
  (value.ok === true ||
    (value.ok === false && typeof value.error === 'object' && value.error !== null));
