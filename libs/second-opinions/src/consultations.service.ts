import { Injectable } from '@nestjs/common';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { ConsultationView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService } from '@app/boards';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { OpinionsService } from './opinions.service';
import { requireRequestCoordinator } from './request-access';
import { appendToTimeline } from './timeline';

interface ConsultationRow {
  id: string;
  request_id: string;
  starts_at: Date;
  duration_minutes: number;
  location: string;
  sequence: number;
  cancelled_at: Date | null;
  scheduled_at: Date;
  updated_at: Date;
  timezone: string;
  patient_ref: string;
  board_name: string;
}

export interface ConsultationRequest {
  startsAt: Date;
  durationMinutes: number;
  location: string;
}

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
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly opinions: OpinionsService,
    private readonly clock: Clock,
  ) {}

  async schedule(
    user: AuthenticatedUser,
    requestId: string,
    input: ConsultationRequest,
  ): Promise<ConsultationView> {
    if (input.startsAt.getTime() <= this.clock.now().getTime())
      throw new InvalidInput('a consultation is scheduled in the future', [
        { field: 'startsAt', message: 'must be in the future' },
      ]);
    await this.uow.run(async (db) => {
      const request = await this.lockDeliveredRequest(db, user, requestId);
      const [active] = await db.query(
        `SELECT id FROM second_opinion_consultation WHERE request_id = $1 AND cancelled_at IS NULL`,
        [requestId],
      );
      const id: string = active?.id ?? newId();
      if (active)
        await db.query(
          `UPDATE second_opinion_consultation SET starts_at = $2, duration_minutes = $3, location = $4,
             sequence = sequence + 1, updated_at = now() WHERE id = $1`,
          [id, input.startsAt, input.durationMinutes, input.location],
        );
      else
        await db.query(
          `INSERT INTO second_opinion_consultation (id, request_id, starts_at, duration_minutes, location,
             scheduled_by, scheduled_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, now(), now())`,
          [id, requestId, input.startsAt, input.durationMinutes, input.location, user.id],
        );
      const details = {
        consultationId: id,
        startsAt: input.startsAt.toISOString(),
        durationMinutes: input.durationMinutes,
        rescheduled: Boolean(active),
      };
      await appendToTimeline(db, request.id, 'consultation_scheduled', user.id, details);
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
    await this.uow.run(async (db) => {
      await this.lockDeliveredRequest(db, user, requestId);
      const cancelled = await db.query(
        `UPDATE second_opinion_consultation SET cancelled_at = now(), sequence = sequence + 1, updated_at = now()
         WHERE request_id = $1 AND cancelled_at IS NULL RETURNING id`,
        [requestId],
      );
      if (cancelled[0].length === 0) throw new NotFound('consultation', requestId);
      await appendToTimeline(db, requestId, 'consultation_cancelled', user.id, {
        consultationId: cancelled[0][0].id,
      });
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.consultation_cancelled',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { consultationId: cancelled[0][0].id },
      });
    });
    return this.current(user, requestId);
  }

  /** The current consultation, or the last one cancelled. */
  async current(user: AuthenticatedUser, requestId: string): Promise<ConsultationView> {
    await this.opinions.assertMayRead(user, requestId);
    const view = await this.latestOf(requestId);
    if (!view) throw new NotFound('consultation', requestId);
    return view;
  }

  async latestOf(requestId: string): Promise<ConsultationView | null> {
    const row = await this.latestRow(requestId);
    return row ? toView(row) : null;
  }

  async invitation(user: AuthenticatedUser, requestId: string): Promise<string> {
    await this.opinions.assertMayRead(user, requestId);
    return this.invitationOf(requestId);
  }

  /** The iCalendar invitation (a cancellation once cancelled). */
  async invitationOf(requestId: string): Promise<string> {
    const row = await this.latestRow(requestId);
    if (!row) throw new NotFound('consultation', requestId);
    const cancelled = row.cancelled_at !== null;
    const calendar = ical({
      name: `${row.board_name}: second opinion consultation`,
      prodId: { company: 'tumor-board', product: 'tumor-board-server', language: 'EN' },
      method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    });
    calendar.createEvent({
      id: `${row.id}@tumor-board`,
      start: row.starts_at,
      end: new Date(row.starts_at.getTime() + row.duration_minutes * 60_000),
      summary: `Second opinion follow-up consultation (${row.patient_ref})`,
      description:
        `Follow-up consultation about the second opinion from ${row.board_name}. ` +
        `Patient's local time: ${localStart(row)}. Where: ${row.location}`,
      location: row.location,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: row.sequence,
      stamp: row.updated_at,
    });
    return calendar.toString();
  }

  private async latestRow(requestId: string): Promise<ConsultationRow | null> {
    const [row] = await this.uow.manager.query(
      `SELECT c.*, r.timezone, r.patient_ref, b.name AS board_name
       FROM second_opinion_consultation c
       JOIN second_opinion_request r ON r.id = c.request_id JOIN board b ON b.id = r.board_id
       WHERE c.request_id = $1 ORDER BY (c.cancelled_at IS NULL) DESC, c.updated_at DESC LIMIT 1`,
      [requestId],
    );
    return row
      ? { ...row, starts_at: new Date(row.starts_at), updated_at: new Date(row.updated_at) }
      : null;
  }

  private async lockDeliveredRequest(
    db: EntityManager,
    user: AuthenticatedUser,
    requestId: string,
  ): Promise<{ id: string }> {
    const [request] = await db.query(
      `SELECT id, board_id, status FROM second_opinion_request WHERE id = $1 FOR UPDATE`,
      [requestId],
    );
    if (!request) throw new NotFound('second opinion', requestId);
    await requireRequestCoordinator(this.boards, request.board_id, user, requestId);
    if (request.status !== 'opinion_delivered')
      throw new Conflict('a follow-up consultation follows a delivered opinion');
    return request;
  }
}

function localStart(row: ConsultationRow): string {
  return DateTime.fromJSDate(row.starts_at, { zone: row.timezone }).toFormat(
    "yyyy-LL-dd HH:mm '('z')'",
  );
}

function toView(row: ConsultationRow): ConsultationView {
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
