import { Column, Entity, PrimaryColumn } from 'typeorm';
import { WebhookDeliveryStatus } from '@app/contracts';

/**
 * One event for one endpoint, written in the transaction that caused it (an
 * outbox row) and sent by the dispatcher until it succeeds or runs out of
 * attempts. Times that drive scheduling come from the application's Clock.
 */
@Entity('webhook_delivery')
export class WebhookDelivery {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId!: string;

  @Column('text')
  event!: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('text')
  status!: WebhookDeliveryStatus;

  @Column('integer', { default: 0 })
  attempts!: number;

  /** Due time while pending (or the end of an instance's lease while it is being sent). */
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column('integer', { name: 'last_status_code', nullable: true })
  lastStatusCode!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
