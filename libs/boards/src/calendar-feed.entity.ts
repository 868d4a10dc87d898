import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A subscription URL for calendar apps, which cannot log in. The URL carries
 * an unguessable secret (stored hashed); revoking the feed kills the URL.
 * Feeds carry meeting times and titles only, never patient data.
 */
@Entity('calendar_feed')
export class CalendarFeed {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  scope!: 'board' | 'user';

  @Column('uuid', { name: 'board_id', nullable: true })
  boardId!: string | null;

  /** The person the feed belongs to; a board feed shows only while they are a member. */
  @Column('uuid', { name: 'owner_id' })
  ownerId!: string;

  @Column('text', { name: 'secret_hash' })
  secretHash!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
