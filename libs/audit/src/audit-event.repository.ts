import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { AuditEvent } from './audit-event.entity';
import { AuditRecord } from './domain/hash-chain';

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

/** Key of the transaction-scoped advisory lock that serialises appends. */
const AUDIT_APPEND_LOCK = 7_361_001;

/**
 * Where the hash-chained audit log (`audit_event`) is stored: appended to, never changed.
 * Inside a transaction every method joins it (`uow.manager`).
 */
@Injectable()
export class AuditEventRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Makes concurrent writers (on any instance) take turns reading the chain head until their
   * transaction ends; the unique prev_hash constraint backs that up in the schema.
   */
  async lockForAppend(): Promise<void> {
    await this.uow.manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  }

  /** The last event's place and hash in this database's log, or null for an empty log. */
  async head(): Promise<{ database: string; seq: string; hash: string } | null> {
    const head: Array<{ database: string; seq: string; hash: string }> =
      await this.uow.manager.query(
        // Ordered by the bigint column, not by the text alias of the same name.
        `SELECT current_database() AS database, e.seq::text AS seq, e.hash
           FROM audit_event e ORDER BY e.seq DESC LIMIT 1`,
      );
    return head[0] ?? null;
  }

  /** The name of the database the log lives in. */
  async databaseName(): Promise<string> {
    const [row]: Array<{ name: string }> = await this.uow.manager.query(
      'SELECT current_database() AS name',
    );
    return row.name;
  }

  /** The hash of the last event, or null for an empty log. */
  async headHash(): Promise<string | null> {
    const head: Array<{ hash: string }> = await this.uow.manager.query(
      'SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1',
    );
    return head[0]?.hash ?? null;
  }

  async append(record: AuditRecord, prevHash: string, hash: string): Promise<void> {
    await this.uow.manager.query(
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
        hash,
      ],
    );
  }

  /** One page of the events matching the query, newest first, with how many match in all. */
  async page(query: AuditQuery, limit: number, offset: number): Promise<[AuditEvent[], number]> {
    const qb = this.uow.manager.getRepository(AuditEvent).createQueryBuilder('e');
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.targetType)
      qb.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('e.target_id = :targetId', { targetId: query.targetId });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: query.to });
    return qb.orderBy('e.seq', 'DESC').take(limit).skip(offset).getManyAndCount();
  }

  /** Up to `size` events after `seq`, in chain order. */
  async batchAfter(seq: string, size: number): Promise<AuditEvent[]> {
    return this.uow.manager
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after: seq })
      .orderBy('e.seq', 'ASC')
      .take(size)
      .getMany();
  }
}
