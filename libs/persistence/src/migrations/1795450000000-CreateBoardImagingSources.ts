import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imaging: the DICOMweb source a board chose for its PACS searches. A board without a row uses
 * the deployment's default source; a chosen source the configuration no longer has is kept, and
 * the default used meanwhile.
 */
export class CreateBoardImagingSources1795450000000 implements MigrationInterface {
  name = 'CreateBoardImagingSources1795450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE board_imaging_source (
        board_id uuid PRIMARY KEY REFERENCES board (id) ON DELETE CASCADE,
        source_id text NOT NULL CHECK (source_id ~ '^[a-z][a-z0-9-]{0,30}$'),
        updated_at timestamptz NOT NULL,
        updated_by uuid NOT NULL REFERENCES app_user (id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE board_imaging_source`);
  }
}
