import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row of the append-only, hash-chained audit log. */
@Entity('audit_event')
export class AuditEvent {
  /** bigint, kept as a string so it never loses precision in JavaScript. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text')
  action!: string;

  @Column('text', { name: 'target_type' })
  targetType!: string;

  @Column('text', { name: 'target_id', nullable: true })
  targetId!: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;

  @Column('text', { name: 'client_ip', nullable: true })
  clientIp!: string | null;

  @Column('jsonb')
  details!: Record<string, unknown>;

  @Column('char', { name: 'prev_hash', length: 64 })
  prevHash!: string;

  @Column('char', { length: 64 })
  hash!: string;
}
