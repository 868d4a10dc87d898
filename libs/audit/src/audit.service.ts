import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEventView, AuditVerification, Page } from '@app/contracts';
import { Clock, DomainEvent, DomainEventBus, GroupCommit, currentRequestContext } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditEvent } from './audit-event.entity';
import { AuditEventRepository, AuditQuery } from './audit-event.repository';
import { AuditSealer } from './audit-sealer';
import { judgeAgainstCheckpoint } from './domain/checkpoint';
import { AuditRecord, ChainVerifier } from './domain/hash-chain';

const VERIFY_BATCH = 2_000;

@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;
  /** The events of each open transaction, written together just before it commits. */
  private readonly gathering = new WeakMap<EntityManager, AuditRecord[]>();
  /**
   * Events outside any transaction (a note opened, a sign-in refused), written together: those
   * raised while the last were being written go into one statement.
   */
  private readonly standalone = new GroupCommit<AuditRecord, void>(async (_, records) => {
    await this.auditEvents.enqueue(records);
    this.sealer.request();
    return records.map(() => ({ receipt: undefined }));
  });

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly auditEvents: AuditEventRepository,
    private readonly clock: Clock,
    private readonly checkpoints: AuditCheckpoints,
    private readonly sealer: AuditSealer,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.subscribe((event) => this.append(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /**
   * Writes the event in the caller's transaction when there is one, so the event and the change
   * it records commit together: the transaction's events are gathered and written with one
   * statement just before it commits; once it has, the sealer links them into the chain. Without
   * one, the event is written with the others raised meanwhile; the promise settles once written.
   */
  private append(event: DomainEvent): Promise<void> {
    const context = currentRequestContext();
    const record: AuditRecord = {
      occurredAt: this.clock.now(),
      actorId: event.actorId !== undefined ? event.actorId : (context?.actorId ?? null),
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      requestId: context?.requestId ?? null,
      clientIp: context?.clientIp ?? null,
      details: event.details ?? {},
    };
    if (!this.uow.inTransaction) return this.standalone.submit('standalone', record);
    return this.uow.run(async (transaction) => {
      const gathered = this.gathering.get(transaction);
      if (gathered) {
        gathered.push(record);
        return;
      }
      const records = [record];
      this.gathering.set(transaction, records);
      await this.uow.beforeCommit(async () => {
        this.gathering.delete(transaction);
        await this.auditEvents.enqueue(records);
        this.uow.afterCommit(() => this.sealer.request());
      });
    });
  }

  /** A page of the chain, every event committed before the call sealed into it first. */
  async list(query: AuditQuery): Promise<Page<AuditEventView>> {
    await this.sealer.settle();
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [rows, total] = await this.auditEvents.page(query, limit, offset);
    return { items: rows.map(toView), total, limit, offset };
  }

  /**
   * Seals what is pending, then walks the whole chain from the first event and names the first broken link; then checks it
   * still holds what the latest checkpoint saw (the newest events deleted, or one replaced).
   */
  async verify(): Promise<AuditVerification> {
    await this.sealer.settle();
    const latest = await this.checkpoints.latest();
    const checkpoint = latest && { seq: latest.seq, recordedAt: latest.recordedAt };
    const verifier = new ChainVerifier();
    let after = '0';
    let lastSeq: string | null = null;
    let seenByCheckpoint: string | null = null;
    let result: AuditVerification | undefined;
    while (!result) {
      const batch = await this.auditEvents.batchAfter(after, VERIFY_BATCH);
      for (const row of batch) {
        const link = verifier.check(row);
        if (!link.ok) {
          result = {
            ok: false,
            checked: verifier.checked,
            firstBroken: { seq: row.seq, reason: link.reason },
            checkpoint,
          };
          break;
        }
        lastSeq = row.seq;
        if (row.seq === latest?.seq) seenByCheckpoint = row.hash;
      }
      if (!result && batch.length < VERIFY_BATCH) {
        const judged = latest
          ? judgeAgainstCheckpoint(latest, seenByCheckpoint, lastSeq)
          : ({ ok: true } as const);
        result = judged.ok
          ? { ok: true, checked: verifier.checked, checkpoint }
          : {
              ok: false,
              checked: verifier.checked,
              firstBroken: { seq: judged.firstMissingSeq, reason: judged.reason },
              checkpoint,
            };
      }
      if (batch.length > 0) after = batch[batch.length - 1].seq;
    }
    await this.events.publish({
      type: 'domain',
      action: 'audit.verified',
      targetType: 'audit_log',
      targetId: null,
      details: {
        ok: result.ok,
        checked: result.checked,
        firstBrokenSeq: result.firstBroken?.seq ?? null,
      },
    });
    return result;
  }
}

function toView(row: AuditEvent): AuditEventView {
  return {
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    clientIp: row.clientIp,
    details: row.details,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
