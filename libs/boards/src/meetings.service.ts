import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { BoardAction, MeetingSeriesView, MeetingView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AccessSubject, BoardAccessService, BoardActor } from './board-access.service';
import { MeetingStatus, checkMeetingTransition, expandRecurrence, localToInstant } from './domain';
import { Meeting, MeetingSeries } from './meeting.entity';
import { MeetingQuery, MeetingRepository } from './meeting.repository';

export interface ScheduleInput {
  title: string;
  startLocal: string;
  durationMinutes: number;
  rrule?: string;
  /** How far ahead a recurring series is materialised, in days. */
  horizonDays?: number;
}

const DEFAULT_HORIZON_DAYS = 182;
const MAX_OCCURRENCES = 100;

@Injectable()
export class MeetingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly access: BoardAccessService,
    private readonly meetingRepository: MeetingRepository,
    private readonly clock: Clock,
  ) {}

  async schedule(
    user: AuthenticatedUser,
    boardId: string,
    input: ScheduleInput,
  ): Promise<MeetingSeriesView> {
    const actor = await this.access.requireAccess(user, boardId, BoardAction.ManageMeetings);
    const board = actor.board;
    const now = this.clock.now();
    const occurrences = this.occurrencesFor(input, board.timezone, now);
    return this.uow.run(async () => {
      const series: MeetingSeries = {
        id: newId(),
        boardId,
        title: input.title.trim(),
        rrule: input.rrule?.trim() || null,
        firstStartLocal: input.startLocal,
        durationMinutes: input.durationMinutes,
        createdBy: user.id,
        createdAt: now,
      };
      const meetings = occurrences.map((occurrence): Meeting => ({
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
      }));
      await this.meetingRepository.insertSeries(series, meetings);
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
    const actor = await this.access.requireAccess(user, boardId, BoardAction.View);
    const meetings = await this.meetingRepository.ofBoard(boardId, query);
    return meetings.map((meeting) => toMeetingView(meeting, actor.board.timezone));
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
    return this.uow.run(async () => {
      const { meeting, actor } = await this.lockForUpdate(
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
      await this.meetingRepository.update(meeting.id, moved);
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

  /**
   * For other contexts (agenda, the meeting room): the meeting, locked until the caller's
   * transaction ends (call it inside `uow.run`), with the caller's rights on its board.
   * `subject`: what a non-member is told does not exist when the caller came for something in
   * the meeting (an agenda item).
   */
  async lockForUpdate(
    user: AuthenticatedUser,
    meetingId: string,
    action: BoardAction,
    subject: AccessSubject = { kind: 'meeting', id: meetingId },
  ): Promise<{ meeting: Meeting; actor: BoardActor }> {
    const meeting = await this.meetingRepository.lock(meetingId);
    if (!meeting) throw new NotFound(subject.kind, subject.id);
    const actor = await this.access.requireAccess(user, meeting.boardId, action, subject);
    return { meeting, actor };
  }

  /**
   * The meeting with the caller's rights on its board, read together in one query; one on a
   * board they do not belong to is "not found".
   */
  async load(
    user: AuthenticatedUser,
    meetingId: string,
    action: BoardAction,
  ): Promise<{ meeting: Meeting; actor: BoardActor }> {
    const found = await this.meetingRepository.findOnBoard(meetingId, user.id);
    const subject = { kind: 'meeting', id: meetingId };
    if (!found) throw new NotFound(subject.kind, subject.id);
    return { meeting: found.meeting, actor: this.access.actorOn(user, found, action, subject) };
  }

  private async transition(
    user: AuthenticatedUser,
    meetingId: string,
    to: MeetingStatus,
    action: BoardAction,
    reason: string | null,
  ): Promise<MeetingView> {
    return this.uow.run(async () => {
      const { meeting, actor } = await this.lockForUpdate(user, meetingId, action);
      const check = checkMeetingTransition(meeting.status, to);
      if (!check.ok)
        throw new Conflict(
          check.message,
          check.allowed.map((s) => ({ field: 'status', message: `allowed: ${s}` })),
        );
      const changes = { status: to, cancelledReason: reason, updatedAt: this.clock.now() };
      await this.meetingRepository.update(meeting.id, changes);
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
