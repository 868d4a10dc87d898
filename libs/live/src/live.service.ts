import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AttendanceView,
  ImagingUpdate,
  MeetingStateView,
  PresenceEntry,
  QuorumPolicy,
  RoomAgendaItem,
  UndiscussedChoice,
} from '@app/contracts';
import { AuthenticatedUser, User } from '@app/auth';
import { BoardAction, BoardMember, MeetingStatus, MeetingsService, mayOnBoard } from '@app/boards';
import { AgendaItemStatus, AgendaService } from '@app/cases';
import { Clock, DomainEventBus, EventTopic, Forbidden, Refused } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import {
  AgendaEntry,
  RoomCommand,
  RoomState,
  applyRoomCommand,
  computeQuorum,
  initialRoomState,
  planEnd,
  timerView,
} from './domain';
import { LIVE_SETTINGS, LiveSettings } from './live-settings';
import { ExpiredAttendee, PRESENCE_STORE, PresenceStore } from './presence/presence-store';

/** What a client asks of the room; agenda commands are turned into room commands once the agenda changed. */
export type RoomRequest =
  | Exclude<RoomCommand, { type: 'item_discussed' } | { type: 'item_deferred' } | { type: 'end' }>
  | { type: 'end'; undiscussed: { choice: UndiscussedChoice; reason: string } | null }
  | { type: 'mark_discussed'; itemId: string | null }
  | { type: 'defer'; itemId: string | null; reason: string | null };

const CHAIR_COMMANDS = new Set<RoomRequest['type']>([
  'start',
  'end',
  'focus',
  'next',
  'previous',
  'give_floor',
  'release_floor',
  'mark_discussed',
  'defer',
]);

/** A room changed without a command: its presence, when attendees whose connection was lost were let go. */
export type RoomEvent = { type: 'presence_changed'; meetingId: string };

export const ROOM_EVENTS = new EventTopic<RoomEvent>('meeting.room');

/**
 * The live meeting room: who is present (shared through the presence store,
 * so every instance sees every socket), the board's live quorum, and the
 * room's control state, changed only through the pure reducer under a row
 * lock (commands from any instance are serialised) and persisted so a restart
 * loses nothing. Join and leave times are kept per meeting and per focused
 * agenda item.
 */
