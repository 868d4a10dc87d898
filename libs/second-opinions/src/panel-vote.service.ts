import { Injectable } from '@nestjs/common';
import { ProposedRecommendation, VoteView, WrittenOpinionContent } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { CasesService } from '@app/cases';
import { Conflict } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { VoteLookup, VotesService } from '@app/voting';
import {
  AssignedReviewer,
  RequestFacts,
  WrittenOpinionDelivery,
  assertUnderReview,
  checkedPanelDelivery,
  clearedReviewers,
  panelDecision,
  panelOpinion,
} from './domain';
import { ReviewsService } from './reviews.service';
import {
  SecondOpinionRequestRepository,
  SecondOpinionRequestRow,
} from './second-opinion-request.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';

export interface PanelVoteInput {
  question: string;
  options: ProposedRecommendation[];
  deadline: Date;
}

/**
 * A panel's way to the written opinion: the request's reviewers cleared of conflicts, each having
 * assessed it independently, vote asynchronously with a deadline on a board case made for the
 * request (without the first opinion, which the panel sees only in their own reviews once their
 * assessments are in); the option decided by consensus is the opinion's recommendation.
 */
@Injectable()
export class PanelVoteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly boards: BoardAccessService,
    private readonly reviews: ReviewsService,
    private readonly cases: CasesService,
    private readonly votes: VotesService,
    private readonly voteLookup: VoteLookup,
  ) {}

  /** Puts the request to the panel of its cleared reviewers, once each has assessed it independently. */
  async open(user: AuthenticatedUser, requestId: string, input: PanelVoteInput): Promise<VoteView> {
    return this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      const { board } = await this.boards.requireAccess(
        user,
        request.board_id,
        BoardAction.Manage,
        { kind: 'second opinion', id: requestId },
      );
      assertUnderReview(request.status);
      const cleared = clearedReviewers(await this.reviews.reviewersOf(requestId));
      const needed = Math.max(2, board.quorumPolicy.minVotingMembers);
      if (cleared.length < needed)
        throw new Conflict(
          `the panel needs at least ${needed} reviewers cleared of conflicts (the board’s quorum), it has ${cleared.length}`,
        );
      const pending = cleared.filter((reviewer) => !reviewer.submittedAt);
      if (pending.length > 0)
        throw new Conflict(
          'every panel member submits an independent assessment before the panel votes',
          pending.map((reviewer) => ({
            field: 'reviewers',
            message: `${reviewer.displayName} has not submitted an assessment`,
          })),
        );
      const caseId = request.case_id ?? (await this.createPanelCase(user, request));
      const vote = await this.votes.openAsync(user, {
        caseId,
        question: input.question,
        options: input.options,
        deadline: input.deadline,
        panelUserIds: cleared.map((reviewer) => reviewer.userId),
      });
      await this.timeline.append(
        requestId,
        'panel_vote_opened',
        user.id,
        { voteId: vote.id, caseId, round: vote.round },
        new Date(vote.openedAt),
      );
      return vote;
    });
  }

  /** The panel's written opinion: its conclusion, with the option its vote on `caseId` decided. */
  async writtenOpinion(
    caseId: string,
    request: RequestFacts,
    reviewers: AssignedReviewer[],
    input: WrittenOpinionDelivery,
  ): Promise<WrittenOpinionContent> {
    const delivery = checkedPanelDelivery(input);
    const decision = panelDecision(await this.voteLookup.latestVoteOnCase(caseId));
    const voterIds = await this.voteLookup.voterIds(decision.record.voteId);
    return panelOpinion(request, reviewers, decision, voterIds, {
      ...delivery,
      patientSummary: input.patientSummary,
    });
  }

  /** The board case the panel votes on: the request's patient and question, without the first opinion. */
  private async createPanelCase(
    user: AuthenticatedUser,
    request: SecondOpinionRequestRow,
  ): Promise<string> {
    const created = await this.cases.create(user, request.board_id, {
      patientRef: request.patient_ref,
      birthYear: request.patient_birth_year,
      sex: request.patient_sex,
      referral: {
        type: 'external_second_opinion',
        referringPhysician: request.referrer.name,
        referringInstitution: request.referrer.institution,
      },
      question: request.question,
      priority: request.priority,
    });
    await this.requests.setPanelCase(request.id, created.id);
    return created.id;
  }
}
