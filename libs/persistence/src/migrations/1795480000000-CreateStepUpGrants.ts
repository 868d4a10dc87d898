import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Confirmation at the identity provider before an act that carries a person's name (the sso
 * lib's step-up): a sign-in request may be made for a session already open, with the purpose it
 * confirms, and its callback keeps a short-lived confirmation for that session and purpose, taken
 * once by the act.
 */
export class CreateStepUpGrants1795480000000 implements MigrationInterface {
  name = 'CreateStepUpGrants1795480000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE sso_sign_in
        ADD COLUMN step_up_session_id uuid REFERENCES auth_session (id) ON DELETE CASCADE,
        ADD COLUMN step_up_user_id uuid REFERENCES app_user (id) ON DELETE CASCADE,
        ADD COLUMN purpose text CHECK (length(purpose) BETWEEN 1 AND 200),
        ADD CONSTRAINT sso_sign_in_step_up_check CHECK (
          (step_up_session_id IS NULL AND step_up_user_id IS NULL AND purpose IS NULL) OR
          (step_up_session_id IS NOT NULL AND step_up_user_id IS NOT NULL AND purpose IS NOT NULL
            AND session_id IS NULL)
        )`);

    await db.query(`
      CREATE TABLE sso_step_up_grant (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_session (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        provider_id text NOT NULL,
        subject text NOT NULL,
        purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 200),
        authenticated_at timestamptz NOT NULL,
        granted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK (expires_at > granted_at)
      )`);
    await db.query(
      `CREATE INDEX sso_step_up_grant_session_idx ON sso_step_up_grant (session_id, purpose, granted_at DESC)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sso_step_up_grant`);
    await db.query(`
      ALTER TABLE sso_sign_in
        DROP CONSTRAINT sso_sign_in_step_up_check,
        DROP COLUMN purpose,
        DROP COLUMN step_up_user_id,
        DROP COLUMN step_up_session_id`);
  }
}
