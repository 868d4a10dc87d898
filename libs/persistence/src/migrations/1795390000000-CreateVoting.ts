import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Votes, ballots (append-only history, one effective ballot per voter),
 * minority opinions, versioned recommendations (published versions are
 * immutable) and their webhook deliveries.
 */
export class CreateVoting1795390000000 implements MigrationInterface {
  name = 'CreateVoting1795390000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE vote (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES clinical_case (id),
        board_id uuid NOT NULL REFERENCES board (id),
        meeting_id uuid REFERENCES meeting (id),
        agenda_item_id uuid REFERENCES agenda_item (id),
        round integer NOT NULL CHECK (round >= 1),
        mode text NOT NULL CHECK (mode IN ('live', 'async')),
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        question text NOT NULL,
        options jsonb NOT NULL,
        policy jsonb NOT NULL,
        min_voting_members integer NOT NULL CHECK (min_voting_members >= 1),
        chair_id uuid REFERENCES app_user (id),
        deadline timestamptz,
        opened_by uuid NOT NULL REFERENCES app_user (id),
        opened_at timestamptz NOT NULL,
        closed_by uuid REFERENCES app_user (id),
        closed_at timestamptz,
        close_reason text CHECK (close_reason IN ('chair', 'all_voted', 'deadline')),
        result jsonb,
        external_referral jsonb,
        UNIQUE (case_id, round),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
        CHECK ((mode = 'async') = (deadline IS NOT NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX vote_one_open_per_case ON vote (case_id) WHERE status = 'open'`,
    );
    await db.query(
      `CREATE INDEX vote_due_idx ON vote (deadline) WHERE status = 'open' AND deadline IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE vote_voter (
        vote_id uuid NOT NULL REFERENCES vote (id),
        user_id uuid NOT NULL REFERENCES app_user (id),
        specialty text NOT NULL,
        PRIMARY KEY (vote_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE ballot (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        vote_id uuid NOT NULL,
        voter_id uuid NOT NULL,
        sequence integer NOT NULL CHECK (sequence >= 1),
        option_id uuid,
        comment text,
        submission_id uuid NOT NULL,
        commitment text NOT NULL,
        salt text NOT NULL,
        cast_at timestamptz NOT NULL,
        FOREIGN KEY (vote_id, voter_id) REFERENCES vote_voter (vote_id, user_id),
        UNIQUE (vote_id, voter_id, sequence),
        UNIQUE (vote_id, voter_id, submission_id)
      )`);
    await db.query(`
      CREATE TABLE minority_opinion (
        vote_id uuid NOT NULL,
        user_id uuid NOT NULL,
        text text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (vote_id, user_id),
        FOREIGN KEY (vote_id, user_id) REFERENCES vote_voter (vote_id, user_id)
      )`);
    await db.query(`
      CREATE FUNCTION voting_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    for (const table of ['ballot', 'minority_opinion']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION voting_append_only()`);
    }

    await db.query(`
      CREATE TABLE recommendation (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES clinical_case (id),
        board_id uuid NOT NULL REFERENCES board (id),
        vote_id uuid REFERENCES vote (id),
        version integer NOT NULL CHECK (version >= 1),
        previous_version_id uuid UNIQUE REFERENCES recommendation (id),
        amendment_reason text,
        status text NOT NULL CHECK (status IN ('draft', 'signed', 'published')),
        content jsonb NOT NULL,
        decision jsonb,
        notes_snapshot text NOT NULL,
        notes_sha256 text NOT NULL,
        content_hash text NOT NULL,
        signer_id uuid REFERENCES app_user (id),
        signed_at timestamptz,
        signature text,
        published_by uuid REFERENCES app_user (id),
        published_at timestamptz,
        pdf bytea,
        fhir jsonb,
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL,
        UNIQUE (vote_id, version),
        CHECK ((version = 1) = (previous_version_id IS NULL)),
        CHECK (previous_version_id IS NULL OR amendment_reason IS NOT NULL),
        CHECK ((status = 'draft') = (signature IS NULL)),
        CHECK ((status = 'published') = (published_at IS NOT NULL))
      )`);
    await db.query(`
      CREATE FUNCTION recommendation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'recommendations are never deleted' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'a published recommendation is immutable: amend it' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.status = 'signed' AND (NEW.content IS DISTINCT FROM OLD.content
            OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
            OR NEW.signature IS DISTINCT FROM OLD.signature) THEN
          RAISE EXCEPTION 'a signed recommendation cannot change: amend it' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER recommendation_guard BEFORE UPDATE OR DELETE ON recommendation
      FOR EACH ROW EXECUTE FUNCTION recommendation_guard()`);

    await db.query(`
      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY,
        board_id uuid NOT NULL REFERENCES board (id),
        url text NOT NULL,
        secret text NOT NULL,
        description text NOT NULL DEFAULT '',
        active boolean NOT NULL DEFAULT true,
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id),
        event text NOT NULL,
        subject_id uuid NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`,
    );
    await db.query(
      `CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_delivery`);
    await db.query(`DROP TABLE webhook_endpoint`);
    await db.query(`DROP TABLE recommendation`);
    await db.query(`DROP FUNCTION recommendation_guard()`);
    await db.query(`DROP TABLE minority_opinion`);
    await db.query(`DROP TABLE ballot`);
    await db.query(`DROP FUNCTION voting_append_only()`);
    await db.query(`DROP TABLE vote_voter`);
    await db.query(`DROP TABLE vote`);
  }
}
