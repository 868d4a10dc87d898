import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AuditEventView, AuditVerification, Page } from '@app/contracts';
import { Clock, DomainEvent, DomainEventBus, currentRequestContext } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AuditEvent } from './audit-event.entity';
import { ChainVerifier, GENESIS_HASH, hashAuditRecord } from './domain/hash-chain';

/** Key of the transaction-scoped advisory lock that serialises appends. */
const AUDIT_APPEND_LOCK = 7_361_001;
const VERIFY_BATCH = 2_000;

export interface AuditQuery {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.subscribe((event) => this.append(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /**
   * Appends inside the caller's transaction when there is one, so the event
   * and the change it records commit together. The advisory lock makes
   * concurrent writers (on any instance) take turns reading the chain head,
   * and the unique prev_hash constraint backs that up in the schema.
   */
  private append(event: DomainEvent): Promise<void> {
    const context = currentRequestContext();
    return this.uow.run(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
      const head: Array<{ hash: string }> = await db.query(
        'SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1',
      );
      const prevHash = head[0]?.hash ?? GENESIS_HASH;
      const record = {
        occurredAt: this.clock.now(),
        actorId: event.actorId !== undefined ? event.actorId : (context?.actorId ?? null),
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        requestId: context?.requestId ?? null,
        clientIp: context?.clientIp ?? null,
        details: event.details ?? {},
      };
      await db.query(
        `INSERT INTO audit_event (occurred_at, actor_id, action, target_type, target_id, request_id, client_ip, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          record.occurredAt,
          record.actorId,
          record.action,
          record.targetType,
          record.targetId,
          record.requestId,
          record.clientIp,
          JSON.stringify(record.details),
          prevHash,
          hashAuditRecord(prevHash, record),
        ],
      );
    });
  }

  async list(query: AuditQuery): Promise<Page<AuditEventView>> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const qb = this.uow.manager.getRepository(AuditEvent).createQueryBuilder('e');
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.targetType)
      qb.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('e.target_id = :targetId', { targetId: query.targetId });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: query.to });
    const [rows, total] = await qb
      .orderBy('e.seq', 'DESC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
    return { items: rows.map(toView), total, limit, offset };
  }

  /** Walks the whole chain from the first event and names the first broken link. */
  async verify(): Promise<AuditVerification> {
    const verifier = new ChainVerifier();
    let after = '0';
    let result: AuditVerification | undefined;
    while (!result) {
      const batch = await this.uow.manager
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .where('e.seq > :after', { after })
        .orderBy('e.seq', 'ASC')
        .take(VERIFY_BATCH)
        .getMany();
      for (const row of batch) {
        const link = verifier.check(row);
        if (!link.ok) {
          result = {
            ok: false,
            checked: verifier.checked,
            firstBroken: { seq: row.seq, reason: link.reason },
          };
          break;
        }
      }
      if (!result && batch.length < VERIFY_BATCH) result = { ok: true, checked: verifier.checked };
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
