import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { RoomState } from './domain';

/** What is read of a meeting_room_state row: the room's control state as the reducer left it. */
interface RoomStateRow {
  state: RoomState;
}

/**
 * The persisted control state of each meeting room (meeting_room_state): a row appears with the
 * room's first command, so a restart loses nothing. Inside a transaction it joins it.
 */
@Injectable()
export class RoomStateRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The stored state; null for a room never commanded. */
  async find(meetingId: string): Promise<RoomState | null> {
    const [row] = await this.uow.manager.query<RoomStateRow[]>(
      `SELECT state FROM meeting_room_state WHERE meeting_id = $1`,
      [meetingId],
    );
    return row?.state ?? null;
  }

  /** The room's row, created from `initial` at `at` on first use, locked until the transaction ends. */
  async lock(meetingId: string, initial: RoomState, at: Date): Promise<RoomState> {
    const db = this.uow.manager;
    await db.query(
      `INSERT INTO meeting_room_state (meeting_id, state, version, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (meeting_id) DO NOTHING`,
      [meetingId, JSON.stringify(initial), initial.version, at],
    );
    const [row] = await db.query<RoomStateRow[]>(
      `SELECT state FROM meeting_room_state WHERE meeting_id = $1 FOR UPDATE`,
      [meetingId],
    );
    return row.state;
  }

  /** Stores the state the reducer returned at `at`, under the lock taken by `lock`. */
  async save(meetingId: string, state: RoomState, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE meeting_room_state SET state = $2, version = $3, updated_at = $4 WHERE meeting_id = $1`,
      [meetingId, JSON.stringify(state), state.version, at],
    );
  }
}
