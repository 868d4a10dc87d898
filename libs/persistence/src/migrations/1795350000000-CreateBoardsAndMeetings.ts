import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBoardsAndMeetings1795350000000 implements MigrationInterface {
  name = 'CreateBoardsAndMeetings1795350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE board (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        tumour_sites text[] NOT NULL CHECK (cardinality(tumour_sites) BETWEEN 1 AND 20),
        institution text NOT NULL,
        timezone text NOT NULL,
        description text NOT NULL DEFAULT '',
        quorum_policy jsonb NOT NULL,
        voting_policy jsonb NOT NULL,
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE board_member (
        board_id uuid NOT NULL REFERENCES board (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id),
        role text NOT NULL CHECK (role IN ('coordinator', 'chair', 'presenter', 'panelist', 'observer')),
        voting_right boolean NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        added_by uuid NOT NULL REFERENCES app_user (id),
        PRIMARY KEY (board_id, user_id),
        CHECK (role <> 'observer' OR NOT voting_right)
      )`);
    await db.query(`CREATE INDEX board_member_user_idx ON board_member (user_id)`);
    await db.query(`
      CREATE TABLE meeting_series (
        id uuid PRIMARY KEY,
        board_id uuid NOT NULL REFERENCES board (id) ON DELETE CASCADE,
        title text NOT NULL,
        rrule text,
        first_start_local text NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
        created_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE meeting (
        id uuid PRIMARY KEY,
        board_id uuid NOT NULL REFERENCES board (id) ON DELETE CASCADE,
        series_id uuid REFERENCES meeting_series (id) ON DELETE CASCADE,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        original_starts_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'live', 'ended', 'cancelled')),
        cancelled_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        UNIQUE (series_id, original_starts_at)
      )`);
    await db.query(`CREATE INDEX meeting_board_time_idx ON meeting (board_id, starts_at)`);
    await db.query(`
      CREATE TABLE calendar_feed (
        id uuid PRIMARY KEY,
        scope text NOT NULL CHECK (scope IN ('board', 'user')),
        board_id uuid REFERENCES board (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES app_user (id),
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK ((scope = 'board') = (board_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX calendar_feed_owner_idx ON calendar_feed (owner_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE calendar_feed`);
    await db.query(`DROP TABLE meeting`);
    await db.query(`DROP TABLE meeting_series`);
    await db.query(`DROP TABLE board_member`);
    await db.query(`DROP TABLE board`);
  }
}
