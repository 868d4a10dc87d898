import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BoardRole,
  IndependentAssessment,
  ProfessionalCredentials,
  ReviewView,
  SecondOpinionView,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService } from '@app/boards';
import { Conflict, DomainEventBus, Forbidden, InvalidInput, NotFound } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { independenceExclusion, mayRevealFirstOpinion, validateConcordance } from './domain';
import { requireRequestCoordinator } from './request-access';
import { appendToTimeline } from './timeline';

interface ReviewRow {
  user_id: string;
  display_name: string;
  specialty: string;
  institution: string;
  credentials: ProfessionalCredentials;
  attestation: ReviewView['attestation'];
  assessment: IndependentAssessment | null;
  submitted_at: Date | null;
  concordance: NonNullable<ReviewView['concordance']>['classification'] | null;
  concordance_rationale: string | null;
  classified_at: Date | null;
}

/**
 * Independent review of a second opinion. Reviewers from the first
 * opinion's institution cannot be assigned; an assigned reviewer attests to
 * having no conflict of interest before the records open to them; they
 * record their own assessment before the first opinion is shown to them,
 * then classify the concordance. Submitted assessments never change.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
  ) {}

  async assign(user: AuthenticatedUser, requestId: string, userIds: string[]): Promise<void> {
    await this.uow.run(async (db) => {
      const request = await this.lockRequest(db, requestId);
      await requireRequestCoordinator(this.boards, request.board_id, user, requestId);
      if (request.status === 'consent_withdrawn')
        throw new Conflict('consent has been withdrawn: the request cannot be reviewed');
      if (request.status === 'opinion_delivered')
        throw new Conflict('the opinion has been delivered: no more reviewers are assigned');
      if (request.case_id)
        throw new Conflict(
          'the panel has been formed and put to a vote: no more reviewers join it',
        );
      const candidates: Array<{ id: string; institution: string; role: BoardRole | null }> =
        await db.query(
          `SELECT u.id, u.institution, bm.role FROM app_user u
           LEFT JOIN board_member bm ON bm.user_id = u.id AND bm.board_id = $2
           WHERE u.id = ANY($1::uuid[])`,
          [userIds, request.board_id],
        );
      const notMembers = userIds.filter(
        (id) =>
          !candidates.some((c) => c.id === id && c.role !== null && c.role !== BoardRole.Observer),
      );
      if (notMembers.length > 0)
        throw new InvalidInput('reviewers must be members of the board who are not observers', [
          ...notMembers.map((id) => ({ field: 'userIds', message: `${id} cannot review` })),
        ]);
      const screen = independenceExclusion(
        candidates.map((c) => ({
          reviewerId: c.id,
          institutions: [c.institution],
          attestation: 'no_conflict',
        })),
        request.first_opinion.institution,
      );
      if (screen.excluded.length > 0)
        throw new Conflict('reviewers from the first opinion’s institution cannot review it', [
          ...screen.excluded.map((e) => ({
            field: 'userIds',
            message: `${e.reviewerId}: ${e.reasons.join(', ')}`,
          })),
        ]);
      await db.query(
        `INSERT INTO second_opinion_reviewer (request_id, user_id, assigned_by, assigned_at)
         SELECT $1, unnest($2::uuid[]), $3, now() ON CONFLICT DO NOTHING`,
        [requestId, userIds, user.id],
      );
      await appendToTimeline(db, requestId, 'reviewers_assigned', user.id, { userIds });
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.reviewers_assigned',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { userIds },
      });
    });
  }

  async attest(
    user: AuthenticatedUser,
    requestId: string,
    noConflict: boolean,
  ): Promise<ReviewView> {
    await this.uow.run(async (db) => {
      const review = await this.ownReview(db, user, requestId, true);
      if (review.attestation)
        throw new Conflict('you have already answered the conflict-of-interest question');
      const attestation = noConflict ? 'no_conflict' : 'conflict_declared';
      await db.query(
        `UPDATE second_opinion_reviewer SET attestation = $3, attested_at = now() WHERE request_id = $1 AND user_id = $2`,
        [requestId, user.id, attestation],
      );
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.conflict_attested',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { attestation },
      });
    });
    return this.review(user, requestId);
  }

  async submitAssessment(
    user: AuthenticatedUser,
    requestId: string,
    assessment: IndependentAssessment,
  ): Promise<ReviewView> {
    await this.uow.run(async (db) => {
      const review = await this.ownReview(db, user, requestId, true);
      assertCleared(review);
      const [request] = await db.query(`SELECT status FROM second_opinion_request WHERE id = $1`, [
        requestId,
      ]);
      if (request.status !== 'records_complete')
        throw new Conflict('the records are not complete yet');
      if (review.submitted_at) throw new Conflict('your assessment is already submitted');
      await db.query(
        `INSERT INTO second_opinion_assessment (request_id, reviewer_id, assessment, submitted_at)
         VALUES ($1, $2, $3, now())`,
        [requestId, user.id, JSON.stringify(assessment)],
      );
      await appendToTimeline(db, requestId, 'assessment_submitted', user.id, {});
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.assessment_submitted',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { reviewerId: user.id },
      });
    });
    return this.review(user, requestId);
  }

  /** After their own assessment, the reviewer classifies how the first opinion compares. */
  async classify(
    user: AuthenticatedUser,
    requestId: string,
    input: { classification: string; rationale?: string },
  ): Promise<ReviewView> {
    const validated = validateConcordance(input);
    if (!validated.ok)
      throw new InvalidInput(validated.message, [
        { field: 'classification', message: validated.message },
      ]);
    await this.uow.run(async (db) => {
      const review = await this.ownReview(db, user, requestId, true);
      if (!review.submitted_at)
        throw new Conflict('submit your own assessment before comparing it with the first opinion');
      if (review.concordance) throw new Conflict('the concordance is already classified');
      await db.query(
        `UPDATE second_opinion_assessment SET concordance = $3, concordance_rationale = $4, classified_at = now()
         WHERE request_id = $1 AND reviewer_id = $2`,
        [requestId, user.id, validated.value.classification, validated.value.rationale ?? null],
      );
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.concordance_classified',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { reviewerId: user.id, classification: validated.value.classification },
      });
    });
    return this.review(user, requestId);
  }

  /** The caller's own review; the first opinion appears only once their assessment is in. */
  async review(user: AuthenticatedUser, requestId: string): Promise<ReviewView> {
    const db = this.uow.manager;
    const review = await this.ownReview(db, user, requestId);
    const [request] = await db.query(
      `SELECT first_opinion FROM second_opinion_request WHERE id = $1`,
      [requestId],
    );
    return {
      requestId,
      reviewer: {
        userId: review.user_id,
        displayName: review.display_name,
        specialty: review.specialty,
        institution: review.institution,
        credentials: review.credentials,
      },
      attestation: review.attestation,
      assessment:
        review.assessment && review.submitted_at
          ? { ...review.assessment, submittedAt: new Date(review.submitted_at).toISOString() }
          : null,
      ...(mayRevealFirstOpinion(review.submitted_at ? new Date(review.submitted_at) : null)
        ? { firstOpinion: request.first_opinion as SecondOpinionView['firstOpinion'] }
        : {}),
      concordance:
        review.concordance && review.classified_at
          ? {
              classification: review.concordance,
              rationale: review.concordance_rationale,
              classifiedAt: new Date(review.classified_at).toISOString(),
            }
          : null,
    };
  }

  /**
   * Whether the user is an assigned reviewer cleared (no conflict attested) to open the records,
   * and whether their own assessment is in (until then they stay blinded to the first opinion).
   */
  async clearance(
    userId: string,
    requestId: string,
  ): Promise<{ cleared: boolean; assessed: boolean }> {
    const [row] = await this.uow.manager.query(
      `SELECT a.submitted_at FROM second_opinion_reviewer r
       LEFT JOIN second_opinion_assessment a ON a.request_id = r.request_id AND a.reviewer_id = r.user_id
       WHERE r.request_id = $1 AND r.user_id = $2 AND r.attestation = 'no_conflict'`,
      [requestId, userId],
    );
    return {
      cleared: Boolean(row),
      assessed: mayRevealFirstOpinion(row?.submitted_at ? new Date(row.submitted_at) : null),
    };
  }

  private async ownReview(
    db: EntityManager,
    user: AuthenticatedUser,
    requestId: string,
    lock = false,
  ): Promise<ReviewRow> {
    const [row] = await db.query(
      `SELECT r.user_id, u.display_name, u.specialty, u.institution, u.credentials, r.attestation,
              a.assessment, a.submitted_at, a.concordance, a.concordance_rationale, a.classified_at
       FROM second_opinion_reviewer r
       JOIN app_user u ON u.id = r.user_id
       LEFT JOIN second_opinion_assessment a ON a.request_id = r.request_id AND a.reviewer_id = r.user_id
       WHERE r.request_id = $1 AND r.user_id = $2${lock ? ' FOR UPDATE OF r' : ''}`,
      [requestId, user.id],
    );
    if (!row) throw new NotFound('review', requestId);
    return row as ReviewRow;
  }

  private async lockRequest(
    db: EntityManager,
    requestId: string,
  ): Promise<{
    board_id: string;
    status: string;
    case_id: string | null;
    first_opinion: { institution: string };
  }> {
    const [request] = await db.query(
      `SELECT board_id, status, case_id, first_opinion FROM second_opinion_request WHERE id = $1 FOR UPDATE`,
      [requestId],
    );
    if (!request) throw new NotFound('second opinion', requestId);
    return request;
  }
}

function assertCleared(review: ReviewRow): void {
  if (review.attestation !== 'no_conflict')
    throw new Forbidden(
      review.attestation === 'conflict_declared'
        ? 'you declared a conflict of interest on this request'
        : 'attest that you have no conflict of interest first',
    );
}
