import { Injectable } from '@nestjs/common';
import { AttendanceView, MeetingStateView, PresenceEntry, QuorumPolicy } from '@app/contracts';
import { AuthenticatedUser, User } from '@app/auth';
import { BoardAction, BoardMember, MeetingStatus, MeetingsService, mayOnBoard } from '@app/boards';
import { AgendaService } from '@app/cases';
import { DomainError, DomainEventBus, Forbidden } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import {
  AgendaEntry,
  RoomCommand,
  RoomState,
  applyRoomCommand,
  computeQuorum,
  initialRoomState,
  timerView,
} from './domain';

/** A room command the rules refuse; its code (e.g. `not_live`, `no_next`) reaches the client's acknowledgement. */
export class RoomCommandRefused extends DomainError {
  readonly status = 409;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CHAIR_COMMANDS = new Set<RoomCommand['type']>([
  'start',
  'end',
  'focus',
  'next',
  'previous',
  'give_floor',
  'release_floor',
]);

/**
 * The live meeting room: who is present (per socket), the board's live quorum,
 * and the room's control state, changed only through the pure reducer and
 * persisted after every accepted command so a restart loses nothing. Join and
 * leave times are kept per meeting and per focused agenda item.
 */
@Injectable()
export class LiveService {
  private readonly presence = new Map<string, Map<string, PresenceEntry>>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
  ) {}

  /** Checks membership, records presence and attendance, and returns the full state. */
  async join(
    user: AuthenticatedUser,
    meetingId: string,
    socketId: string,
  ): Promise<MeetingStateView> {
    const { actor } = await this.meetings.load(user, meetingId, BoardAction.View);
    const member = await this.uow.manager
      .getRepository(BoardMember)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.user_id')
      .select([
        'u.display_name AS "displayName"',
        'u.specialty AS specialty',
        'm.role AS role',
        'm.voting_right AS "votingRight"',
      ])
      .where('m.board_id = :boardId AND m.user_id = :userId', {
        boardId: actor.board.id,
        userId: user.id,
      })
      .getRawOne<Omit<PresenceEntry, 'userId'>>();
    if (!member) throw new Forbidden('only members of the board join its meetings');
    const room = this.presence.get(meetingId) ?? new Map<string, PresenceEntry>();
    const firstSocketOfUser = ![...room.values()].some((entry) => entry.userId === user.id);
    room.set(socketId, { userId: user.id, ...member });
    this.presence.set(meetingId, room);
    if (firstSocketOfUser) {
      const state = await this.loadRoom(meetingId);
      await this.uow.run(async (db) => {
        await db.query(
          `INSERT INTO meeting_attendance (meeting_id, user_id, joined_at) VALUES ($1, $2, now())`,
          [meetingId, user.id],
        );
        if (state.focusedItemId) {
          await db.query(
            `INSERT INTO meeting_attendance (meeting_id, user_id, agenda_item_id, joined_at) VALUES ($1, $2, $3, now())`,
            [meetingId, user.id, state.focusedItemId],
          );
        }
        await this.events.publish({
          type: 'domain',
          action: 'meeting.joined',
          targetType: 'meeting',
          targetId: meetingId,
          actorId: user.id,
        });
      });
    }
    return this.state(meetingId, actor.board.quorumPolicy);
  }

  /** Removes a socket; the user leaves (attendance closed) when it was their last socket in the room. */
  async leave(
    userId: string,
    meetingId: string,
    socketId: string,
  ): Promise<MeetingStateView | null> {
    const room = this.presence.get(meetingId);
    if (!room?.delete(socketId)) return null;
    if (room.size === 0) this.presence.delete(meetingId);
    const stillPresent = [...room.values()].some((entry) => entry.userId === userId);
    if (!stillPresent) {
      await this.uow.run(async (db) => {
        await db.query(
          `UPDATE meeting_attendance SET left_at = now() WHERE meeting_id = $1 AND user_id = $2 AND left_at IS NULL`,
          [meetingId, userId],
        );
        await this.events.publish({
          type: 'domain',
          action: 'meeting.left',
          targetType: 'meeting',
          targetId: meetingId,
          actorId: userId,
        });
      });
    }
    return this.state(meetingId, await this.policyOf(meetingId));
  }

