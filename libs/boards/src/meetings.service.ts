import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Brackets, EntityManager } from 'typeorm';
import { BoardAction, MeetingSeriesView, MeetingView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { BoardAccessService, BoardActor } from './board-access.service';
import { MeetingStatus, checkMeetingTransition, expandRecurrence, localToInstant } from './domain';
import { Meeting, MeetingSeries } from './meeting.entity';

export interface ScheduleInput {
  title: string;
  startLocal: string;
  durationMinutes: number;
  rrule?: string;
  /** How far ahead a recurring series is materialised, in days. */
  horizonDays?: number;
}

export interface MeetingQuery {
  from?: Date;
  to?: Date;
  includeCancelled?: boolean;
}

const DEFAULT_HORIZON_DAYS = 182;
const MAX_OCCURRENCES = 100;

@Injectable()
export class MeetingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly access: BoardAccessService,
    private readonly clock: Clock,
  ) {}

  async schedule(
    user: AuthenticatedUser,
    boardId: string,
    input: ScheduleInput,
  ): Promise<MeetingSeriesView> {
    const actor = await this.access.require(boardId, user, BoardAction.ManageMeetings);
    const board = actor.board;
    const now = this.clock.now();
    const occurrences = this.occurrencesFor(input, board.timezone, now);
    return this.uow.run(async (db) => {
      const series = db.getRepository(MeetingSeries).create({
        id: newId(),
        boardId,
        title: input.title.trim(),
        rrule: input.rrule?.trim() || null,
        firstStartLocal: input.startLocal,
        durationMinutes: input.durationMinutes,
        createdBy: user.id,
        createdAt: now,
      });
      await db.getRepository(MeetingSeries).insert(series);
      const meetings = occurrences.map((occurrence) =>
        db.getRepository(Meeting).create({
          id: newId(),
          boardId,
          seriesId: series.id,
          title: series.title,
          startsAt: occurrence.startsAt,
          endsAt: occurrence.endsAt,
          originalStartsAt: occurrence.startsAt,
          status: MeetingStatus.Scheduled,
          cancelledReason: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await db.getRepository(Meeting).insert(meetings);
      await this.events.publish({
        type: 'domain',
        action: 'meeting.scheduled',
        targetType: 'meeting_series',
        targetId: series.id,
        details: { boardId, occurrences: meetings.length, rrule: series.rrule },
      });
      return {
        id: series.id,
        boardId,
        title: series.title,
        rrule: series.rrule,
        firstStartLocal: series.firstStartLocal,
        durationMinutes: series.durationMinutes,
        meetings: meetings.map((meeting) => toMeetingView(meeting, board.timezone)),
      };
    });
  }

  async list(
    user: AuthenticatedUser,
    boardId: string,
    query: MeetingQuery,
  ): Promise<MeetingView[]> {
    const actor = await this.access.require(boardId, user, BoardAction.View);
    const qb = this.uow.manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.board_id = :boardId', { boardId })
      .orderBy('m.starts_at')
      .take(500);
    if (query.from) qb.andWhere('m.ends_at > :from', { from: query.from });
    if (query.to) qb.andWhere('m.starts_at < :to', { to: query.to });
    if (!query.includeCancelled) qb.andWhere(`m.status <> 'cancelled'`);
    return (await qb.getMany()).map((meeting) => toMeetingView(meeting, actor.board.timezone));
  }

  async get(user: AuthenticatedUser, meetingId: string): Promise<MeetingView> {
    const { meeting, actor } = await this.load(user, meetingId, BoardAction.View);
    return toMeetingView(meeting, actor.board.timezone);
  }

  /** Moves one occurrence (the rest of its series stays). */
  async move(
    user: AuthenticatedUser,
    meetingId: string,
    changes: { startLocal?: string; durationMinutes?: number; title?: string },
  ): Promise<MeetingView> {
    return this.uow.run(async (db) => {
      const { meeting, actor } = await this.lockForUpdate(
        db,
        user,
        meetingId,
        BoardAction.ManageMeetings,
      );
      if (meeting.status !== MeetingStatus.Scheduled) {
        throw new Conflict(`a ${meeting.status} meeting cannot be moved; only scheduled ones can`);
      }
      const zone = actor.board.timezone;
      const duration =
        changes.durationMinutes ?? (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000;
      const startsAt = changes.startLocal
        ? this.instant(changes.startLocal, zone)
        : meeting.startsAt;
      const now = this.clock.now();
      if (changes.startLocal && startsAt.getTime() < now.getTime()) {
        throw new InvalidInput('a meeting cannot be moved into the past', [
          { field: 'startLocal', message: 'startLocal must be in the future' },
        ]);
      }
      const moved = {
        startsAt,
        endsAt: new Date(startsAt.getTime() + duration * 60_000),
        title: changes.title?.trim() ?? meeting.title,
        updatedAt: now,
      };
      await db.getRepository(Meeting).update(meeting.id, moved);
      await this.events.publish({
        type: 'domain',
        action: 'meeting.moved',
        targetType: 'meeting',
        targetId: meeting.id,
        details: {
          from: meeting.startsAt.toISOString(),
          to: startsAt.toISOString(),
          durationMinutes: duration,
        },
      });
      return toMeetingView({ ...meeting, ...moved }, zone);
    });
  }

  async cancel(user: AuthenticatedUser, meetingId: string, reason: string): Promise<MeetingView> {
    return this.transition(
      user,
      meetingId,
      MeetingStatus.Cancelled,
      BoardAction.ManageMeetings,
      reason,
    );
  }

  /** Start (live) or end a meeting: coordinators and chairs. */
  async changeStatus(
    user: AuthenticatedUser,
    meetingId: string,
    to: MeetingStatus,
  ): Promise<MeetingView> {
    return this.transition(user, meetingId, to, BoardAction.RunMeeting, null);
  }

  /** For other contexts (agenda): the meeting, locked, with the caller's rights on its board. */
  async lockForUpdate(
    db: EntityManager,
    user: AuthenticatedUser,
    meetingId: string,
    action: BoardAction,
  ): Promise<{ meeting: Meeting; actor: BoardActor }> {
    return this.find(db, user, meetingId, action, true);
  }

  async load(
    user: AuthenticatedUser,
    meetingId: string,
    action: BoardAction,
  ): Promise<{ meeting: Meeting; actor: BoardActor }> {
    return this.find(this.uow.manager, user, meetingId, action, false);
  }

  /** A meeting the caller may act on; one on a board they do not belong to is "not found". */
  private async find(
    db: EntityManager,
    user: AuthenticatedUser,
    meetingId: string,
    action: BoardAction,
    lock: boolean,
  ): Promise<{ meeting: Meeting; actor: BoardActor }> {
    const meeting = await db.getRepository(Meeting).findOne({
      where: { id: meetingId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!meeting) throw new NotFound('meeting', meetingId);
    const actor = await this.access.actorOn(meeting.boardId, user).catch(() => {
      throw new NotFound('meeting', meetingId);
    });
    this.access.assert(actor, action);
    return { meeting, actor };
  }

  /** The board's next scheduled meeting after this one (for deferring a case). */
  async nextMeetingAfter(db: EntityManager, meeting: Meeting): Promise<Meeting | null> {
    return db
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.board_id = :boardId', { boardId: meeting.boardId })
      .andWhere(`m.status = 'scheduled'`)
      .andWhere('m.id <> :id', { id: meeting.id })
      .andWhere(
        new Brackets((w) =>
          w
            .where('m.starts_at > :start', { start: meeting.startsAt })
            .orWhere('m.starts_at = :start AND m.id > :id'),
        ),
      )
      .orderBy('m.starts_at')
      .addOrderBy('m.id')
      .getOne();
  }

  /**
   * For worklists across boards (no access check: the caller has chosen the boards): the coming
   * meetings of these boards, scheduled or live and starting at or after `since`, soonest first.
   */
  async upcomingOfBoards(boardIds: string[], since: Date, limit: number): Promise<Meeting[]> {
    if (boardIds.length === 0) return [];
    return this.upcoming(since)
      .andWhere('m.board_id IN (:...boardIds)', { boardIds })
      .orderBy('m.starts_at')
      .addOrderBy('m.id')
      .take(limit)
      .getMany();
  }

  /** Each of these boards' next meeting (scheduled or live, starting at or after `since`). No access check. */
  async nextOfBoards(boardIds: string[], since: Date): Promise<Meeting[]> {
    if (boardIds.length === 0) return [];
    return this.upcoming(since)
      .andWhere('m.board_id IN (:...boardIds)', { boardIds })
      .distinctOn(['m.board_id'])
      .orderBy('m.board_id')
      .addOrderBy('m.starts_at')
      .addOrderBy('m.id')
      .getMany();
  }

  /** Those of these meetings still to come (scheduled or live, starting at or after `since`). No access check. */
  async upcomingByIds(meetingIds: string[], since: Date): Promise<Meeting[]> {
    if (meetingIds.length === 0) return [];
    return this.upcoming(since)
      .andWhere('m.id IN (:...meetingIds)', { meetingIds })
      .orderBy('m.starts_at')
      .addOrderBy('m.id')
      .getMany();
  }

  private upcoming(since: Date) {
    return this.uow.manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.status IN (:...open)', { open: [MeetingStatus.Scheduled, MeetingStatus.Live] })
      .andWhere('m.starts_at >= :since', { since });
  }

  private async transition(
    user: AuthenticatedUser,
    meetingId: string,
    to: MeetingStatus,
    action: BoardAction,
    reason: string | null,
  ): Promise<MeetingView> {
    return this.uow.run(async (db) => {
      const { meeting, actor } = await this.lockForUpdate(db, user, meetingId, action);
      const check = checkMeetingTransition(meeting.status, to);
      if (!check.ok)
        throw new Conflict(
          check.message,
          check.allowed.map((s) => ({ field: 'status', message: `allowed: ${s}` })),
        );
      const changes = { status: to, cancelledReason: reason, updatedAt: this.clock.now() };
      await db.getRepository(Meeting).update(meeting.id, changes);
      await this.events.publish({
        type: 'domain',
        action: `meeting.${to === MeetingStatus.Live ? 'started' : to}`,
        targetType: 'meeting',
        targetId: meeting.id,
        details: reason ? { reason } : {},
      });
      return toMeetingView({ ...meeting, ...changes }, actor.board.timezone);
    });
  }

  private occurrencesFor(
    input: ScheduleInput,
    timezone: string,
    now: Date,
  ): Array<{ startsAt: Date; endsAt: Date }> {
    if (!input.rrule) {
      const startsAt = this.instant(input.startLocal, timezone);
      if (startsAt.getTime() < now.getTime()) {
        throw new InvalidInput('a meeting cannot be scheduled in the past', [
          { field: 'startLocal', message: 'startLocal must be in the future' },
        ]);
      }
      return [{ startsAt, endsAt: new Date(startsAt.getTime() + input.durationMinutes * 60_000) }];
    }
    const horizon = input.horizonDays ?? DEFAULT_HORIZON_DAYS;
    const result = expandRecurrence({
      rrule: input.rrule,
      firstStartLocal: input.startLocal,
      timezone,
      durationMinutes: input.durationMinutes,
      until: new Date(now.getTime() + horizon * 86_400_000),
      limit: MAX_OCCURRENCES,
    });
    if (!result.ok)
      throw new InvalidInput(`invalid recurrence: ${result.problem}`, [
        { field: 'rrule', message: result.problem },
      ]);
    const future = result.occurrences.filter(
      (occurrence) => occurrence.startsAt.getTime() >= now.getTime(),
    );
    if (future.length === 0) {
      throw new InvalidInput('the recurrence has no occurrence in the future within the horizon', [
        { field: 'rrule', message: 'no future occurrence' },
      ]);
    }
    return future;
  }

  private instant(localIso: string, timezone: string): Date {
    const instant = localToInstant(localIso, timezone);
    if (!instant) {
      throw new InvalidInput('invalid local start time', [
        { field: 'startLocal', message: 'startLocal must be YYYY-MM-DDTHH:mm' },
      ]);
    }
    return instant;
  }
}

export function toMeetingView(meeting: Meeting, timezone: string): MeetingView {
  return {
    id: meeting.id,
    boardId: meeting.boardId,
    seriesId: meeting.seriesId,
    title: meeting.title,
    startsAt: meeting.startsAt.toISOString(),
    endsAt: meeting.endsAt.toISOString(),
    localStart: DateTime.fromJSDate(meeting.startsAt, { zone: timezone }).toFormat(
      "yyyy-MM-dd'T'HH:mm",
    ),
    timezone,
    status: meeting.status,
    cancelledReason: meeting.cancelledReason,
    movedFrom:
      meeting.originalStartsAt.getTime() !== meeting.startsAt.getTime()
        ? meeting.originalStartsAt.toISOString()
        : null,
  };
}
