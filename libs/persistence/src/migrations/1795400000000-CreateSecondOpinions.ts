import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second-opinion requests taken in by a board's program, and their timeline
 * (append-only: the turnaround clock and its pauses are computed from it).
 */
export class CreateSecondOpinions1795400000000 implements MigrationInterface {
  name = 'CreateSecondOpinions1795400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE second_opinion_request (
        id uuid PRIMARY KEY,
        board_id uuid NOT NULL REFERENCES board (id),
        type text NOT NULL CHECK (type IN ('diagnosis_review', 'treatment_plan', 'pathology_review', 'imaging_review')),
        priority text NOT NULL CHECK (priority IN ('routine', 'urgent')),
        status text NOT NULL,
        patient_ref text NOT NULL,
        patient_birth_year integer NOT NULL,
        patient_sex text NOT NULL,
        preferred_language text NOT NULL,
        country text NOT NULL,
        timezone text NOT NULL,
        question text NOT NULL,
        referrer jsonb NOT NULL,
        first_opinion jsonb NOT NULL,
        consent jsonb NOT NULL,
        payer jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        created_by uuid NOT NULL REFERENCES app_user (id),
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(
      `CREATE INDEX second_opinion_request_board_idx ON second_opinion_request (board_id, received_at)`,
    );
    await db.query(`
      CREATE TABLE second_opinion_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor_id uuid REFERENCES app_user (id),
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(
      `CREATE INDEX second_opinion_event_request_idx ON second_opinion_event (request_id, id)`,
    );
    await db.query(`
      CREATE TABLE second_opinion_upload_link (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        kind text NOT NULL,
        token_sha256 text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE second_opinion_record (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        kind text NOT NULL,
        title text NOT NULL,
        file_key text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 text NOT NULL,
        upload_link_id uuid REFERENCES second_opinion_upload_link (id),
        received_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TRIGGER second_opinion_event_append_only BEFORE UPDATE OR DELETE ON second_opinion_event
      FOR EACH ROW EXECUTE FUNCTION voting_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE second_opinion_record`);
    await db.query(`DROP TABLE second_opinion_upload_link`);
    await db.query(`DROP TABLE second_opinion_event`);
    await db.query(`DROP TABLE second_opinion_request`);
  }
}
