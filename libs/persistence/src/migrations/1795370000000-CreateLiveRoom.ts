import { MigrationInterface, QueryRunner } from 'typeorm';

/** The live meeting room: its persisted control state, and who attended when (per meeting and per case). */
export class CreateLiveRoom1795370000000 implements MigrationInterface {
  name = 'CreateLiveRoom1795370000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE meeting_room_state (
        meeting_id uuid PRIMARY KEY REFERENCES meeting (id) ON DELETE CASCADE,
        state jsonb NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE meeting_attendance (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id),
        agenda_item_id uuid REFERENCES agenda_item (id) ON DELETE CASCADE,
        joined_at timestamptz NOT NULL,
        left_at timestamptz,
        CHECK (left_at IS NULL OR left_at >= joined_at)
      )`);
    await db.query(
      `CREATE INDEX meeting_attendance_meeting_idx ON meeting_attendance (meeting_id, user_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE meeting_attendance`);
    await db.query(`DROP TABLE meeting_room_state`);
  }
}
