import { Injectable } from '@nestjs/common';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { ConsultationView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, BoardLookup } from '@app/boards';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import {
  ConsultationRepository,
  ConsultationSlot,
  ConsultationWithRequest,
} from './consultation.repository';
import {
  SecondOpinionRequestRepository,
  SecondOpinionRequestRow,
} from './second-opinion-request.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { WrittenOpinionsService } from './written-opinions.service';

/**
 * The follow-up consultation after a delivered opinion: one at a time per
 * request, rescheduled in place (the invitation keeps its UID and its
 * sequence goes up, so calendars update the event instead of adding one) or
 * cancelled; the invitation is an iCalendar file for the referrer and the
 * patient, in UTC with the patient's local time spelled out.
 */
@Injectable()
export class ConsultationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly consultations: ConsultationRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly boardLookup: BoardLookup,
    private readonly writtenOpinions: WrittenOpinionsService,
    private readonly clock: Clock,
  ) {}

  async schedule(
    user: AuthenticatedUser,
    requestId: string,
    input: ConsultationSlot,
  ): Promise<ConsultationView> {
    const at = this.clock.now();
    if (input.startsAt.getTime() <= at.getTime())
      throw new InvalidInput('a consultation is scheduled in the future', [
        { field: 'startsAt', message: 'must be in the future' },
      ]);
    await this.uow.run(async () => {
      const request = await this.lockDeliveredRequest(user, requestId);
      const active = await this.consultations.activeId(requestId);
      const id = active ?? newId();
      if (active) await this.consultations.reschedule(id, input, at);
      else await this.consultations.insert(id, requestId, input, user.id, at);
      const details = {
        consultationId: id,
        startsAt: input.startsAt.toISOString(),
        durationMinutes: input.durationMinutes,
        rescheduled: Boolean(active),
      };
      await this.timeline.append(request.id, 'consultation_scheduled', user.id, details, at);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.consultation_scheduled',
        targetType: 'second_opinion',
        targetId: requestId,
        details,
      });
    });
    return this.current(user, requestId);
  }

  async cancel(user: AuthenticatedUser, requestId: string): Promise<ConsultationView> {
    const at = this.clock.now();
    await this.uow.run(async () => {
      await this.lockDeliveredRequest(user, requestId);
      const consultationId = await this.consultations.cancelActive(requestId, at);
      if (!consultationId) throw new NotFound('consultation', requestId);
      await this.timeline.append(
        requestId,
        'consultation_cancelled',
        user.id,
        { consultationId },
        at,
      );
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.consultation_cancelled',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { consultationId },
      });
    });
    return this.current(user, requestId);
  }

  /** The current consultation, or the last one cancelled. */
  async current(user: AuthenticatedUser, requestId: string): Promise<ConsultationView> {
    await this.writtenOpinions.assertMayRead(user, requestId);
    const view = await this.latestOf(requestId);
    if (!view) throw new NotFound('consultation', requestId);
    return view;
  }

  async latestOf(requestId: string): Promise<ConsultationView | null> {
    const row = await this.consultations.latest(requestId);
    return row ? toView(row) : null;
  }

  async invitation(user: AuthenticatedUser, requestId: string): Promise<string> {
    await this.writtenOpinions.assertMayRead(user, requestId);
    return this.invitationOf(requestId);
  }

  /** The iCalendar invitation (a cancellation once cancelled). */
  async invitationOf(requestId: string): Promise<string> {
    const row = await this.consultations.latest(requestId);
    if (!row) throw new NotFound('consultation', requestId);
    const board = await this.boardLookup.board(row.board_id);
    if (!board) throw new NotFound('board', row.board_id);
    const cancelled = row.cancelled_at !== null;
    const calendar = ical({
      name: `${board.name}: second opinion consultation`,
      prodId: { company: 'tumor-board', product: 'tumor-board-server', language: 'EN' },
      method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    });
    calendar.createEvent({
      id: `${row.id}@tumor-board`,
      start: row.starts_at,
      end: new Date(row.starts_at.getTime() + row.duration_minutes * 60_000),
      summary: `Second opinion follow-up consultation (${row.patient_ref})`,
      description:
        `Follow-up consultation about the second opinion from ${board.name}. ` +
        `Patient's local time: ${localStart(row)}. Where: ${row.location}`,
      location: row.location,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: row.sequence,
      stamp: row.updated_at,
    });
    return calendar.toString();
  }

  private async lockDeliveredRequest(
    user: AuthenticatedUser,
    requestId: string,
  ): Promise<SecondOpinionRequestRow> {
    const request = await this.requests.lock(requestId);
    await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
      kind: 'second opinion',
      id: requestId,
    });
    if (request.status !== 'opinion_delivered')
      throw new Conflict('a follow-up consultation follows a delivered opinion');
    return request;
  }
}

function localStart(row: ConsultationWithRequest): string {
  return DateTime.fromJSDate(row.starts_at, { zone: row.timezone }).toFormat(
    "yyyy-LL-dd HH:mm '('z')'",
  );
}

function toView(row: ConsultationWithRequest): ConsultationView {
  return {
    id: row.id,
    startsAt: row.starts_at.toISOString(),
    durationMinutes: row.duration_minutes,
    location: row.location,
    patientLocalStart: localStart(row),
    timezone: row.timezone,
    sequence: row.sequence,
    cancelledAt: row.cancelled_at ? new Date(row.cancelled_at).toISOString() : null,
  };
}
