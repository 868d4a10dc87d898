import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log is append-only at the database level: a trigger refuses
 * UPDATE, DELETE and TRUNCATE for every role, including the application's.
 * `prev_hash` is unique, so two rows can never hang off the same predecessor
 * (the chain cannot fork even if the application's lock were bypassed).
 */
export class CreateAuditLog1795340000001 implements MigrationInterface {
  name = 'CreateAuditLog1795340000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_event (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        request_id text,
        client_ip text,
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT audit_event_prev_hash_key UNIQUE (prev_hash),
        CONSTRAINT audit_event_hash_key UNIQUE (hash)
      )`);
    await db.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, seq)`);
    await db.query(
      `CREATE INDEX audit_event_target_idx ON audit_event (target_type, target_id, seq)`,
    );
    await db.query(`CREATE INDEX audit_event_action_idx ON audit_event (action, seq)`);
    await db.query(`CREATE INDEX audit_event_time_idx ON audit_event (occurred_at)`);
    await db.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_event`);
    await db.query(`DROP FUNCTION audit_event_append_only()`);
  }
}
