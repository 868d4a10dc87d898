import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case's record of the patient's first cancer-directed treatment, for the Commission on
 * Cancer's share of cases discussed prospectively: not recorded (both columns null), not started,
 * or started on a date (the date is given exactly when started).
 */
export class CaseFirstTreatment1795420000000 implements MigrationInterface {
  name = 'CaseFirstTreatment1795420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE clinical_case
        ADD COLUMN first_treatment_status text
          CHECK (first_treatment_status IN ('not_started', 'started')),
        ADD COLUMN first_treatment_started_on date
          CHECK (first_treatment_started_on >= DATE '1900-01-01'),
        ADD CONSTRAINT clinical_case_first_treatment_date_check
          CHECK ((first_treatment_status IS NOT DISTINCT FROM 'started') = (first_treatment_started_on IS NOT NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE clinical_case
        DROP CONSTRAINT clinical_case_first_treatment_date_check,
        DROP COLUMN first_treatment_started_on,
        DROP COLUMN first_treatment_status`);
  }
}
