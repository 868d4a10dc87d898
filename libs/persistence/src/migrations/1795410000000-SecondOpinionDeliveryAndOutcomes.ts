import { MigrationInterface, QueryRunner } from 'typeorm';

const ADHERENCE = `'implemented_fully', 'implemented_partly', 'not_implemented'`;
const DEVIATION = `'patient_preference', 'comorbidity', 'progression', 'recommendation_not_documented', 'recommendation_not_received', 'other'`;

/**
 * The second opinion's end of the loop: the panel's case (for its
 * asynchronous vote), the written opinion in versions, the referrer's
 * follow-up questions answered as addenda, the referrer's access link, the
 * follow-up consultation; and outcome follow-ups of every published board
 * recommendation or delivered second opinion.
 */
export class SecondOpinionDeliveryAndOutcomes1795410000000 implements MigrationInterface {
  name = 'SecondOpinionDeliveryAndOutcomes1795410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE second_opinion_request
        ADD COLUMN case_id uuid UNIQUE REFERENCES clinical_case (id),
        ADD COLUMN follow_up_questions_allowed integer NOT NULL DEFAULT 2
          CHECK (follow_up_questions_allowed BETWEEN 0 AND 20),
        ADD CONSTRAINT second_opinion_request_status_check
          CHECK (status IN ('awaiting_records', 'records_complete', 'opinion_delivered', 'consent_withdrawn'))`);
    await db.query(`
      CREATE TABLE second_opinion_opinion (
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        version integer NOT NULL CHECK (version >= 1),
        content jsonb NOT NULL,
        content_sha256 text NOT NULL,
        clinical_pdf bytea NOT NULL,
        patient_summary_pdf bytea NOT NULL,
        revision_reason text,
        issued_by uuid NOT NULL REFERENCES app_user (id),
        issued_at timestamptz NOT NULL,
        PRIMARY KEY (request_id, version),
        CHECK ((version = 1) = (revision_reason IS NULL))
      )`);
    await db.query(`
      CREATE TRIGGER second_opinion_opinion_append_only BEFORE UPDATE OR DELETE ON second_opinion_opinion
      FOR EACH ROW EXECUTE FUNCTION voting_append_only()`);
    await db.query(`
      CREATE TABLE second_opinion_question (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        number integer NOT NULL CHECK (number >= 1),
        question text NOT NULL,
        asked_via text NOT NULL CHECK (asked_via IN ('referrer_link', 'coordinator')),
        asked_by uuid REFERENCES app_user (id),
        asked_at timestamptz NOT NULL,
        answer text,
        answered_by uuid REFERENCES app_user (id),
        answered_at timestamptz,
        answered_in_version integer,
        UNIQUE (request_id, number),
        CHECK ((answer IS NULL) = (answered_at IS NULL)),
        CHECK ((answer IS NULL) = (answered_in_version IS NULL)),
        FOREIGN KEY (request_id, answered_in_version) REFERENCES second_opinion_opinion (request_id, version)
      )`);
    await db.query(`
      CREATE FUNCTION second_opinion_question_answered_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.question IS DISTINCT FROM OLD.question OR NEW.number IS DISTINCT FROM OLD.number
           OR NEW.asked_at IS DISTINCT FROM OLD.asked_at OR OLD.answer IS NOT NULL THEN
          RAISE EXCEPTION 'a follow-up question never changes and is answered once'
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER second_opinion_question_answered_once BEFORE UPDATE OR DELETE ON second_opinion_question
      FOR EACH ROW EXECUTE FUNCTION second_opinion_question_answered_once()`);
    await db.query(`
      CREATE TABLE second_opinion_referrer_link (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        token_sha256 text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE second_opinion_consultation (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 10 AND 240),
        location text NOT NULL,
        sequence integer NOT NULL DEFAULT 0,
        cancelled_at timestamptz,
        scheduled_by uuid NOT NULL REFERENCES app_user (id),
        scheduled_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE UNIQUE INDEX second_opinion_consultation_active ON second_opinion_consultation (request_id) WHERE cancelled_at IS NULL`,
    );
    await db.query(`
      CREATE TABLE outcome_follow_up (
        id uuid PRIMARY KEY,
        board_id uuid NOT NULL REFERENCES board (id),
        subject_type text NOT NULL CHECK (subject_type IN ('recommendation', 'second_opinion')),
        subject_id uuid NOT NULL,
        interval_days integer NOT NULL CHECK (interval_days > 0),
        adherence text NOT NULL CHECK (adherence IN (${ADHERENCE})),
        deviation_reason text CHECK (deviation_reason IN (${DEVIATION})),
        deviation_detail text,
        outcome_notes text,
        recorded_by uuid NOT NULL REFERENCES app_user (id),
        recorded_at timestamptz NOT NULL,
        UNIQUE (subject_type, subject_id, interval_days),
        CHECK ((adherence = 'implemented_fully') = (deviation_reason IS NULL)),
        CHECK (deviation_reason <> 'other' OR deviation_detail IS NOT NULL)
      )`);
    await db.query(
      `CREATE INDEX outcome_follow_up_board_idx ON outcome_follow_up (board_id, recorded_at)`,
    );
    await db.query(`
      CREATE TRIGGER outcome_follow_up_append_only BEFORE UPDATE OR DELETE ON outcome_follow_up
      FOR EACH ROW EXECUTE FUNCTION voting_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outcome_follow_up`);
    await db.query(`DROP TABLE second_opinion_consultation`);
    await db.query(`DROP TABLE second_opinion_referrer_link`);
    await db.query(`DROP TABLE second_opinion_question`);
    await db.query(`DROP FUNCTION second_opinion_question_answered_once()`);
    await db.query(`DROP TABLE second_opinion_opinion`);
    await db.query(`
      ALTER TABLE second_opinion_request
        DROP CONSTRAINT second_opinion_request_status_check,
        DROP COLUMN follow_up_questions_allowed,
        DROP COLUMN case_id`);
  }
}
