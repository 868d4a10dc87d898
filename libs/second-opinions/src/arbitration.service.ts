import { Injectable } from '@nestjs/common';
import {
  ArbitrationOutcome,
  ArbitrationView,
  BoardRole,
  PlatformRole,
  IndependentAssessment,
  ReviewerCredentials,
} from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardAccessService, BoardAction, BoardLookup, mayOnBoard } from '@app/boards';
import {
  Clock,
  Conflict,
  DomainEventBus,
  Forbidden,
  InvalidInput,
  NotFound,
  newId,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import {
  ArbiterStep,
  arbitratedOpinion,
  arbitrationRevisionReason,
  assertArbiterMay,
  assertArbitrable,
  independenceExclusion,
  mayRevealFirstOpinion,
} from './domain';
import {
  ArbitrationRow,
  SecondOpinionArbitrationRepository,
} from './second-opinion-arbitration.repository';
import {
  SecondOpinionRequestRepository,
  SecondOpinionRequestRow,
} from './second-opinion-request.repository';
import { SecondOpinionReviewRepository } from './second-opinion-review.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { WrittenOpinionRepository } from './written-opinion.repository';
import { WrittenOpinionsService } from './written-opinions.service';

const SUBJECT = 'second opinion';

/**
 * A third opinion when the first two disagree: once an opinion that changed the diagnosis or the
 * treatment is delivered, a coordinator may ask one more independent reviewer — a member of the
 * board who is not an observer, not one of the request's reviewers and not from the first
 * opinion's institution — to arbitrate. The arbiter attests to no conflict of interest before
 * the records open to them, records their own assessment blind to both earlier opinions, then
 * decides which stands; the decision is the written opinion's next version.
 *
 * Somewhat over the ~350-line guide on purpose: asking, attesting, assessing and deciding share
 * the request's lock and the arbiter's blinding, which is safest read in one place.
 */
@Injectable()
export class ArbitrationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly arbitrations: SecondOpinionArbitrationRepository,
    private readonly reviews: SecondOpinionReviewRepository,
    private readonly opinions: WrittenOpinionRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly writtenOpinions: WrittenOpinionsService,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly boardLookup: BoardLookup,
    private readonly users: UserLookup,
    private readonly clock: Clock,
  ) {}

  /** Coordinators: asks `arbiterId` to arbitrate the delivered opinion, for `reason`. */
  async request(
    user: AuthenticatedUser,
    requestId: string,
    input: { arbiterId: string; reason: string },
  ): Promise<ArbitrationView> {
    const at = this.clock.now();
    await this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
        kind: SUBJECT,
        id: requestId,
      });
      const latest = await this.opinions.find(requestId);
      const standing = await this.arbitrations.current(requestId);
      assertArbitrable({
        status: request.status,
        concordance: latest?.content.concordance.classification ?? null,
        standing: standing !== null && standing.attestation !== 'conflict_declared',
      });
      if (!latest) throw new Error(`delivered second opinion ${requestId} has no written opinion`);
      await this.assertMayArbitrate(request, input.arbiterId);
      await this.arbitrations.insert({
        id: newId(),
        request_id: requestId,
        arbiter_id: input.arbiterId,
        reason: input.reason,
        opinion_version: latest.version,
        requested_by: user.id,
        requested_at: at,
      });
      await this.timeline.append(
        requestId,
        'arbitration_requested',
        user.id,
        { arbiterId: input.arbiterId, reason: input.reason, opinionVersion: latest.version },
        at,
      );
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.arbitration_requested',
        targetType: 'second_opinion',
        targetId: requestId,
        details: {
          arbiterId: input.arbiterId,
          opinionVersion: latest.version,
          concordance: latest.content.concordance.classification,
        },
      });
    });
    return this.get(user, requestId);
  }

  /**
   * Coordinators see the arbitration whole; its arbiter sees the first and second opinions, and
   * the reason it was asked for (which may name them), only once their own assessment is in;
   * other members are refused (non-members: 404).
   */
  async get(user: AuthenticatedUser, requestId: string): Promise<ArbitrationView> {
    const request = await this.requests.find(requestId);
    const actor = await this.boards.requireAccess(user, request.board_id, BoardAction.View, {
      kind: SUBJECT,
      id: requestId,
    });
    if (mayOnBoard(actor, BoardAction.Manage)) {
      const current = await this.arbitrations.current(requestId);
      if (!current) throw new NotFound('arbitration', requestId);
      return this.view(request, current, true);
    }
    const own = await this.arbitrations.ofArbiter(requestId, user.id);
    if (!own) throw new Forbidden('the arbitration is open to the coordinators and to its arbiter');
    const assessedAt = own.submitted_at ? new Date(own.submitted_at) : null;
    return this.view(request, own, mayRevealFirstOpinion(assessedAt));
  }

  /** The arbiter answers the conflict-of-interest question; with no conflict, the records open. */
  async attest(
    user: AuthenticatedUser,
    requestId: string,
    noConflict: boolean,
  ): Promise<ArbitrationView> {
    const attestation = noConflict ? 'no_conflict' : 'conflict_declared';
    await this.arbiterStep(user, requestId, 'attest', async (own, at) => {
      await this.arbitrations.attest(own.id, attestation, at);
      await this.timeline.append(requestId, 'arbitration_attested', user.id, { attestation }, at);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.arbitration_attested',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { arbiterId: user.id, attestation },
      });
    });
    return this.get(user, requestId);
  }

  /** The arbiter's own assessment, before either earlier opinion is shown to them; never changes. */
  async submitAssessment(
    user: AuthenticatedUser,
    requestId: string,
    assessment: IndependentAssessment,
  ): Promise<ArbitrationView> {
    await this.arbiterStep(user, requestId, 'assess', async (own, at) => {
      await this.arbitrations.submitAssessment(own.id, assessment, at);
      await this.timeline.append(requestId, 'arbitration_assessed', user.id, {}, at);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.arbitration_assessed',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { arbiterId: user.id },
      });
    });
    return this.get(user, requestId);
  }

  /**
   * The arbiter's decision, once their assessment is in: issued as the written opinion's next
   * version, which the referrer's link shows like any other.
   */
  async decide(
    user: AuthenticatedUser,
    requestId: string,
    input: { outcome: ArbitrationOutcome; rationale: string },
  ): Promise<ArbitrationView> {
    await this.arbiterStep(user, requestId, 'decide', async (own, at, request) => {
      if (!own.assessment) throw new Error(`arbitration ${own.id} is assessed without content`);
      const arbiter = await this.credentials(own.arbiter_id);
      const latest = await this.writtenOpinions.latestDelivered(request);
      const issued = await this.writtenOpinions.issue(
        user,
        requestId,
        arbitratedOpinion(latest.content, {
          arbiter,
          assessment: own.assessment,
          outcome: input.outcome,
          rationale: input.rationale,
          requestedAt: new Date(own.requested_at).toISOString(),
          decidedAt: at.toISOString(),
        }),
        arbitrationRevisionReason(input.outcome),
        at,
      );
      await this.arbitrations.decide(own.id, { ...input, at, issuedVersion: issued.version });
      await this.timeline.append(
        requestId,
        'arbitration_decided',
        user.id,
        { outcome: input.outcome, version: issued.version },
        at,
      );
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.arbitration_decided',
        targetType: 'second_opinion',
        targetId: requestId,
        details: {
          arbiterId: user.id,
          outcome: input.outcome,
          version: issued.version,
          contentSha256: issued.contentSha256,
        },
      });
    });
    return this.get(user, requestId);
  }

  /**
   * One step of the arbiter's, in a transaction holding the request and their arbitration: the
   * caller must be a member of the board (non-members: 404) and the request's arbiter (403).
   */
  private async arbiterStep(
    user: AuthenticatedUser,
    requestId: string,
    step: ArbiterStep,
    act: (own: ArbitrationRow, at: Date, request: SecondOpinionRequestRow) => Promise<void>,
  ): Promise<void> {
    const at = this.clock.now();
    await this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      await this.boards.requireAccess(user, request.board_id, BoardAction.View, {
        kind: SUBJECT,
        id: requestId,
      });
      const own = await this.arbitrations.ofArbiter(requestId, user.id, true);
      if (!own) throw new Forbidden('only the arbiter the coordinators asked may do this');
      assertArbiterMay(step, {
        status: request.status,
        attestation: own.attestation,
        assessmentSubmittedAt: own.submitted_at ? new Date(own.submitted_at) : null,
        decidedAt: own.decided_at ? new Date(own.decided_at) : null,
      });
      await act(own, at, request);
    });
  }

  /**
   * Refuses an arbiter who is not a member of the board or only observes it (400), or who is not
   * independent (409, with the reasons): from the first opinion's institution, one of the
   * request's reviewers, or having declared a conflict on an earlier arbitration of it.
   */
  private async assertMayArbitrate(
    request: SecondOpinionRequestRow,
    arbiterId: string,
  ): Promise<void> {
    const [candidate] = await this.users.summaries([arbiterId]);
    const [membership] = await this.boardLookup.memberships(request.board_id, [arbiterId]);
    if (!candidate || !membership || membership.role === BoardRole.Observer)
      throw new InvalidInput('the arbiter must be a member of the board who is not an observer', [
        { field: 'arbiterId', message: `${arbiterId} cannot arbitrate` },
      ]);
    // Coordinators and administrators read every request whole: nobody could keep them blind.
    if (membership.role === BoardRole.Coordinator || candidate.role === PlatformRole.Admin)
      throw new Conflict(
        'the arbiter must be blind to both opinions: coordinators and administrators already see them',
        [{ field: 'arbiterId', message: `${arbiterId}: sees_both_opinions` }],
      );
    const reviewers = await this.reviews.ofRequest(request.id);
    const earlier = await this.arbitrations.ofArbiter(request.id, arbiterId);
    const screen = independenceExclusion(
      [
        {
          reviewerId: arbiterId,
          institutions: [candidate.institution],
          attestation:
            earlier?.attestation === 'conflict_declared' ? 'conflict_declared' : 'no_conflict',
        },
      ],
      request.first_opinion.institution,
      reviewers.map((reviewer) => reviewer.user_id),
    );
    if (screen.excluded.length > 0)
      throw new Conflict(
        'the arbiter must be independent: not from the first opinion’s institution, not one of the request’s reviewers',
        screen.excluded.map((excluded) => ({
          field: 'arbiterId',
          message: `${excluded.reviewerId}: ${excluded.reasons.join(', ')}`,
        })),
      );
  }

  /** The arbitration as `row` stands; the earlier opinions, and why it was asked for, only when `revealed`. */
  private async view(
    request: SecondOpinionRequestRow,
    row: ArbitrationRow,
    revealed: boolean,
  ): Promise<ArbitrationView> {
    const arbiter = await this.credentials(row.arbiter_id);
    const disputed = revealed ? await this.opinions.find(request.id, row.opinion_version) : null;
    return {
      requestId: request.id,
      arbiter,
      ...(revealed ? { reason: row.reason } : {}),
      requestedBy: row.requested_by,
      requestedAt: new Date(row.requested_at).toISOString(),
      attestation: row.attestation,
      assessment:
        row.assessment && row.submitted_at
          ? { ...row.assessment, submittedAt: new Date(row.submitted_at).toISOString() }
          : null,
      ...(revealed ? { firstOpinion: request.first_opinion } : {}),
      ...(disputed
        ? {
            secondOpinion: {
              version: disputed.version,
              conclusion: disputed.content.conclusion,
              concordance: disputed.content.concordance,
              reviewMode: disputed.content.reviewMode,
            },
          }
        : {}),
      decision:
        row.outcome && row.rationale && row.decided_at && row.issued_version !== null
          ? {
              outcome: row.outcome,
              rationale: row.rationale,
              decidedAt: new Date(row.decided_at).toISOString(),
              issuedVersion: row.issued_version,
            }
          : null,
    };
  }

  private async credentials(userId: string): Promise<ReviewerCredentials> {
    const [profile] = await this.users.professionalProfiles([userId]);
    if (!profile) throw new NotFound('user', userId);
    return {
      userId: profile.id,
      displayName: profile.displayName,
      specialty: profile.specialty,
      institution: profile.institution,
      credentials: profile.credentials,
    };
  }
}
