import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DomainEvent, EventRelay } from '@app/core';
import { redisReady } from '@app/persistence';

const CHANNEL = 'tumor-board:domain-events';

/**
 * Carries the committed domain events that every instance must see (those
 * published with `everyInstance`, e.g. `auth.session_ended`) to the other
 * instances over Redis pub/sub, like the shared notes' fan-out: one channel,
 * each message `{ from, event }` as JSON, an instance ignoring its own. Other
 * instances deliver them to their committed subscribers only, so nothing is
 * audited twice. Pub/sub is at-most-once: an instance that misses a message
 * (Redis down at that moment) still closes the session's connections at
 * their deadline, and refuses them at any reconnection.
 */
export class RedisEventRelay implements EventRelay<DomainEvent>, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('event-relay');
  private readonly instanceId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private deliver: (event: DomainEvent) => void = () => undefined;

  constructor(url: string) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url);
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === CHANNEL) this.receive(message);
    });
  }

  /** Subscribed before the application serves anything, so no event committed elsewhere is missed from then on. */
  async onModuleInit(): Promise<void> {
    await redisReady(this.subscriber);
    await this.subscriber.subscribe(CHANNEL);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }

  onReceive(deliver: (event: DomainEvent) => void): void {
    this.deliver = deliver;
  }

  send(event: DomainEvent): void {
    this.publisher
      .publish(CHANNEL, JSON.stringify({ from: this.instanceId, event }))
      .catch((error: unknown) =>
        this.logger.error({ err: error, action: event.action }, 'relaying an event failed'),
      );
  }

  private receive(message: string): void {
    let parsed: { from?: unknown; event?: DomainEvent };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.from === this.instanceId || parsed.event?.type !== 'domain') return;
    this.deliver(parsed.event);
  }
}
