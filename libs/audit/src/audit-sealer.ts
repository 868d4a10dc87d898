import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { AuditEventRepository } from './audit-event.repository';
import { GENESIS_HASH, chainRecords } from './domain/hash-chain';

/** The most pending events linked into the chain in one transaction. */
const BATCH = 500;
/** How often an instance looks for pending events nobody sealed (their instance stopped first). */
const SWEEP_MS = 2_000;

/**
 * Links the pending events (written lock-free by the transactions they record) into the hash
 * chain, many at a time: in one transaction it takes the chain's lock, reads the head once,
 * chains the batch in memory, inserts it with one statement and removes it from the pending
 * events. Sealing starts when a transaction with audited events commits on this instance; a
 * sweep picks up what an instance left when it stopped (this one too, after a restart); concurrent sealers, here or on other instances,
 * take turns at the lock, so the chain never forks.
 */
@Injectable()
export class AuditSealer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly auditEvents: AuditEventRepository,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  /** Stops sealing in the background, waits for a batch under way, then seals what is left. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
    await this.running;
    await this.settle().catch((error: unknown) =>
      this.logger.error({ err: error }, 'sealing the pending audit events at shutdown failed'),
    );
  }

  /** Seals soon, in the background: once now, and once more if asked again meanwhile. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'sealing audit events failed; the sweep retries'),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }

  /**
   * Seals every event committed before the call, and answers once they are in the chain:
   * for whoever reads or verifies the chain.
   */
  async settle(): Promise<void> {
    await this.drain();
  }

  private async drain(): Promise<void> {
    while ((await this.sealBatch()) === BATCH);
  }

  private async sweep(): Promise<void> {
    try {
      if (await this.auditEvents.anyPending()) this.request();
    } catch (error) {
      this.logger.warn({ err: error }, 'looking for pending audit events failed');
    }
  }

  /** One batch, in its own transaction; answers how many events it sealed. */
  private sealBatch(): Promise<number> {
    return this.uow.run(async () => {
      await this.auditEvents.lockForAppend();
      const pending = await this.auditEvents.pending(BATCH);
      if (pending.length === 0) return 0;
      const head = await this.auditEvents.head();
      await this.auditEvents.seal(chainRecords(head?.hash ?? GENESIS_HASH, pending));
      return pending.length;
    });
  }
}
