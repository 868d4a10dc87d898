import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A board's receiver of outgoing webhooks (e.g. the hospital's integration engine). */
@Entity('webhook_endpoint')
export class WebhookEndpoint {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'board_id' })
  boardId!: string;

  @Column('text')
  url!: string;

  /** HMAC key for the signature header; shown once at registration, never returned again. */
  @Column('text')
  secret!: string;

  @Column('text', { default: '' })
  description!: string;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
