import { Injectable } from '@nestjs/common';
import {
  ArbitrationOutcome,
  FollowUpQuestionView,
  SecondOpinionPriority,
  WrittenOpinionContent,
} from '@app/contracts';
import { UnitOfWork } from '@app/persistence';

/** A version of the written opinion (second_opinion_opinion), without its PDFs. */
export interface WrittenOpinionRow {
  version: number;
  content: WrittenOpinionContent;
  content_sha256: string;
  revision_reason: string | null;
  issued_by: string;
  issued_at: Date;
}

/** A version as issued: frozen with its two PDFs (the table is append-only). */
export interface IssuedWrittenOpinion extends WrittenOpinionRow {
  request_id: string;
  clinical_pdf: Buffer;
  patient_summary_pdf: Buffer;
}

/** A version as listed: when it was issued and why, and the arbitration outcome it carries, if any. */
export interface OpinionIssueRow extends Pick<
  WrittenOpinionRow,
  'version' | 'issued_at' | 'revision_reason'
> {
  arbitration_outcome: ArbitrationOutcome | null;
}

/** A first delivery: version 1 as issued, its concordance class and the request's priority. */
export interface FirstIssueRow {
  request_id: string;
  issued_at: Date;
  classification: string | null;
  priority: SecondOpinionPriority;
}

/** The two PDFs of a version: the clinical report and the patient's plain-language summary. */
export type WrittenOpinionDocument = 'clinical_report' | 'patient_summary';

/** A referrer's follow-up question (second_opinion_question), answered once, by an addendum. */
export interface FollowUpQuestionRow {
  id: string;
  request_id: string;
  number: number;
  question: string;
  asked_via: FollowUpQuestionView['askedVia'];
  asked_by: string | null;
  asked_at: Date;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  answered_in_version: number | null;
}

const VERSION_COLUMNS = `version, content, content_sha256, revision_reason, issued_by, issued_at`;

/**
 * The written opinion's versions and the follow-up questions its addenda answer: the one place
 * their rows are read and written. Inside a transaction it joins it.
 */
@Injectable()
export class WrittenOpinionRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The number the next version of the request's written opinion gets. */
  async nextVersion(requestId: string): Promise<number> {
    const [{ version }] = await this.uow.manager.query<Array<{ version: number }>>(
      `SELECT coalesce(max(version), 0) + 1 AS version FROM second_opinion_opinion WHERE request_id = $1`,
      [requestId],
    );
    return version;
  }

  async insert(issued: IssuedWrittenOpinion): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_opinion (request_id, version, content, content_sha256, clinical_pdf,
         patient_summary_pdf, revision_reason, issued_by, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        issued.request_id,
        issued.version,
        JSON.stringify(issued.content),
        issued.content_sha256,
        issued.clinical_pdf,
        issued.patient_summary_pdf,
        issued.revision_reason,
        issued.issued_by,
        issued.issued_at,
      ],
    );
  }

  /** That version, or the latest if none is named; null if there is none. */
  async find(requestId: string, version?: number): Promise<WrittenOpinionRow | null> {
    const [row] = await this.uow.manager.query<WrittenOpinionRow[]>(
      `SELECT ${VERSION_COLUMNS}
       FROM second_opinion_opinion WHERE request_id = $1 AND ($2::int IS NULL OR version = $2)
       ORDER BY version DESC LIMIT 1`,
      [requestId, version ?? null],
    );
    return row ?? null;
  }

  /** Every version, first to last. */
  async versions(requestId: string): Promise<WrittenOpinionRow[]> {
    return this.uow.manager.query(
      `SELECT ${VERSION_COLUMNS} FROM second_opinion_opinion WHERE request_id = $1 ORDER BY version`,
      [requestId],
    );
  }

  /** When each version was issued and why, first to last (what the referrer's page lists). */
  async issues(requestId: string): Promise<OpinionIssueRow[]> {
    return this.uow.manager.query(
      `SELECT version, issued_at, revision_reason,
         content -> 'arbitration' ->> 'outcome' AS arbitration_outcome
       FROM second_opinion_opinion WHERE request_id = $1
       ORDER BY version`,
      [requestId],
    );
  }

  /** The board's first deliveries (version 1 issued) from `from` (included) to `to` (excluded). */
  async firstIssuedBetween(boardId: string, from: Date, to: Date): Promise<FirstIssueRow[]> {
    return this.uow.manager.query(
      `SELECT o.request_id, o.issued_at, o.content -> 'concordance' ->> 'classification' AS classification,
         r.priority
       FROM second_opinion_opinion o JOIN second_opinion_request r ON r.id = o.request_id
       WHERE r.board_id = $1 AND o.version = 1 AND o.issued_at >= $2 AND o.issued_at < $3`,
      [boardId, from, to],
    );
  }

  /** One PDF of that version, or of the latest if none is named; null if there is none. */
  async pdf(
    requestId: string,
    which: WrittenOpinionDocument,
    version?: number,
  ): Promise<{ pdf: Buffer; version: number } | null> {
    const [row] = await this.uow.manager.query<Array<{ pdf: Buffer; version: number }>>(
      `SELECT version, ${which === 'clinical_report' ? 'clinical_pdf' : 'patient_summary_pdf'} AS pdf
       FROM second_opinion_opinion WHERE request_id = $1 AND ($2::int IS NULL OR version = $2)
       ORDER BY version DESC LIMIT 1`,
      [requestId, version ?? null],
    );
    return row ? { pdf: row.pdf, version: row.version } : null;
  }

  async questionCount(requestId: string): Promise<number> {
    const [{ asked }] = await this.uow.manager.query<Array<{ asked: number }>>(
      `SELECT count(*)::int AS asked FROM second_opinion_question WHERE request_id = $1`,
      [requestId],
    );
    return asked;
  }

  /** A question asked; returns it as stored. */
  async insertQuestion(
    question: Pick<
      FollowUpQuestionRow,
      'request_id' | 'number' | 'question' | 'asked_via' | 'asked_by' | 'asked_at'
    >,
  ): Promise<FollowUpQuestionRow> {
    const [row] = await this.uow.manager.query<FollowUpQuestionRow[]>(
      `INSERT INTO second_opinion_question (id, request_id, number, question, asked_via, asked_by, asked_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING *`,
      [
        question.request_id,
        question.number,
        question.question,
        question.asked_via,
        question.asked_by,
        question.asked_at,
      ],
    );
    return row;
  }

  /** The question with that number, locked until the transaction ends; null if there is none. */
  async lockQuestion(requestId: string, number: number): Promise<FollowUpQuestionRow | null> {
    const [row] = await this.uow.manager.query<FollowUpQuestionRow[]>(
      `SELECT * FROM second_opinion_question WHERE request_id = $1 AND number = $2 FOR UPDATE`,
      [requestId, number],
    );
    return row ?? null;
  }

  /** The answer to a question, given in the addendum issued as `version`. */
  async answerQuestion(
    id: string,
    answer: { answer: string; answeredBy: string; answeredAt: Date; version: number },
  ): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_question SET answer = $2, answered_by = $3, answered_at = $4, answered_in_version = $5
       WHERE id = $1`,
      [id, answer.answer, answer.answeredBy, answer.answeredAt, answer.version],
    );
  }

  /** The request's questions, by number. */
  async questions(requestId: string): Promise<FollowUpQuestionRow[]> {
    return this.uow.manager.query(
      `SELECT * FROM second_opinion_question WHERE request_id = $1 ORDER BY number`,
      [requestId],
    );
  }
}
