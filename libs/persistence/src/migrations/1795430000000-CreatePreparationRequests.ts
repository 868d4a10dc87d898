import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Preparation requests: before a board meeting, a specialty is asked to prepare a case
 * (radiology to review the imaging, pathology the slides, another specialty its opinion). An
 * open request keeps the case from being ready; a done one carries the reviewer's finding.
 * At most one open request per case, specialty and kind.
 */
export class CreatePreparationRequests1795430000000 implements MigrationInterface {
  name = 'CreatePreparationRequests1795430000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE preparation_request (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES clinical_case (id) ON DELETE CASCADE,
        board_id uuid NOT NULL REFERENCES board (id),
        specialty text NOT NULL CHECK (specialty IN (
          'medical_oncology', 'radiation_oncology', 'surgical_oncology', 'pathology', 'radiology',
          'nuclear_medicine', 'genetics', 'palliative_care', 'oncology_nursing', 'pharmacy', 'other')),
        kind text NOT NULL CHECK (kind IN ('imaging_review', 'pathology_review', 'specialty_review')),
        question text NOT NULL CHECK (char_length(question) BETWEEN 2 AND 2000),
        assignee_id uuid REFERENCES app_user (id),
        status text NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
        finding text CHECK (char_length(finding) BETWEEN 2 AND 4000),
        requested_by uuid NOT NULL REFERENCES app_user (id),
        requested_at timestamptz NOT NULL,
        completed_by uuid REFERENCES app_user (id),
        completed_at timestamptz,
        cancelled_by uuid REFERENCES app_user (id),
        cancelled_at timestamptz,
        cancelled_reason text CHECK (char_length(cancelled_reason) BETWEEN 2 AND 1000),
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'done') = (finding IS NOT NULL AND completed_by IS NOT NULL AND completed_at IS NOT NULL)),
        CHECK ((status = 'cancelled') = (cancelled_by IS NOT NULL AND cancelled_at IS NOT NULL AND cancelled_reason IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX preparation_request_case_idx ON preparation_request (case_id, requested_at)`,
    );
    // The reviewers' worklists: open requests of a board by specialty, or by assignee.
    await db.query(`
      CREATE INDEX preparation_request_open_idx ON preparation_request (board_id, specialty)
      WHERE status = 'open'`);
    await db.query(`
      CREATE INDEX preparation_request_assignee_idx ON preparation_request (assignee_id)
      WHERE assignee_id IS NOT NULL`);
    await db.query(`
      CREATE UNIQUE INDEX preparation_request_open_once_key
      ON preparation_request (case_id, specialty, kind) WHERE status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE preparation_request`);
  }
}
