import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imaging: which studies each session has opened through the DICOMweb proxy, so that opening a
 * study is audited once per user, study and session however many frames follow, on whichever
 * instance serves them.
 */
export class CreateImagingStudyOpenings1795440000000 implements MigrationInterface {
  name = 'CreateImagingStudyOpenings1795440000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imaging_study_opening (
        session_id uuid NOT NULL REFERENCES auth_session (id) ON DELETE CASCADE,
        study_instance_uid text NOT NULL CHECK (char_length(study_instance_uid) BETWEEN 1 AND 64),
        case_id uuid NOT NULL REFERENCES clinical_case (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        opened_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, study_instance_uid)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE imaging_study_opening`);
  }
}
