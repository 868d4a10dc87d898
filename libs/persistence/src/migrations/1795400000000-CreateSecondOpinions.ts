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
      CREATE TABLE second_opinion_reviewer (
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        user_id uuid NOT NULL REFERENCES app_user (id),
        assigned_by uuid NOT NULL REFERENCES app_user (id),
        assigned_at timestamptz NOT NULL,
        attestation text CHECK (attestation IN ('no_conflict', 'conflict_declared')),
        attested_at timestamptz,
        PRIMARY KEY (request_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE second_opinion_assessment (
        request_id uuid NOT NULL,
        reviewer_id uuid NOT NULL,
        assessment jsonb NOT NULL,
        submitted_at timestamptz NOT NULL,
        concordance text CHECK (concordance IN ('confirmed', 'clarified', 'diagnosis_changed', 'treatment_changed')),
        concordance_rationale text,
        classified_at timestamptz,
        PRIMARY KEY (request_id, reviewer_id),
        FOREIGN KEY (request_id, reviewer_id) REFERENCES second_opinion_reviewer (request_id, user_id)
      )`);
    await db.query(`
      CREATE FUNCTION second_opinion_assessment_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.assessment IS DISTINCT FROM OLD.assessment
           OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
           OR (OLD.concordance IS NOT NULL AND NEW.concordance IS DISTINCT FROM OLD.concordance) THEN
          RAISE EXCEPTION 'a submitted assessment and its concordance class never change'
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER second_opinion_assessment_frozen BEFORE UPDATE OR DELETE ON second_opinion_assessment
      FOR EACH ROW EXECUTE FUNCTION second_opinion_assessment_frozen()`);
    await db.query(`
      CREATE TRIGGER second_opinion_event_append_only BEFORE UPDATE OR DELETE ON second_opinion_event
      FOR EACH ROW EXECUTE FUNCTION voting_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE second_opinion_assessment`);
    await db.query(`DROP FUNCTION second_opinion_assessment_frozen()`);
    await db.query(`DROP TABLE second_opinion_reviewer`);
    await db.query(`DROP TABLE second_opinion_record`);
    await db.query(`DROP TABLE second_opinion_upload_link`);
    await db.query(`DROP TABLE second_opinion_event`);
    await db.query(`DROP TABLE second_opinion_request`);
  }
}
