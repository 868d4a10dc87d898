import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared notes: a compacted snapshot per document plus the append-only log of
 * updates since (who wrote each one is kept), and frozen, hashed snapshots.
 */
export class CreateNotes1795360000000 implements MigrationInterface {
  name = 'CreateNotes1795360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE note_document (
        name text PRIMARY KEY CHECK (name ~ '^(cases|meetings)/[0-9a-f-]{36}$'),
        snapshot bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        compacted_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE note_update (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document text NOT NULL REFERENCES note_document (name) ON DELETE CASCADE,
        payload bytea NOT NULL,
        actor_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX note_update_document_idx ON note_update (document, id)`);
    await db.query(`
      CREATE TABLE note_snapshot (
        id uuid PRIMARY KEY,
        document text NOT NULL REFERENCES note_document (name),
        state bytea NOT NULL,
        markdown text NOT NULL,
        content_hash char(64) NOT NULL,
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX note_snapshot_document_idx ON note_snapshot (document, created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE note_snapshot`);
    await db.query(`DROP TABLE note_update`);
    await db.query(`DROP TABLE note_document`);
  }
}
