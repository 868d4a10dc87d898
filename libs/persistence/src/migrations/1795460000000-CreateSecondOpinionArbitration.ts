import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second opinions: a third reviewer's arbitration of a delivered opinion that changed the
 * diagnosis or the treatment. One arbitration stands per request at a time; one whose arbiter
 * declared a conflict of interest stays on record and another arbiter may be asked. The arbiter's
 * attestation, assessment and decision, once given, never change.
 */
export class CreateSecondOpinionArbitration1795460000000 implements MigrationInterface {
  name = 'CreateSecondOpinionArbitration1795460000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE second_opinion_arbitration (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES second_opinion_request (id),
        arbiter_id uuid NOT NULL REFERENCES app_user (id),
        reason text NOT NULL,
        opinion_version integer NOT NULL,
        requested_by uuid NOT NULL REFERENCES app_user (id),
        requested_at timestamptz NOT NULL,
        attestation text CHECK (attestation IN ('no_conflict', 'conflict_declared')),
        attested_at timestamptz,
        assessment jsonb,
        submitted_at timestamptz,
        outcome text CHECK (outcome IN ('second_opinion_upheld', 'first_opinion_upheld', 'neither_upheld')),
        rationale text,
        decided_at timestamptz,
        issued_version integer,
        CHECK ((attestation IS NULL) = (attested_at IS NULL)),
        CHECK ((assessment IS NULL) = (submitted_at IS NULL)),
        CHECK (submitted_at IS NULL OR attestation = 'no_conflict'),
        CHECK ((outcome IS NULL) = (decided_at IS NULL)),
        CHECK (outcome IS NULL OR (submitted_at IS NOT NULL AND rationale IS NOT NULL AND issued_version IS NOT NULL)),
        FOREIGN KEY (request_id, opinion_version) REFERENCES second_opinion_opinion (request_id, version),
        FOREIGN KEY (request_id, issued_version) REFERENCES second_opinion_opinion (request_id, version)
      )`);
    await db.query(`
      CREATE UNIQUE INDEX second_opinion_arbitration_standing_idx ON second_opinion_arbitration (request_id)
      WHERE attestation IS DISTINCT FROM 'conflict_declared'`);
    await db.query(
      `CREATE INDEX second_opinion_arbitration_arbiter_idx ON second_opinion_arbitration (arbiter_id)`,
    );
    await db.query(`
      CREATE FUNCTION second_opinion_arbitration_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE'
           OR (NEW.id, NEW.request_id, NEW.arbiter_id, NEW.reason, NEW.opinion_version, NEW.requested_by, NEW.requested_at)
              IS DISTINCT FROM (OLD.id, OLD.request_id, OLD.arbiter_id, OLD.reason, OLD.opinion_version, OLD.requested_by, OLD.requested_at)
           OR (OLD.attestation IS NOT NULL AND (NEW.attestation, NEW.attested_at) IS DISTINCT FROM (OLD.attestation, OLD.attested_at))
           OR (OLD.submitted_at IS NOT NULL AND (NEW.assessment, NEW.submitted_at) IS DISTINCT FROM (OLD.assessment, OLD.submitted_at))
           OR (OLD.decided_at IS NOT NULL AND (NEW.outcome, NEW.rationale, NEW.decided_at, NEW.issued_version)
              IS DISTINCT FROM (OLD.outcome, OLD.rationale, OLD.decided_at, OLD.issued_version)) THEN
          RAISE EXCEPTION 'an arbitration''s request, attestation, assessment and decision never change'
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER second_opinion_arbitration_frozen BEFORE UPDATE OR DELETE ON second_opinion_arbitration
      FOR EACH ROW EXECUTE FUNCTION second_opinion_arbitration_frozen()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE second_opinion_arbitration`);
    await db.query(`DROP FUNCTION second_opinion_arbitration_frozen()`);
  }
}
