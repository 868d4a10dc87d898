import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One sign-in through a provider: the authorization request's secrets until its callback
 * consumes them (once), then the session it opened and the ID token its logout presents. A
 * step-up is a sign-in for a session already open: it names that session, its account and the
 * purpose it confirms, and opens no session.
 */
@Entity('sso_sign_in')
export class SsoSignIn {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'provider_id' })
  providerId!: string;

  /** SHA-256 of the `state` parameter (the browser holds the state itself, in a cookie). */
  @Column('text', { name: 'state_hash' })
  stateHash!: string;

  /** Cleared once consumed. */
  @Column('text', { nullable: true })
  nonce!: string | null;

  /** The PKCE verifier; cleared once consumed. */
  @Column('text', { name: 'code_verifier', nullable: true })
  codeVerifier!: string | null;

  /** The path of this site the user goes to once signed in. */
  @Column('text', { name: 'return_to' })
  returnTo!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'consumed_at', nullable: true })
  consumedAt!: Date | null;

  @Column('uuid', { name: 'session_id', nullable: true })
  sessionId!: string | null;

  /** Kept for RP-initiated logout (`id_token_hint`) while the session may still sign out. */
  @Column('text', { name: 'id_token', nullable: true })
  idToken!: string | null;

  /** For a step-up: the open session it confirms (null for a sign-in). */
  @Column('uuid', { name: 'step_up_session_id', nullable: true })
  stepUpSessionId!: string | null;

  /** For a step-up: the account of that session. */
  @Column('uuid', { name: 'step_up_user_id', nullable: true })
  stepUpUserId!: string | null;

  /** For a step-up: what it confirms, e.g. "sign recommendation <id>". */
  @Column('text', { nullable: true })
  purpose!: string | null;
}
