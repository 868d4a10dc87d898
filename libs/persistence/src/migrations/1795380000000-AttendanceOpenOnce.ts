import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At most one open attendance interval per person, per meeting and per agenda
 * item: instances that learn of the same arrival (several devices, presence
 * revived after a stall) insert idempotently instead of double-counting.
 */
export class AttendanceOpenOnce1795380000000 implements MigrationInterface {
  name = 'AttendanceOpenOnce1795380000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE meeting_attendance a SET left_at = greatest(a.joined_at, now())
      WHERE a.left_at IS NULL AND EXISTS (
        SELECT 1 FROM meeting_attendance b
        WHERE b.meeting_id = a.meeting_id AND b.user_id = a.user_id
          AND b.agenda_item_id IS NOT DISTINCT FROM a.agenda_item_id
          AND b.left_at IS NULL AND b.id < a.id)`);
    await db.query(`
      CREATE UNIQUE INDEX meeting_attendance_open_once ON meeting_attendance
        (meeting_id, user_id, coalesce(agenda_item_id, '00000000-0000-0000-0000-000000000000'::uuid))
      WHERE left_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX meeting_attendance_open_once`);
  }
}
