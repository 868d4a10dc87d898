import { Injectable } from '@nestjs/common';
import {
  ConsentRecord,
  FirstOpinionRecord,
  PayerRecord,
  SecondOpinionPriority,
  SecondOpinionStatus,
  SecondOpinionType,
  SecondOpinionView,
} from '@app/contracts';
import { NotFound } from '@app/core';
import { UnitOfWork } from '@app/persistence';

/** A second-opinion request as stored (second_opinion_request). */
export interface SecondOpinionRequestRow {
  id: string;
  board_id: string;
  type: SecondOpinionType;
  priority: SecondOpinionPriority;
  status: SecondOpinionStatus;
  patient_ref: string;
  patient_birth_year: number;
  patient_sex: SecondOpinionView['patient']['sex'];
  preferred_language: string;
  country: string;
  timezone: string;
  question: string;
  referrer: SecondOpinionView['referrer'];
  first_opinion: FirstOpinionRecord;
  consent: ConsentRecord;
  payer: PayerRecord;
  received_at: Date;
  created_by: string;
  updated_at: Date;
  version: number;
  follow_up_questions_allowed: number;
  /** The board case holding the panel's vote, once the request goes to a panel. */
  case_id: string | null;
}

/** A request whose written opinion was issued (version 1), with when it was. */
export interface DeliveredRequestRow {
  id: string;
  board_id: string;
  case_id: string | null;
  patient_ref: string;
  issued_at: Date;
}

/** What the referral's intake records; status, version and `updated_at` (= `received_at`) are set on insert. */
export type NewSecondOpinionRequest = Omit<
  SecondOpinionRequestRow,
  'status' | 'updated_at' | 'version' | 'case_id'
>;

/**
 * The second-opinion request aggregate's rows: the one place they are read, locked and changed.
 * Every change counts up `version` and `updated_at`. Inside a transaction it joins it.
 */
@Injectable()
export class SecondOpinionRequestRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** A new request, awaiting its records. */
  async insert(request: NewSecondOpinionRequest): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_request (id, board_id, type, priority, status, patient_ref, patient_birth_year,
         patient_sex, preferred_language, country, timezone, question, referrer, first_opinion, consent, payer,
         received_at, created_by, updated_at, follow_up_questions_allowed)
       VALUES ($1, $2, $3, $4, 'awaiting_records', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16, $18)`,
      [
        request.id,
        request.board_id,
        request.type,
        request.priority,
        request.patient_ref,
        request.patient_birth_year,
        request.patient_sex,
        request.preferred_language,
        request.country,
        request.timezone,
        request.question,
        JSON.stringify(request.referrer),
        JSON.stringify(request.first_opinion),
        JSON.stringify(request.consent),
        JSON.stringify(request.payer),
        request.received_at,
        request.created_by,
        request.follow_up_questions_allowed,
      ],
    );
  }

  /** The request; 404 if there is none. */
  async find(id: string): Promise<SecondOpinionRequestRow> {
    return this.one(id, '');
  }

  /** The request, locked until the transaction ends: every change to a request starts here. */
  async lock(id: string): Promise<SecondOpinionRequestRow> {
    return this.one(id, ' FOR UPDATE');
  }

  /** These requests (unknown ids left out), in one query. */
  async findMany(ids: string[]): Promise<SecondOpinionRequestRow[]> {
    if (ids.length === 0) return [];
    return this.uow.manager.query(
      `SELECT * FROM second_opinion_request WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** A board's requests, latest received first. */
  async onBoard(boardId: string): Promise<SecondOpinionRequestRow[]> {
    return this.uow.manager.query(
      `SELECT * FROM second_opinion_request WHERE board_id = $1 ORDER BY received_at DESC, id`,
      [boardId],
    );
  }

  /** The request's board and whether consent was withdrawn; null if there is no such request. */
  async ownerOf(id: string): Promise<{ board_id: string; withdrawn: boolean } | null> {
    const [row] = await this.uow.manager.query<Array<{ board_id: string; withdrawn: boolean }>>(
      `SELECT board_id, status = 'consent_withdrawn' AS withdrawn FROM second_opinion_request WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * A board's delivered requests, consent withdrawn left out; `requestId`, if given, keeps only
   * that request; `deliveredBy`, if given, only those delivered by then.
   */
  async deliveredOnBoard(
    boardId: string,
    filter: { requestId: string | null; deliveredBy: Date | null },
  ): Promise<DeliveredRequestRow[]> {
    return this.uow.manager.query(
      `SELECT q.id, q.board_id, q.case_id, q.patient_ref, o.issued_at
       FROM second_opinion_request q
       JOIN second_opinion_opinion o ON o.request_id = q.id AND o.version = 1
       WHERE q.board_id = $1 AND q.status <> 'consent_withdrawn' AND ($2::uuid IS NULL OR q.id = $2)
         AND ($3::timestamptz IS NULL OR o.issued_at <= $3)`,
      [boardId, filter.requestId, filter.deliveredBy],
    );
  }

  async setStatus(id: string, status: SecondOpinionStatus, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_request SET status = $2, updated_at = $3, version = version + 1 WHERE id = $1`,
      [id, status, at],
    );
  }

  /** The patient's withdrawal of consent at `at`, which stops the request. */
  async withdrawConsent(id: string, consent: ConsentRecord, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_request SET consent = $2, status = 'consent_withdrawn', updated_at = $3,
         version = version + 1 WHERE id = $1`,
      [id, JSON.stringify(consent), at],
    );
  }

  /** The board case made for the panel's vote. */
  async setPanelCase(id: string, caseId: string): Promise<void> {
    await this.uow.manager.query(`UPDATE second_opinion_request SET case_id = $2 WHERE id = $1`, [
      id,
      caseId,
    ]);
  }

  private async one(id: string, lock: '' | ' FOR UPDATE'): Promise<SecondOpinionRequestRow> {
    const [row] = await this.uow.manager.query<SecondOpinionRequestRow[]>(
      `SELECT * FROM second_opinion_request WHERE id = $1${lock}`,
      [id],
    );
    if (!row) throw new NotFound('second opinion', id);
    return row;
  }
}
