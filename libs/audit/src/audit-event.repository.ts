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

/** An event written by its transaction, waiting to be linked into the chain. */
export interface PendingAuditRecord extends AuditRecord {
  id: string;
}

/** The columns of an event as `jsonb_to_recordset` reads them, `position` keeping their order. */
const RECORD_COLUMNS = `position int, occurred_at timestamptz, actor_id uuid, action text, target_type text,
  target_id text, request_id text, client_ip text, details jsonb`;

function recordColumns(record: AuditRecord, position: number): Record<string, unknown> {
  return {
    position,
    occurred_at: record.occurredAt.toISOString(),
    actor_id: record.actorId,
    action: record.action,
    target_type: record.targetType,
    target_id: record.targetId,
    request_id: record.requestId,
    client_ip: record.clientIp,
    details: record.details,
  };
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
   * Makes concurrent sealers (on any instance) take turns reading the chain head until their
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

  /**
   * Writes events to the pending events, in the caller's transaction and in the order given, with
   * one statement: no lock is taken, so audited transactions never wait for one another; the
   * sealer links them into the chain.
   */
  async enqueue(records: AuditRecord[]): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO audit_pending_event (occurred_at, actor_id, action, target_type, target_id, request_id, client_ip, details)
       SELECT e.occurred_at, e.actor_id, e.action, e.target_type, e.target_id, e.request_id, e.client_ip, e.details
         FROM jsonb_to_recordset($1::jsonb) AS e(${RECORD_COLUMNS})
        ORDER BY e.position`,
      [JSON.stringify(records.map(recordColumns))],
    );
  }

  /** Whether any committed event waits to be sealed (a cheap check, without the lock). */
  async anyPending(): Promise<boolean> {
    const rows: unknown[] = await this.uow.manager.query(
      'SELECT 1 FROM audit_pending_event LIMIT 1',
    );
    return rows.length > 0;
  }

  /** Up to `size` pending events, oldest first, with their ids. */
  async pending(size: number): Promise<Array<PendingAuditRecord>> {
    const rows: Array<{
      id: string;
      occurred_at: Date;
      actor_id: string | null;
      action: string;
      target_type: string;
      target_id: string | null;
      request_id: string | null;
      client_ip: string | null;
      details: Record<string, unknown>;
    }> = await this.uow.manager.query(
      `SELECT id::text AS id, occurred_at, actor_id, action, target_type, target_id, request_id, client_ip, details
         FROM audit_pending_event ORDER BY id LIMIT $1`,
      [size],
    );
    return rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at,
      actorId: row.actor_id,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      requestId: row.request_id,
      clientIp: row.client_ip,
      details: row.details,
    }));
  }

  /**
   * Appends linked events to the chain in the order given (their seq follows it) and removes
   * them from the pending events: one statement each, whatever the number of events.
   */
  async seal(
    linked: Array<PendingAuditRecord & { prevHash: string; hash: string }>,
  ): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO audit_event (occurred_at, actor_id, action, target_type, target_id, request_id, client_ip, details, prev_hash, hash)
       SELECT e.occurred_at, e.actor_id, e.action, e.target_type, e.target_id, e.request_id, e.client_ip, e.details, e.prev_hash, e.hash
         FROM jsonb_to_recordset($1::jsonb) AS e(${RECORD_COLUMNS}, prev_hash text, hash text)
        ORDER BY e.position`,
      [
        JSON.stringify(
          linked.map((event, position) => ({
            ...recordColumns(event, position),
            prev_hash: event.prevHash,
            hash: event.hash,
          })),
        ),
      ],
    );
    await this.uow.manager.query('DELETE FROM audit_pending_event WHERE id = ANY($1::bigint[])', [
      linked.map((event) => event.id),
    ]);
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
