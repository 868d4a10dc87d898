import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on over OpenID Connect (the sso lib): the provider identities linked to accounts,
 * and each sign-in through a provider, from its authorization request (state, nonce, PKCE
 * verifier, kept here rather than in the browser) to the session it opened (with the ID token
 * its RP-initiated logout presents). An account signed in only through a provider has no
 * password, so an active account no longer needs one.
 */
export class CreateSingleSignOn1795470000000 implements MigrationInterface {
  name = 'CreateSingleSignOn1795470000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE external_identity (
        provider_id text NOT NULL CHECK (provider_id ~ '^[a-z][a-z0-9-]{0,30}$'),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        email text,
        linked_at timestamptz NOT NULL,
        last_sign_in_at timestamptz NOT NULL,
        PRIMARY KEY (provider_id, subject),
        UNIQUE (user_id, provider_id)
      )`);

    await db.query(`
      CREATE TABLE sso_sign_in (
        id uuid PRIMARY KEY,
        provider_id text NOT NULL,
        state_hash text NOT NULL UNIQUE,
        nonce text,
        code_verifier text,
        return_to text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz,
        session_id uuid REFERENCES auth_session (id) ON DELETE CASCADE,
        id_token text,
        CHECK (consumed_at IS NOT NULL OR (nonce IS NOT NULL AND code_verifier IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX sso_sign_in_session_idx ON sso_sign_in (session_id) WHERE session_id IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX sso_sign_in_unfinished_idx ON sso_sign_in (expires_at) WHERE session_id IS NULL`,
    );

    await db.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_check`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE app_user ADD CONSTRAINT app_user_check CHECK (status <> 'active' OR password_hash IS NOT NULL)`,
    );
    await db.query(`DROP TABLE sso_sign_in`);
    await db.query(`DROP TABLE external_identity`);
  }
}