@Injectable()
export class LiveService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('live');
  /** This instance's sockets: socket → meeting → entry (fast checks without a round trip). */
  private readonly local = new Map<string, Map<string, PresenceEntry>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly startedAt: Date;
  private staleAttendanceClosed = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    @Inject(PRESENCE_STORE) private readonly presence: PresenceStore,
    @Inject(LIVE_SETTINGS) private readonly settings: LiveSettings,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock.now();
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => void this.keepAlive(), this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.presence.close();
  }

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
    const entry: PresenceEntry = { userId: user.id, ...member };
    const mine = this.local.get(socketId) ?? new Map<string, PresenceEntry>();
    mine.set(meetingId, entry);
    this.local.set(socketId, mine);
    await this.presence.add(meetingId, socketId, entry);
    await this.openAttendance(meetingId, [user.id]);
    return this.state(meetingId, actor.board.quorumPolicy);
  }

  /**
   * Removes a socket; the user leaves (attendance closed) when it was their
   * last socket in the room. False when the socket was not in the room.
   */
  async leave(userId: string, meetingId: string, socketId: string): Promise<boolean> {
    const mine = this.local.get(socketId);
    mine?.delete(meetingId);
    if (mine?.size === 0) this.local.delete(socketId);
    const { removed, userGone } = await this.presence.remove(meetingId, socketId, userId);
    if (userGone) await this.closeAttendance(meetingId, userId, null);
    return removed;
  }

  /** The meetings a socket is present in, for cleanup on disconnect. */
  meetingsOf(socketId: string): string[] {
    return [...(this.local.get(socketId)?.keys() ?? [])];
  }

  isPresent(meetingId: string, socketId: string): boolean {
    return this.local.get(socketId)?.has(meetingId) ?? false;
  }

  /** The board role a present socket joined with (no round trip: used at 30 events/s). */
  roleOf(meetingId: string, socketId: string): PresenceEntry['role'] | null {
    return this.local.get(socketId)?.get(meetingId)?.role ?? null;
  }

  /** What a vote opened in the room is about: the focused case, and who is present to vote on it. */
  async voteContext(
    meetingId: string,
  ): Promise<{ caseId: string; agendaItemId: string; presentUserIds: string[] }> {
    const room = await this.loadRoom(this.uow.manager, meetingId);
    if (room.status !== 'live') throw new Refused('not_live', 'the meeting is not live');
    const item = (await this.agenda.roomAgenda(meetingId)).find(
      (entry) => entry.itemId === room.focusedItemId,
    );
    if (!item) throw new Refused('nothing_focused', 'focus the case to vote on first');
    const present = await this.presence.list(meetingId);
    return {
      caseId: item.caseId,
      agendaItemId: item.itemId,
      presentUserIds: [...new Set(present.map((entry) => entry.userId))],
    };
  }

  shareImaging(update: ImagingUpdate): Promise<void> {
    return this.presence.setImaging(update.meetingId, update);
  }

  latestImaging(meetingId: string): Promise<ImagingUpdate | null> {
    return this.presence.imaging(meetingId);
  }

  /**
   * Runs one room command in one transaction: the room's state row is locked
   * first, so concurrent commands on any instance apply one after the other
   * to the latest state; agenda and meeting changes commit with it.
   */
  async command(
    user: AuthenticatedUser,
    meetingId: string,
    request: RoomRequest,
  ): Promise<MeetingStateView> {
    return this.uow.run(async (db) => {
      const { actor } = await this.meetings.load(user, meetingId, BoardAction.View);
      const before = await this.lockRoom(db, meetingId);
      if (CHAIR_COMMANDS.has(request.type) && !mayOnBoard(actor, BoardAction.RunMeeting)) {
        throw new Forbidden('only the chair or a coordinator controls the meeting');
      }
      if (
        (request.type === 'raise_hand' || request.type === 'lower_hand') &&
        (actor.role === null || actor.role === 'observer')
      ) {
        throw new Forbidden('observers do not take the floor');
      }
      // Ending reads the agenda under the meeting's lock: no case added meanwhile is left behind.
      if (request.type === 'end')
        await this.meetings.lockForUpdate(db, user, meetingId, BoardAction.RunMeeting);
      const agendaBefore = await this.agenda.roomAgenda(meetingId);
      const { command, agenda } = await this.applyToAgenda(user, before, request, agendaBefore);
      const result = applyRoomCommand(before, command, agenda, this.clock.now());
      if (!result.ok) throw new Refused(result.code, result.message);
      const after = result.state;
      if (after.version === before.version) return this.state(meetingId, actor.board.quorumPolicy);
      if (command.type === 'start')
        await this.meetings.changeStatus(user, meetingId, MeetingStatus.Live);
      if (command.type === 'end')
        await this.meetings.changeStatus(user, meetingId, MeetingStatus.Ended);
      if (after.focusedItemId && after.focusedItemId !== before.focusedItemId) {
        const focused = agenda.find((item) => item.itemId === after.focusedItemId);
        if (focused?.status === 'pending')
          await this.agenda.changeStatus(user, focused.itemId, AgendaItemStatus.InDiscussion);
      }
      await db.query(
        `UPDATE meeting_room_state SET state = $2, version = $3, updated_at = now() WHERE meeting_id = $1`,
        [meetingId, JSON.stringify(after), after.version],
      );
      if (after.focusedItemId !== before.focusedItemId)
        await this.moveItemAttendance(db, meetingId, after.focusedItemId);
      await this.events.publish({
        type: 'domain',
        action: `meeting.${request.type}`,
        targetType: 'meeting',
        targetId: meetingId,
        actorId: user.id,
        details: { ...request, version: after.version },
      });
      return this.state(meetingId, actor.board.quorumPolicy);
    });
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

  /** The room as everyone should see it now; null for a meeting this database does not hold. */
  async snapshot(meetingId: string): Promise<MeetingStateView | null> {
    const policy = await this.policyOf(meetingId);
    return policy ? this.state(meetingId, policy) : null;
  }

  async state(meetingId: string, policy: QuorumPolicy): Promise<MeetingStateView> {
    const room = await this.loadRoom(this.uow.manager, meetingId);
    const agenda = await this.agenda.roomAgenda(meetingId);
    const present = dedupe(await this.presence.list(meetingId));
    const now = this.clock.now();
    return {
      meetingId,
      status: room.status,
      focusedItemId: room.focusedItemId,
      agenda,
      timers: Object.values(room.timers).map((timer) => timerView(timer, now)),
      queue: room.queue,
      presence: present,
      quorum: computeQuorum(present, policy),
      version: room.version,
    };
  }

  /**
   * Agenda commands change the agenda first (through the cases context, with
   * its own rules and audit), then become room commands over the new agenda.
   * Ending carries over or returns the cases not discussed first.
   */
  private async applyToAgenda(
    user: AuthenticatedUser,
    room: RoomState,
    request: RoomRequest,
    agenda: RoomAgendaItem[],
  ): Promise<{ command: RoomCommand; agenda: AgendaEntry[] }> {
    if (request.type === 'end') return this.settleUndiscussed(user, room, request, agenda);
    if (request.type !== 'mark_discussed' && request.type !== 'defer')
      return { command: request, agenda };
    if (room.status !== 'live') throw new Refused('not_live', 'the meeting is not live');
    const itemId = request.itemId ?? room.focusedItemId;
    const item = agenda.find((entry) => entry.itemId === itemId);
    if (!itemId || !item)
      throw new Refused('unknown_item', 'name an agenda item or focus one first');
    if (request.type === 'defer') {
      await this.agenda.defer(user, itemId, request.reason ?? undefined);
      return {
        command: { type: 'item_deferred', itemId },
        agenda: agenda.map((entry) =>
          entry.itemId === itemId ? { ...entry, status: 'deferred' } : entry,
        ),
      };
    }
    if (item.status === 'pending')
      await this.agenda.changeStatus(user, itemId, AgendaItemStatus.InDiscussion);
    await this.agenda.changeStatus(user, itemId, AgendaItemStatus.Discussed);
    return {
      command: { type: 'item_discussed', itemId },
      agenda: agenda.map((entry) =>
        entry.itemId === itemId ? { ...entry, status: 'discussed' } : entry,
      ),
    };
  }

  /**
   * The chair's choice for the cases not discussed, applied in the command's
   * transaction, so the room ends over an agenda with none left; without a
   * choice while some are left, the end is refused and nothing changes.
   */
  private async settleUndiscussed(
    user: AuthenticatedUser,
    room: RoomState,
    request: Extract<RoomRequest, { type: 'end' }>,
    agenda: RoomAgendaItem[],
  ): Promise<{ command: RoomCommand; agenda: AgendaEntry[] }> {
    const { undiscussed } = request;
    const plan = planEnd(room, agenda, undiscussed?.choice ?? null);
    if (!plan.ok) throw new Refused(plan.code, plan.message);
    const itemIds = plan.undiscussedItemIds;
    if (!undiscussed || itemIds.length === 0) return { command: { type: 'end' }, agenda };
    if (undiscussed.choice === 'carry_over')
      await this.agenda.carryOver(user, room.meetingId, itemIds, undiscussed.reason);
    else await this.agenda.returnToCases(user, room.meetingId, itemIds, undiscussed.reason);
    return { command: { type: 'end' }, agenda: await this.agenda.roomAgenda(room.meetingId) };
  }

  /** Opens attendance (meeting, and the focused item) for users not already attending; audits each arrival. */
  private async openAttendance(meetingId: string, userIds: string[]): Promise<void> {
    await this.uow.run(async (db) => {
      const room = await this.loadRoom(db, meetingId);
      const arrived: Array<{ user_id: string }> = await db.query(
        `INSERT INTO meeting_attendance (meeting_id, user_id, joined_at)
         SELECT $1, unnest($2::uuid[]), now() ON CONFLICT DO NOTHING RETURNING user_id`,
        [meetingId, userIds],
      );
      if (room.focusedItemId) {
        await db.query(
          `INSERT INTO meeting_attendance (meeting_id, user_id, agenda_item_id, joined_at)
           SELECT $1, unnest($2::uuid[]), $3, now() ON CONFLICT DO NOTHING`,
          [meetingId, userIds, room.focusedItemId],
        );
      }
      for (const { user_id } of arrived) {
        await this.events.publish({
          type: 'domain',
          action: 'meeting.joined',
          targetType: 'meeting',
          targetId: meetingId,
          actorId: user_id,
        });
      }
    });
  }

  private async closeAttendance(
    meetingId: string,
    userId: string,
    lastSeen: Date | null,
  ): Promise<void> {
    await this.uow.run(async (db) => {
      const [, closed] = await db.query(
        `UPDATE meeting_attendance SET left_at = greatest(joined_at, coalesce($3, now()))
         WHERE meeting_id = $1 AND user_id = $2 AND left_at IS NULL`,
        [meetingId, userId, lastSeen],
      );
      if (closed === 0) return;
      await this.events.publish({
        type: 'domain',
        action: 'meeting.left',
        targetType: 'meeting',
        targetId: meetingId,
        actorId: userId,
        ...(lastSeen ? { details: { reason: 'connection lost', lastSeen } } : {}),
      });
    });
  }

  /**
   * Confirms this instance's sockets in the shared store, reopens attendance
   * for any that had expired meanwhile, and lets go of users whose instance
   * stopped confirming theirs.
   */
  private async keepAlive(): Promise<void> {
    try {
      if (!this.settings.shared && !this.staleAttendanceClosed) {
        // Alone, this instance holds every room: whoever was "present" before it started left when the last one stopped.
        await this.uow.manager.query(
          `UPDATE meeting_attendance SET left_at = greatest(joined_at, $1) WHERE left_at IS NULL AND joined_at < $1`,
          [this.startedAt],
        );
        this.staleAttendanceClosed = true;
      }
      const sockets = [...this.local.entries()].flatMap(([socketId, meetings]) =>
        [...meetings.entries()].map(([meetingId, entry]) => ({ meetingId, socketId, entry })),
      );
      const revived = await this.presence.refresh(sockets);
      for (const meetingId of new Set(revived.map((socket) => socket.meetingId))) {
        const userIds = revived.filter((s) => s.meetingId === meetingId).map((s) => s.userId);
        await this.openAttendance(meetingId, [...new Set(userIds)]);
      }
      await this.release(await this.presence.sweep());
    } catch (error) {
      this.logger.error({ err: error }, 'presence heartbeat failed');
    }
  }

  private async release(expired: ExpiredAttendee[]): Promise<void> {
    for (const { meetingId, userId, lastSeen } of expired) {
      await this.closeAttendance(meetingId, userId, lastSeen);
    }
    for (const meetingId of new Set(expired.map((attendee) => attendee.meetingId))) {
      await this.events.publishTo(ROOM_EVENTS, { type: 'presence_changed', meetingId });
    }
  }

  private async moveItemAttendance(
    db: EntityManager,
    meetingId: string,
    itemId: string | null,
  ): Promise<void> {
    await db.query(
      `UPDATE meeting_attendance SET left_at = now() WHERE meeting_id = $1 AND agenda_item_id IS NOT NULL AND left_at IS NULL`,
      [meetingId],
    );
    const present = [
      ...new Set((await this.presence.list(meetingId)).map((entry) => entry.userId)),
    ];
    if (itemId && present.length > 0) {
      await db.query(
        `INSERT INTO meeting_attendance (meeting_id, user_id, agenda_item_id, joined_at)
         SELECT $1, unnest($2::uuid[]), $3, now() ON CONFLICT DO NOTHING`,
        [meetingId, present, itemId],
      );
    }
  }

  /** The room's state row, created on first use and locked until the transaction ends. */
  private async lockRoom(db: EntityManager, meetingId: string): Promise<RoomState> {
    const initial = await this.loadRoom(db, meetingId);
    await db.query(
      `INSERT INTO meeting_room_state (meeting_id, state, version, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (meeting_id) DO NOTHING`,
      [meetingId, JSON.stringify(initial), initial.version],
    );
    const [row] = await db.query(
      `SELECT state FROM meeting_room_state WHERE meeting_id = $1 FOR UPDATE`,
      [meetingId],
    );
    return row.state as RoomState;
  }

  private async loadRoom(db: EntityManager, meetingId: string): Promise<RoomState> {
    const [row] = await db.query(`SELECT state FROM meeting_room_state WHERE meeting_id = $1`, [
      meetingId,
    ]);
    if (row) return row.state as RoomState;
    const [meeting] = await db.query(`SELECT status FROM meeting WHERE id = $1`, [meetingId]);
    const initial = initialRoomState(meetingId);
    return meeting?.status === 'live' || meeting?.status === 'ended'
      ? { ...initial, status: meeting.status }
      : initial;
  }

  /** The quorum policy of the meeting's board; null for a meeting this database does not hold. */
  private async policyOf(meetingId: string): Promise<QuorumPolicy | null> {
    const [row] = await this.uow.manager.query(
      `SELECT b.quorum_policy FROM meeting m JOIN board b ON b.id = m.board_id WHERE m.id = $1`,
      [meetingId],
    );
    return (row?.quorum_policy as QuorumPolicy | undefined) ?? null;
  }
}

/** One presence entry per person, however many devices they joined from. */
function dedupe(entries: PresenceEntry[]): PresenceEntry[] {
  return [...new Map(entries.map((entry) => [entry.userId, entry])).values()];
}
