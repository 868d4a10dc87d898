import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1795340000000 implements MigrationInterface {
  name = 'CreateAccounts1795340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        display_name text NOT NULL,
        specialty text NOT NULL CHECK (specialty IN (
          'medical_oncology', 'radiation_oncology', 'surgical_oncology', 'pathology', 'radiology',
          'nuclear_medicine', 'genetics', 'palliative_care', 'oncology_nursing', 'pharmacy', 'other')),
        institution text NOT NULL,
        credentials jsonb NOT NULL DEFAULT '{"licences": [], "boardCertifications": []}',
        role text NOT NULL CHECK (role IN ('admin', 'user')),
        status text NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
        password_hash text,
        password_changed_at timestamptz,
        failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        locked_until timestamptz,
        invitation_token_hash text,
        invitation_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'active' OR password_hash IS NOT NULL)
      )`);
    await db.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`);
    await db.query(
      `CREATE UNIQUE INDEX app_user_invitation_key ON app_user (invitation_token_hash) WHERE invitation_token_hash IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        client_ip text,
        user_agent text
      )`);
    await db.query(
      `CREATE INDEX auth_session_user_idx ON auth_session (user_id) WHERE revoked_at IS NULL`,
    );

    await db.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_session (id) ON DELETE CASCADE,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        replaced_by uuid REFERENCES refresh_token (id)
      )`);
    await db.query(`CREATE INDEX refresh_token_session_idx ON refresh_token (session_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE refresh_token`);
    await db.query(`DROP TABLE auth_session`);
    await db.query(`DROP TABLE app_user`);
  }
}
