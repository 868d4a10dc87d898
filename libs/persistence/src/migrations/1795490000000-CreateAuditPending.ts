import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audited events are written, in the transaction of the change they record, to
 * `audit_pending_event`, which takes no lock; the audit lib's sealer then moves them into the
 * hash chain (`audit_event`) in batches, one chain-head read and one lock for many events.
 * Rows are inserted and removed (by the sealer), never changed.
 */
export class CreateAuditPending1795490000000 implements MigrationInterface {
  name = 'CreateAuditPending1795490000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_pending_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        request_id text,
        client_ip text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`
      CREATE FUNCTION audit_pending_event_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_pending_event rows are never changed: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER audit_pending_event_no_update BEFORE UPDATE ON audit_pending_event
      FOR EACH ROW EXECUTE FUNCTION audit_pending_event_unchanged()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_pending_event`);
    await db.query(`DROP FUNCTION audit_pending_event_unchanged()`);
  }
}
