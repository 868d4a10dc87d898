import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { SecondOpinionRequestRow } from './second-opinion-request.repository';

/** The follow-up consultation after a delivered opinion (second_opinion_consultation). */
export interface ConsultationRow {
  id: string;
  request_id: string;
  starts_at: Date;
  duration_minutes: number;
  location: string;
  /** The invitation's iCalendar SEQUENCE: up by one with each change. */
  sequence: number;
  cancelled_at: Date | null;
  scheduled_by: string;
  scheduled_at: Date;
  updated_at: Date;
}

/** A consultation with what of its request the invitation needs. */
export type ConsultationWithRequest = ConsultationRow &
  Pick<SecondOpinionRequestRow, 'board_id' | 'timezone' | 'patient_ref'>;

export interface ConsultationSlot {
  startsAt: Date;
  durationMinutes: number;
  location: string;
}

/**
 * Requests' consultations, one active at a time (the database's unique index on it): the one
 * place their rows are read and written. Inside a transaction it joins it.
 */
@Injectable()
export class ConsultationRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The id of the request's active (not cancelled) consultation, or null. */
  async activeId(requestId: string): Promise<string | null> {
    const [row] = await this.uow.manager.query<Array<{ id: string }>>(
      `SELECT id FROM second_opinion_consultation WHERE request_id = $1 AND cancelled_at IS NULL`,
      [requestId],
    );
    return row?.id ?? null;
  }

  async insert(
    id: string,
    requestId: string,
    slot: ConsultationSlot,
    scheduledBy: string,
    at: Date,
  ): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_consultation (id, request_id, starts_at, duration_minutes, location,
         scheduled_by, scheduled_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [id, requestId, slot.startsAt, slot.durationMinutes, slot.location, scheduledBy, at],
    );
  }

  /** Moves a consultation in place at `at`: the same invitation, one sequence up. */
  async reschedule(id: string, slot: ConsultationSlot, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_consultation SET starts_at = $2, duration_minutes = $3, location = $4,
         sequence = sequence + 1, updated_at = $5 WHERE id = $1`,
      [id, slot.startsAt, slot.durationMinutes, slot.location, at],
    );
  }

  /** Cancels at `at` the request's active consultation; returns its id, or null if there was none. */
  async cancelActive(requestId: string, at: Date): Promise<string | null> {
    const [rows]: [Array<{ id: string }>, number] = await this.uow.manager.query(
      `UPDATE second_opinion_consultation SET cancelled_at = $2, sequence = sequence + 1, updated_at = $2
       WHERE request_id = $1 AND cancelled_at IS NULL RETURNING id`,
      [requestId, at],
    );
    return rows[0]?.id ?? null;
  }

  /** The active consultation, else the one last changed; null if none was ever scheduled. */
  async latest(requestId: string): Promise<ConsultationWithRequest | null> {
    const [row] = await this.uow.manager.query<ConsultationWithRequest[]>(
      `SELECT c.*, r.board_id, r.timezone, r.patient_ref
       FROM second_opinion_consultation c JOIN second_opinion_request r ON r.id = c.request_id
       WHERE c.request_id = $1 ORDER BY (c.cancelled_at IS NULL) DESC, c.updated_at DESC LIMIT 1`,
      [requestId],
    );
    return row
      ? { ...row, starts_at: new Date(row.starts_at), updated_at: new Date(row.updated_at) }
      : null;
  }
}
