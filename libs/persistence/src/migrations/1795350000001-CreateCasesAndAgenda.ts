import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCasesAndAgenda1795350000001 implements MigrationInterface {
  name = 'CreateCasesAndAgenda1795350000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE clinical_case (
        id uuid PRIMARY KEY,
        board_id uuid NOT NULL REFERENCES board (id),
        patient_ref text NOT NULL,
        mrn_ciphertext text,
        birth_year integer NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
        sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
        referral jsonb NOT NULL,
        diagnosis jsonb NOT NULL,
        staging jsonb,
        biomarkers jsonb NOT NULL DEFAULT '[]',
        ecog integer CHECK (ecog BETWEEN 0 AND 4),
        question text NOT NULL DEFAULT '',
        clinical_summary text NOT NULL DEFAULT '',
        priority text NOT NULL CHECK (priority IN ('routine', 'urgent', 'emergent')),
        due_date date,
        status text NOT NULL CHECK (status IN
          ('draft', 'ready', 'scheduled', 'discussed', 'recommendation_published', 'deferred', 'withdrawn')),
        presenter_id uuid REFERENCES app_user (id),
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE INDEX clinical_case_board_idx ON clinical_case (board_id, status)`);
    await db.query(
      `CREATE UNIQUE INDEX clinical_case_patient_ref_key ON clinical_case (board_id, lower(patient_ref))`,
    );
    await db.query(`
      CREATE TABLE case_record (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES clinical_case (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN
          ('pathology_report', 'radiology_report', 'imaging_study', 'lab', 'genomics', 'clinical_note', 'other')),
        title text NOT NULL,
        record_date date,
        source text NOT NULL DEFAULT '',
        dicom jsonb,
        file_key text UNIQUE,
        file_name text,
        content_type text,
        size_bytes bigint CHECK (size_bytes >= 0),
        sha256 char(64),
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'imaging_study' OR dicom IS NOT NULL),
        CHECK ((file_key IS NULL) = (content_type IS NULL))
      )`);
    await db.query(`CREATE INDEX case_record_case_idx ON case_record (case_id)`);
    await db.query(`
      CREATE TABLE case_conflict (
        case_id uuid NOT NULL REFERENCES clinical_case (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id),
        reason text NOT NULL,
        declared_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES clinical_case (id),
        position integer CHECK (position >= 1),
        minutes_allotted integer NOT NULL CHECK (minutes_allotted BETWEEN 1 AND 240),
        presenter_id uuid NOT NULL REFERENCES app_user (id),
        status text NOT NULL CHECK (status IN ('pending', 'in_discussion', 'discussed', 'deferred')),
        override_reason text,
        deferred_from_item_id uuid REFERENCES agenda_item (id),
        deferral_reason text,
        added_by uuid NOT NULL REFERENCES app_user (id),
        added_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'deferred') = (position IS NULL))
      )`);
    // Positions are unique per meeting; checked at commit so a reorder can swap them in place.
    await db.query(`
      ALTER TABLE agenda_item ADD CONSTRAINT agenda_item_position_key
      UNIQUE (meeting_id, position) DEFERRABLE INITIALLY DEFERRED`);
    await db.query(`
      CREATE UNIQUE INDEX agenda_item_case_once_key ON agenda_item (meeting_id, case_id) WHERE status <> 'deferred'`);
    await db.query(`CREATE INDEX agenda_item_case_idx ON agenda_item (case_id)`);
    await db.query(`
      CREATE TABLE readiness_template (
        board_id uuid PRIMARY KEY REFERENCES board (id) ON DELETE CASCADE,
        criteria jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid NOT NULL REFERENCES app_user (id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE readiness_template`);
    await db.query(`DROP TABLE agenda_item`);
    await db.query(`DROP TABLE case_conflict`);
    await db.query(`DROP TABLE case_record`);
    await db.query(`DROP TABLE clinical_case`);
  }
}
