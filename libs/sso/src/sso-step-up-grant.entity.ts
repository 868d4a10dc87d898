import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A confirmation at the identity provider, for one session and one purpose: short-lived, and
 * taken once by the act it confirms.
 */
@Entity('sso_step_up_grant')
export class SsoStepUpGrant {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'session_id' })
  sessionId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text', { name: 'provider_id' })
  providerId!: string;

  /** The provider's subject that confirmed (the identity linked to the account). */
  @Column('text')
  subject!: string;

  /** What it confirms, e.g. "sign recommendation <id>". */
  @Column('text')
  purpose!: string;

  /** When the person signed in at the provider (the ID token's `auth_time`). */
  @Column('timestamptz', { name: 'authenticated_at' })
  authenticatedAt!: Date;

  @Column('timestamptz', { name: 'granted_at' })
  grantedAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;
}
