import { Injectable } from '@nestjs/common';
import { ConcordanceClassName, IndependentAssessment } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { ConflictAttestation } from './domain';

/**
 * A reviewer assigned to a request (second_opinion_reviewer) with their assessment, once submitted,
 * and its concordance class, once classified (second_opinion_assessment).
 */
export interface ReviewRow {
  user_id: string;
  attestation: ConflictAttestation | null;
  assessment: IndependentAssessment | null;
  submitted_at: Date | null;
  concordance: ConcordanceClassName | null;
  concordance_rationale: string | null;
  classified_at: Date | null;
}

/** A review in the order of assignment: reviewers assigned together share `assignment`. */
export type AssignedReviewRow = ReviewRow & { assignment: number };

/** Where a reviewer stands on a request, without what they wrote. */
export interface ReviewProgressRow {
  request_id: string;
  user_id: string;
  assigned_at: Date;
  attestation: ConflictAttestation | null;
  attested_at: Date | null;
  submitted_at: Date | null;
  concordance: ConcordanceClassName | null;
  classified_at: Date | null;
}

const COLUMNS = `r.user_id, r.attestation, a.assessment, a.submitted_at, a.concordance,
         a.concordance_rationale, a.classified_at`;
const REVIEWS = `FROM second_opinion_reviewer r
       LEFT JOIN second_opinion_assessment a ON a.request_id = r.request_id AND a.reviewer_id = r.user_id`;

const PROGRESS = `SELECT r.request_id, r.user_id, r.assigned_at, r.attestation, r.attested_at,
         a.submitted_at, a.concordance, a.classified_at ${REVIEWS}`;

/**
 * A request's reviewers and their independent assessments: the one place their rows are read and
 * written. A submitted assessment never changes (the database refuses it). Inside a transaction
 * it joins it.
 */
@Injectable()
export class SecondOpinionReviewRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The request's reviewers, in the order they were assigned. */
  async ofRequest(requestId: string): Promise<AssignedReviewRow[]> {
    return this.uow.manager.query(
      `SELECT ${COLUMNS}, dense_rank() OVER (ORDER BY r.assigned_at)::int AS assignment
       ${REVIEWS} WHERE r.request_id = $1 ORDER BY r.assigned_at`,
      [requestId],
    );
  }

  /** Where each of the request's reviewers stands, in the order they were assigned. */
  async progressOf(requestId: string): Promise<ReviewProgressRow[]> {
    return this.uow.manager.query(`${PROGRESS} WHERE r.request_id = $1 ORDER BY r.assigned_at`, [
      requestId,
    ]);
  }

  /** Where the user stands on every request they were assigned to review. */
  async progressOfUser(userId: string): Promise<ReviewProgressRow[]> {
    return this.uow.manager.query(`${PROGRESS} WHERE r.user_id = $1 ORDER BY r.assigned_at`, [
      userId,
    ]);
  }

  /** One reviewer's review, or null if they are not assigned; `lock` locks it until the transaction ends. */
  async find(requestId: string, userId: string, lock = false): Promise<ReviewRow | null> {
    const [row] = await this.uow.manager.query<ReviewRow[]>(
      `SELECT ${COLUMNS} ${REVIEWS}
       WHERE r.request_id = $1 AND r.user_id = $2${lock ? ' FOR UPDATE OF r' : ''}`,
      [requestId, userId],
    );
    return row ?? null;
  }

  /** Assigns these users at `at` (those already assigned stay as they are). */
  async assign(requestId: string, userIds: string[], assignedBy: string, at: Date): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_reviewer (request_id, user_id, assigned_by, assigned_at)
       SELECT $1, unnest($2::uuid[]), $3, $4 ON CONFLICT DO NOTHING`,
      [requestId, userIds, assignedBy, at],
    );
  }

  async attest(
    requestId: string,
    userId: string,
    attestation: ConflictAttestation,
    at: Date,
  ): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_reviewer SET attestation = $3, attested_at = $4 WHERE request_id = $1 AND user_id = $2`,
      [requestId, userId, attestation, at],
    );
  }

  async submitAssessment(
    requestId: string,
    userId: string,
    assessment: IndependentAssessment,
    at: Date,
  ): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_assessment (request_id, reviewer_id, assessment, submitted_at)
       VALUES ($1, $2, $3, $4)`,
      [requestId, userId, JSON.stringify(assessment), at],
    );
  }

  async classify(
    requestId: string,
    userId: string,
    concordance: { classification: ConcordanceClassName; rationale: string | null },
    at: Date,
  ): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_assessment SET concordance = $3, concordance_rationale = $4, classified_at = $5
       WHERE request_id = $1 AND reviewer_id = $2`,
      [requestId, userId, concordance.classification, concordance.rationale, at],
    );
  }
}
