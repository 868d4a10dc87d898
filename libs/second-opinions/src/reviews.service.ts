import { Injectable } from '@nestjs/common';
import { BoardRole, IndependentAssessment, ReviewView, ReviewerProgressView } from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardAccessService, BoardAction, BoardLookup } from '@app/boards';
import { Clock, Conflict, DomainEventBus, Forbidden, InvalidInput, NotFound } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import {
  AssignedReviewer,
  independenceExclusion,
  mayRevealFirstOpinion,
  validateConcordance,
} from './domain';
import { SecondOpinionArbitrationRepository } from './second-opinion-arbitration.repository';
import { SecondOpinionRequestRepository } from './second-opinion-request.repository';
import { ReviewRow, SecondOpinionReviewRepository } from './second-opinion-review.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';

/**
 * Independent review of a second-opinion request. Reviewers from the first
 * opinion's institution cannot be assigned; an assigned reviewer attests to
 * having no conflict of interest before the records open to them; they
 * record their own assessment before the first opinion is shown to them,
 * then classify the concordance. Submitted assessments never change.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly reviews: SecondOpinionReviewRepository,
    private readonly arbitrations: SecondOpinionArbitrationRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly boardLookup: BoardLookup,
    private readonly users: UserLookup,
    private readonly clock: Clock,
  ) {}

  async assign(user: AuthenticatedUser, requestId: string, userIds: string[]): Promise<void> {
    const at = this.clock.now();
    await this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
        kind: 'second opinion',
        id: requestId,
      });
      if (request.status === 'consent_withdrawn')
        throw new Conflict('consent has been withdrawn: the request cannot be reviewed');
      if (request.status === 'opinion_delivered')
        throw new Conflict('the opinion has been delivered: no more reviewers are assigned');
      if (request.case_id)
        throw new Conflict(
          'the panel has been formed and put to a vote: no more reviewers join it',
        );
      const candidates = await this.users.summaries(userIds);
      const memberships = await this.boardLookup.memberships(request.board_id, userIds);
      const mayReview = (id: string) =>
        candidates.some((c) => c.id === id) &&
        memberships.some((m) => m.userId === id && m.role !== BoardRole.Observer);
      const notMembers = userIds.filter((id) => !mayReview(id));
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
      await this.reviews.assign(requestId, userIds, user.id, at);
      await this.timeline.append(requestId, 'reviewers_assigned', user.id, { userIds }, at);
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
    await this.uow.run(async () => {
      const review = await this.ownReview(user, requestId, true);
      if (review.attestation)
        throw new Conflict('you have already answered the conflict-of-interest question');
      const attestation = noConflict ? 'no_conflict' : 'conflict_declared';
      await this.reviews.attest(requestId, user.id, attestation, this.clock.now());
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
    const at = this.clock.now();
    await this.uow.run(async () => {
      const review = await this.ownReview(user, requestId, true);
      assertCleared(review);
      const request = await this.requests.find(requestId);
      if (request.status !== 'records_complete')
        throw new Conflict('the records are not complete yet');
      if (review.submitted_at) throw new Conflict('your assessment is already submitted');
      await this.reviews.submitAssessment(requestId, user.id, assessment, at);
      await this.timeline.append(requestId, 'assessment_submitted', user.id, {}, at);
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
    await this.uow.run(async () => {
      const review = await this.ownReview(user, requestId, true);
      if (!review.submitted_at)
        throw new Conflict('submit your own assessment before comparing it with the first opinion');
      if (review.concordance) throw new Conflict('the concordance is already classified');
      await this.reviews.classify(requestId, user.id, validated.value, this.clock.now());
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

  /** Coordinators: where each reviewer stands, in the order they were assigned (together: by name). */
  async progress(user: AuthenticatedUser, requestId: string): Promise<ReviewerProgressView[]> {
    const request = await this.requests.find(requestId);
    await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
      kind: 'second opinion',
      id: requestId,
    });
    const rows = await this.reviews.progressOf(requestId);
    const profiles = await this.users.professionalProfiles(rows.map((row) => row.user_id));
    const byUser = new Map(profiles.map((profile, byName) => [profile.id, { profile, byName }]));
    return rows
      .flatMap((row) => {
        const found = byUser.get(row.user_id);
        return found ? [{ row, ...found }] : [];
      })
      .sort(
        (a, b) =>
          new Date(a.row.assigned_at).getTime() - new Date(b.row.assigned_at).getTime() ||
          a.byName - b.byName,
      )
      .map(({ row, profile }) => ({
        userId: row.user_id,
        displayName: profile.displayName,
        specialty: profile.specialty,
        institution: profile.institution,
        assignedAt: iso(row.assigned_at),
        attestation: row.attestation,
        attestedAt: row.attested_at ? iso(row.attested_at) : null,
        assessmentSubmittedAt: row.submitted_at ? iso(row.submitted_at) : null,
        concordance: row.concordance,
      }));
  }

  /** The caller's own review; the first opinion appears only once their assessment is in. */
  async review(user: AuthenticatedUser, requestId: string): Promise<ReviewView> {
    const review = await this.ownReview(user, requestId);
    const [reviewer] = await this.users.professionalProfiles([user.id]);
    const request = await this.requests.find(requestId);
    return {
      requestId,
      reviewer: {
        userId: review.user_id,
        displayName: reviewer.displayName,
        specialty: reviewer.specialty,
        institution: reviewer.institution,
        credentials: reviewer.credentials,
      },
      attestation: review.attestation,
      assessment:
        review.assessment && review.submitted_at
          ? { ...review.assessment, submittedAt: new Date(review.submitted_at).toISOString() }
          : null,
      ...(mayRevealFirstOpinion(review.submitted_at ? new Date(review.submitted_at) : null)
        ? { firstOpinion: request.first_opinion }
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
   * Whether the user is an assigned reviewer, or the request's arbiter, cleared (no conflict
   * attested) to open the records, and whether their own assessment is in (until then they stay
   * blinded to the first opinion, and an arbiter to the second one too).
   */
  async clearance(
    userId: string,
    requestId: string,
  ): Promise<{ cleared: boolean; assessed: boolean }> {
    const own =
      (await this.reviews.find(requestId, userId)) ??
      (await this.arbitrations.ofArbiter(requestId, userId));
    const cleared = own?.attestation === 'no_conflict';
    return {
      cleared,
      assessed:
        cleared && mayRevealFirstOpinion(own.submitted_at ? new Date(own.submitted_at) : null),
    };
  }

  /**
   * The request's reviewers with their professional credentials and assessments, in the order
   * they were assigned (those assigned together by name).
   */
  async reviewersOf(requestId: string): Promise<AssignedReviewer[]> {
    const rows = await this.reviews.ofRequest(requestId);
    const profiles = await this.users.professionalProfiles(rows.map((row) => row.user_id));
    const byUser = new Map(profiles.map((profile, byName) => [profile.id, { profile, byName }]));
    return rows
      .flatMap((row) => {
        const found = byUser.get(row.user_id);
        return found ? [{ row, ...found }] : [];
      })
      .sort((a, b) => a.row.assignment - b.row.assignment || a.byName - b.byName)
      .map(({ row, profile }) => ({
        userId: row.user_id,
        displayName: profile.displayName,
        specialty: profile.specialty,
        institution: profile.institution,
        credentials: profile.credentials,
        attestation: row.attestation,
        assessment: row.assessment,
        submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
        concordance: row.concordance,
        concordanceRationale: row.concordance_rationale,
      }));
  }

  private async ownReview(
    user: AuthenticatedUser,
    requestId: string,
    lock = false,
  ): Promise<ReviewRow> {
    const review = await this.reviews.find(requestId, user.id, lock);
    if (!review) throw new NotFound('review', requestId);
    return review;
  }
}

function iso(at: Date): string {
  return new Date(at).toISOString();
}

function assertCleared(review: ReviewRow): void {
  if (review.attestation !== 'no_conflict')
    throw new Forbidden(
      review.attestation === 'conflict_declared'
        ? 'you declared a conflict of interest on this request'
        : 'attest that you have no conflict of interest first',
    );
}
