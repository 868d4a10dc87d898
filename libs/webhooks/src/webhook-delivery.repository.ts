import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { WebhookDelivery } from './webhook-delivery.entity';

/** A delivery claimed for an attempt, with what sending it needs of its endpoint. */
export interface DeliveryClaim {
  id: string;
  event: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** This attempt's number, counted when it was claimed. */
  attempts: number;
  url: string;
  secret: string;
}

/** The deliveries to queue for one event: one per endpoint, with their ids. */
export interface NewDeliveries {
  ids: string[];
  endpointIds: string[];
  event: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

/** A failed attempt: the delivery stays pending until `nextAttemptAt`, or has failed for good (null). */
export interface FailedAttempt {
  nextAttemptAt: Date | null;
  statusCode: number | null;
  error: string;
}

/**
 * Webhook deliveries (webhook_delivery), an outbox: the one place they are read and written.
 * Every instant that schedules them comes from the caller (its Clock). Inside a transaction it
 * joins it, so the locks taken here hold until it ends.
 */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Pending deliveries, created and due at `at`. */
  async insertPending(deliveries: NewDeliveries, at: Date): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO webhook_delivery
         (id, endpoint_id, event, subject_id, payload, status, attempts, next_attempt_at, created_at)
       SELECT u.id, u.endpoint_id, $3, $4, $5::jsonb, 'pending', 0, $6, $6
         FROM unnest($1::uuid[], $2::uuid[]) AS u (id, endpoint_id)`,
      [
        deliveries.ids,
        deliveries.endpointIds,
        deliveries.event,
        deliveries.subjectId,
        JSON.stringify(deliveries.payload),
        at,
      ],
    );
  }

  /** Marks the endpoint's pending deliveries failed (it was deactivated); returns how many. */
  async cancelPending(endpointId: string): Promise<number> {
    const cancelled = await this.uow.manager
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({ status: 'failed', nextAttemptAt: null, lastError: 'endpoint deactivated' })
      .where('endpoint_id = :id AND status = :pending', { id: endpointId, pending: 'pending' })
      .execute();
    return cancelled.affected ?? 0;
  }

  /** Deliveries still to be sent or retried. */
  async pendingCount(): Promise<number> {
    const [row]: Array<{ count: string }> = await this.uow.manager.query(
      `SELECT count(*) AS count FROM webhook_delivery WHERE status = 'pending'`,
    );
    return Number(row.count);
  }

  /** The endpoint's delivery log, newest first. */
  ofEndpoint(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    return this.uow.manager.getRepository(WebhookDelivery).find({
      where: { endpointId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
  }

  /**
   * Fails the deliveries due at `now` that may not be attempted again: leases that ran out on the
   * last allowed attempt (the sender stopped before recording an outcome), and leftovers of
   * deactivated endpoints.
   */
  async failAbandoned(maxAttempts: number, now: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE webhook_delivery d
          SET status = 'failed',
              next_attempt_at = NULL,
              last_error = CASE WHEN e.active
                THEN 'no outcome recorded for the last attempt (the sending instance stopped)'
                ELSE 'endpoint deactivated' END
         FROM webhook_endpoint e
        WHERE e.id = d.endpoint_id
          AND d.status = 'pending'
          AND d.next_attempt_at <= $2
          AND (d.attempts >= $1 OR NOT e.active)`,
      [maxAttempts, now],
    );
  }

  /**
   * Claims up to `limit` deliveries due at `now` (those another instance is claiming are
   * skipped): each attempt is counted, stamped `now`, and leased until `leaseUntil`.
   */
  async claimDue(
    maxAttempts: number,
    limit: number,
    now: Date,
    leaseUntil: Date,
  ): Promise<DeliveryClaim[]> {
    const [claims]: [DeliveryClaim[], number] = await this.uow.manager.query(
      `WITH due AS (
         SELECT d.id
           FROM webhook_delivery d
           JOIN webhook_endpoint e ON e.id = d.endpoint_id AND e.active
          WHERE d.status = 'pending' AND d.next_attempt_at <= $3 AND d.attempts < $1
          ORDER BY d.next_attempt_at
          LIMIT $2
          FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_delivery d
          SET attempts = d.attempts + 1,
              last_attempt_at = $3,
              next_attempt_at = $4
         FROM due, webhook_endpoint e
        WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.id, d.event, d.payload, d.created_at AS "createdAt", d.attempts, e.url, e.secret`,
      [maxAttempts, limit, now, leaseUntil],
    );
    return claims;
  }

  /** The attempt succeeded at `at`; written only while the lease is still this attempt's. */
  async markDelivered(claim: DeliveryClaim, statusCode: number, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE webhook_delivery
          SET status = 'delivered', delivered_at = $4, next_attempt_at = NULL,
              last_status_code = $3, last_error = NULL
        WHERE id = $1 AND status = 'pending' AND attempts = $2`,
      [claim.id, claim.attempts, statusCode, at],
    );
  }

  /** The attempt failed; written only while the lease is still this attempt's. */
  async recordFailure(claim: DeliveryClaim, failure: FailedAttempt): Promise<void> {
    await this.uow.manager.query(
      `UPDATE webhook_delivery
          SET status = $3, next_attempt_at = $4, last_status_code = $5, last_error = $6
        WHERE id = $1 AND status = 'pending' AND attempts = $2`,
      [
        claim.id,
        claim.attempts,
        failure.nextAttemptAt === null ? 'failed' : 'pending',
        failure.nextAttemptAt,
        failure.statusCode,
        failure.error,
      ],
    );
  }
}