  /** The meetings a socket is present in, for cleanup on disconnect. */
  meetingsOf(socketId: string): string[] {
    return [...this.presence.entries()]
      .filter(([, room]) => room.has(socketId))
      .map(([meetingId]) => meetingId);
  }

  isPresent(meetingId: string, socketId: string): boolean {
    return this.presence.get(meetingId)?.has(socketId) ?? false;
  }

  /** The board role a present socket joined with (no database round trip: used at 30 events/s). */
  roleOf(meetingId: string, socketId: string): PresenceEntry['role'] | null {
    return this.presence.get(meetingId)?.get(socketId)?.role ?? null;
  }

  async command(
    user: AuthenticatedUser,
    meetingId: string,
    command: RoomCommand,
  ): Promise<MeetingStateView> {
    const { actor } = await this.meetings.load(user, meetingId, BoardAction.View);
    if (CHAIR_COMMANDS.has(command.type) && !mayOnBoard(actor, BoardAction.RunMeeting)) {
      throw new Forbidden('only the chair or a coordinator controls the meeting');
    }
    if (
      (command.type === 'raise_hand' || command.type === 'lower_hand') &&
      (actor.role === null || actor.role === 'observer')
    ) {
      throw new Forbidden('observers do not take the floor');
    }
    const before = await this.loadRoom(meetingId);
    const result = applyRoomCommand(
      before,
      command,
      await this.agendaOf(user, meetingId),
      new Date(),
    );
    if (!result.ok) throw new RoomCommandRefused(result.code, result.message);
    const after = result.state;
    if (after.version === before.version) return this.state(meetingId, actor.board.quorumPolicy);
    if (command.type === 'start')
      await this.meetings.changeStatus(user, meetingId, MeetingStatus.Live);
    if (command.type === 'end')
      await this.meetings.changeStatus(user, meetingId, MeetingStatus.Ended);
    await this.uow.run(async (db) => {
      await db.query(
        `INSERT INTO meeting_room_state (meeting_id, state, version, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (meeting_id) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version, updated_at = now()`,
        [meetingId, JSON.stringify(after), after.version],
      );
      if (after.focusedItemId !== before.focusedItemId)
        await this.moveItemAttendance(meetingId, after.focusedItemId);
      await this.events.publish({
        type: 'domain',
        action: `meeting.${command.type}`,
        targetType: 'meeting',
        targetId: meetingId,
        details: { ...command, version: after.version },
      });
    });
    return this.state(meetingId, actor.board.quorumPolicy);
  }

