import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';

/**
 * A row of meeting_attendance: one stay of a user in a meeting (`agenda_item_id` null) or in the
 * discussion of one agenda item, open while `left_at` is null. At most one stay per person, meeting
 * and item is open at a time (a unique partial index), so opening is idempotent.
 */
export interface AttendanceRow {
  user_id: string;
  agenda_item_id: string | null;
  joined_at: Date;
  left_at: Date | null;
}

/** Who attended each meeting and each case's discussion, when (meeting_attendance). Inside a transaction it joins it. */
@Injectable()
export class AttendanceRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Opens a meeting stay at `at` for each user without one open; returns those who thereby arrived. */
  async openMeeting(meetingId: string, userIds: string[], at: Date): Promise<string[]> {
    const arrived = await this.uow.manager.query<Array<Pick<AttendanceRow, 'user_id'>>>(
      `INSERT INTO meeting_attendance (meeting_id, user_id, joined_at)
       SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING RETURNING user_id`,
      [meetingId, userIds, at],
    );
    return arrived.map((row) => row.user_id);
  }

  /** Opens a stay at `at` in the agenda item's discussion for each user without one open. */
  async openItem(meetingId: string, userIds: string[], itemId: string, at: Date): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO meeting_attendance (meeting_id, user_id, agenda_item_id, joined_at)
       SELECT $1, unnest($2::uuid[]), $3, $4 ON CONFLICT DO NOTHING`,
      [meetingId, userIds, itemId, at],
    );
  }

  /**
   * Closes the user's open stays in the meeting (and its items) at `leftAt`, never before they
   * began. Returns how many were open.
   */
  async closeUser(meetingId: string, userId: string, leftAt: Date): Promise<number> {
    const [, closed] = await this.uow.manager.query<[unknown, number]>(
      `UPDATE meeting_attendance SET left_at = greatest(joined_at, $3)
       WHERE meeting_id = $1 AND user_id = $2 AND left_at IS NULL`,
      [meetingId, userId, leftAt],
    );
    return closed;
  }

  /**
   * Closes at `at` every open stay in the meeting's agenda items (the focus moved), never before
   * it began: a stay opened meanwhile by an instance whose clock is slightly ahead ends as it began.
   */
  async closeItems(meetingId: string, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE meeting_attendance SET left_at = greatest(joined_at, $2)
       WHERE meeting_id = $1 AND agenda_item_id IS NOT NULL AND left_at IS NULL`,
      [meetingId, at],
    );
  }

  /** Closes, at `instant`, every stay still open that began before it, in every meeting. */
  async closeAllBefore(instant: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE meeting_attendance SET left_at = greatest(joined_at, $1) WHERE left_at IS NULL AND joined_at < $1`,
      [instant],
    );
  }

  /** Every stay in the meeting and its items, in the order they began. */
  async ofMeeting(meetingId: string): Promise<AttendanceRow[]> {
    return this.uow.manager.query<AttendanceRow[]>(
      `SELECT user_id, agenda_item_id, joined_at, left_at FROM meeting_attendance
       WHERE meeting_id = $1 ORDER BY joined_at, id`,
      [meetingId],
    );
  }

  /** Everyone who stayed in the agenda item's discussion, each once. */
  async userIdsOfItem(agendaItemId: string): Promise<string[]> {
    const rows = await this.uow.manager.query<Array<Pick<AttendanceRow, 'user_id'>>>(
      `SELECT DISTINCT user_id FROM meeting_attendance WHERE agenda_item_id = $1`,
      [agendaItemId],
    );
    return rows.map((row) => row.user_id);
  }

  /** Everyone who stayed in each of these meetings (or their items), each once per meeting. */
  async userIdsOfMeetings(
    meetingIds: string[],
  ): Promise<Array<Pick<AttendanceRow, 'user_id'> & { meeting_id: string }>> {
    return this.uow.manager.query(
      `SELECT DISTINCT meeting_id, user_id FROM meeting_attendance WHERE meeting_id = ANY($1::uuid[])`,
      [meetingIds],
    );
  }
}
