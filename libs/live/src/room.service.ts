import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  LiveTimerView,
  MeetingStateView,
  PresenceEntry,
  QuorumPolicy,
  RoomAgendaItem,
  UndiscussedChoice,
} from '@app/contracts';
import { AuthenticatedUser, ConnectedUser } from '@app/auth';
import { BoardAction, BoardLookup, MeetingStatus, MeetingsService, mayOnBoard } from '@app/boards';
import { AgendaItemStatus, AgendaService } from '@app/cases';
import { Clock, DomainEventBus, Forbidden, Refused } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AttendanceService } from './attendance.service';
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
import { PresenceService, ROOM_EVENTS } from './presence/presence.service';
import { RoomStateRepository } from './room-state.repository';

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

/**
 * The live meeting room: members joining and leaving (presence and attendance follow), the
 * board's live quorum, and the room's control state, changed only through the pure reducer under
 * a row lock (commands from any instance are serialised) and persisted so a restart loses nothing.
 */
@Injectable()
export class RoomService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('live');
  /** Per meeting, the attendance bookkeeping of its focus changes, one after the other. */
  private readonly bookkeeping = new Map<string, Promise<void>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly presence: PresenceService,
    private readonly attendance: AttendanceService,
    private readonly rooms: RoomStateRepository,
    private readonly boards: BoardLookup,
    private readonly clock: Clock,
  ) {}

  /**
   * Who was present for which case is written once the focus change is committed, off the path
   * of the command and its broadcast; a meeting's changes are written in the order they were made.
   */
  onModuleInit(): void {
    this.unsubscribe = this.events.subscribeTo(ROOM_EVENTS, (event) => {
      if (event.type !== 'focus_changed') return;
      const { meetingId, focusedItemId, at } = event;
      const write = async () =>
        this.attendance.moveFocus(
          meetingId,
          focusedItemId,
          await this.presence.userIds(meetingId),
          at,
        );
      const done = (this.bookkeeping.get(meetingId) ?? Promise.resolve())
        .then(write)
        .catch((error: unknown) =>
          this.logger.error({ err: error, meetingId }, 'attendance of the focus change failed'),
        )
        .finally(() => {
          if (this.bookkeeping.get(meetingId) === done) this.bookkeeping.delete(meetingId);
        });
      this.bookkeeping.set(meetingId, done);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all(this.bookkeeping.values());
  }

  /**
   * Checks membership and records presence; returns the board's quorum policy, for the state the
   * joiner is answered with. Their attendance is written by `arrive`.
   */
  async join(user: ConnectedUser, meetingId: string, socketId: string): Promise<QuorumPolicy> {
    const { actor } = await this.meetings.load(user, meetingId, BoardAction.View);
    if (!actor.role) throw new Forbidden('only members of the board join its meetings');
    const entry: PresenceEntry = {
      userId: user.id,
      displayName: user.profile.displayName,
      specialty: user.profile.specialty,
      role: actor.role,
      votingRight: actor.votingRight,
    };
    await this.presence.add(meetingId, socketId, entry);
    return actor.board.quorumPolicy;
  }

  /** A user who joined arrives: their attendance opens (written with the others arriving meanwhile). */
  arrive(meetingId: string, userId: string): Promise<void> {
    return this.attendance.arrive(meetingId, userId);
  }

  /**
   * Removes a socket; the user leaves (attendance closed) when it was their
   * last socket in the room. False when the socket was not in the room.
   */
  async leave(userId: string, meetingId: string, socketId: string): Promise<boolean> {
    const { removed, userGone } = await this.presence.remove(userId, meetingId, socketId);
    if (userGone) await this.attendance.close(meetingId, userId, null);
    return removed;
  }

  /** What a vote opened in the room is about: the focused case, and who is present to vote on it. */
  async voteContext(
    meetingId: string,
  ): Promise<{ caseId: string; agendaItemId: string; presentUserIds: string[] }> {
    const { room, agenda } = await this.control(meetingId);
    if (room.status !== 'live') throw new Refused('not_live', 'the meeting is not live');
    const item = agenda.find((entry) => entry.itemId === room.focusedItemId);
    if (!item) throw new Refused('nothing_focused', 'focus the case to vote on first');
    return {
      caseId: item.caseId,
      agendaItemId: item.itemId,
      presentUserIds: await this.presence.userIds(meetingId),
    };
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
    return this.uow.run(async () => {
      const { actor } = await this.meetings.load(user, meetingId, BoardAction.View);
      const at = this.clock.now();
      const before = await this.rooms.lock(meetingId, await this.load(meetingId), at);
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
        await this.meetings.lockForUpdate(user, meetingId, BoardAction.RunMeeting);
      const agendaBefore = await this.agenda.roomAgenda(meetingId);
      const { command, agenda } = await this.applyToAgenda(user, before, request, agendaBefore);
      const result = applyRoomCommand(before, command, agenda, at);
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
      await this.rooms.save(meetingId, after, at);
      await this.events.publish({
        type: 'domain',
        action: `meeting.${request.type}`,
        targetType: 'meeting',
        targetId: meetingId,
        actorId: user.id,
        details: { ...request, version: after.version },
      });
      if (after.focusedItemId !== before.focusedItemId || command.type === 'end')
        await this.events.publishTo(ROOM_EVENTS, {
          type: 'focus_changed',
          meetingId,
          focusedItemId: after.focusedItemId,
          at,
        });
      return this.state(meetingId, actor.board.quorumPolicy);
    });
  }

  /**
   * The room's timers as they read now, for a joiner answered with the room's last broadcast at
   * `version`; null when a command has moved the room on since (its broadcast follows, and the
   * timers it changed go with the agenda it changed).
   */
  async timers(meetingId: string, version: number): Promise<LiveTimerView[] | null> {
    const room = await this.load(meetingId);
    if (room.version !== version) return null;
    const now = this.clock.now();
    return Object.values(room.timers).map((timer) => timerView(timer, now));
  }

  /** The room as everyone should see it now; null for a meeting this database does not hold. */
  async snapshot(meetingId: string): Promise<MeetingStateView | null> {
    const board = await this.boards.boardOfMeeting(meetingId);
    return board ? this.state(meetingId, board.quorumPolicy) : null;
  }

  async state(meetingId: string, policy: QuorumPolicy): Promise<MeetingStateView> {
    const { room, agenda } = await this.control(meetingId);
    const present = await this.presence.people(meetingId);
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
      // Numbered when broadcast (RoomBroadcaster): a state read here has not been yet.
      seq: 0,
    };
  }

  /**
   * The room's control state and its agenda, read on one snapshot: a command committed between the
   * two reads would otherwise show its agenda change with the timers and focus from before it.
   */
  private control(meetingId: string): Promise<{ room: RoomState; agenda: RoomAgendaItem[] }> {
    return this.uow.read(async () => ({
      room: await this.load(meetingId),
      agenda: await this.agenda.roomAgenda(meetingId),
    }));
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

  /**
   * The room's state: as stored, or, for a room never commanded, the initial one at the meeting's
   * status. A meeting found started may have been started by a room command that committed between
   * the two reads (its room state commits with the status): the room is read again.
   */
  private async load(meetingId: string): Promise<RoomState> {
    const stored = await this.rooms.find(meetingId);
    if (stored) return stored;
    const status = (await this.boards.meeting(meetingId))?.status;
    const initial = initialRoomState(meetingId);
    if (status !== MeetingStatus.Live && status !== MeetingStatus.Ended) return initial;
    return (await this.rooms.find(meetingId)) ?? { ...initial, status };
  }
}