  /** Who attended, when, and which specialties were present for each case discussed. */
  async attendance(user: AuthenticatedUser, meetingId: string): Promise<AttendanceView> {
    await this.meetings.load(user, meetingId, BoardAction.View);
    const rows: Array<{
      user_id: string;
      display_name: string;
      specialty: PresenceEntry['specialty'];
      role: PresenceEntry['role'] | null;
      agenda_item_id: string | null;
      joined_at: Date;
      left_at: Date | null;
    }> = await this.uow.manager.query(
      `SELECT a.user_id, u.display_name, u.specialty, bm.role, a.agenda_item_id, a.joined_at, a.left_at
       FROM meeting_attendance a
       JOIN app_user u ON u.id = a.user_id
       JOIN meeting m ON m.id = a.meeting_id
       LEFT JOIN board_member bm ON bm.board_id = m.board_id AND bm.user_id = a.user_id
       WHERE a.meeting_id = $1 ORDER BY a.joined_at, a.id`,
      [meetingId],
    );
    const attendees = new Map<string, AttendanceView['attendees'][number]>();
    const byItem = new Map<
      string,
      { userIds: Set<string>; specialties: Set<PresenceEntry['specialty']> }
    >();
    for (const row of rows) {
      if (row.agenda_item_id === null) {
        const attendee = attendees.get(row.user_id) ?? {
          userId: row.user_id,
          displayName: row.display_name,
          specialty: row.specialty,
          role: row.role,
          intervals: [],
        };
        attendee.intervals.push({
          joinedAt: row.joined_at.toISOString(),
          leftAt: row.left_at?.toISOString() ?? null,
        });
        attendees.set(row.user_id, attendee);
      } else if (row.role !== 'observer') {
        const item = byItem.get(row.agenda_item_id) ?? {
          userIds: new Set(),
          specialties: new Set(),
        };
        item.userIds.add(row.user_id);
        item.specialties.add(row.specialty);
        byItem.set(row.agenda_item_id, item);
      }
    }
    return {
      meetingId,
      attendees: [...attendees.values()],
      byItem: [...byItem.entries()].map(([itemId, item]) => ({
        itemId,
        userIds: [...item.userIds],
        specialties: [...item.specialties].sort(),
      })),
    };
  }

  async state(meetingId: string, policy: QuorumPolicy): Promise<MeetingStateView> {
    const room = await this.loadRoom(meetingId);
    const present = dedupe([...(this.presence.get(meetingId)?.values() ?? [])]);
    const now = new Date();
    return {
      meetingId,
      status: room.status,
      focusedItemId: room.focusedItemId,
      timers: Object.values(room.timers).map((timer) => timerView(timer, now)),
      queue: room.queue,
      presence: present,
      quorum: computeQuorum(present, policy),
      version: room.version,
    };
  }

  private async moveItemAttendance(meetingId: string, itemId: string | null): Promise<void> {
    const db = this.uow.manager;
    await db.query(
      `UPDATE meeting_attendance SET left_at = now() WHERE meeting_id = $1 AND agenda_item_id IS NOT NULL AND left_at IS NULL`,
      [meetingId],
    );
    const present = [
      ...new Set([...(this.presence.get(meetingId)?.values() ?? [])].map((entry) => entry.userId)),
    ];
    if (itemId && present.length > 0) {
      await db.query(
        `INSERT INTO meeting_attendance (meeting_id, user_id, agenda_item_id, joined_at) SELECT $1, unnest($2::uuid[]), $3, now()`,
        [meetingId, present, itemId],
      );
    }
  }

  private async loadRoom(meetingId: string): Promise<RoomState> {
    const [row] = await this.uow.manager.query(
      `SELECT state FROM meeting_room_state WHERE meeting_id = $1`,
      [meetingId],
    );
    if (row) return row.state as RoomState;
    const [meeting] = await this.uow.manager.query(`SELECT status FROM meeting WHERE id = $1`, [
      meetingId,
    ]);
    const initial = initialRoomState(meetingId);
    return meeting?.status === 'live' || meeting?.status === 'ended'
      ? { ...initial, status: meeting.status }
      : initial;
  }

  private async agendaOf(user: AuthenticatedUser, meetingId: string): Promise<AgendaEntry[]> {
    const view = await this.agenda.agenda(user, meetingId);
    return view.items.map((item) => ({
      itemId: item.id,
      minutesAllotted: item.minutesAllotted,
      status: item.status,
    }));
  }

  private async policyOf(meetingId: string): Promise<QuorumPolicy> {
    const [row] = await this.uow.manager.query(
      `SELECT b.quorum_policy FROM meeting m JOIN board b ON b.id = m.board_id WHERE m.id = $1`,
      [meetingId],
    );
    return row.quorum_policy as QuorumPolicy;
  }
}

/** One presence entry per person, however many devices they joined from. */
function dedupe(entries: PresenceEntry[]): PresenceEntry[] {
  return [...new Map(entries.map((entry) => [entry.userId, entry])).values()];
}
