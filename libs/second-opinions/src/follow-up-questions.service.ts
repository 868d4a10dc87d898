import { Injectable } from '@nestjs/common';
import { FollowUpQuestionView, WrittenOpinionContent, WrittenOpinionView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { Clock, Conflict, DomainEventBus, Forbidden, NotFound, Refused } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ReviewsService } from './reviews.service';
import { SecondOpinionRequestRepository } from './second-opinion-request.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { FollowUpQuestionRow, WrittenOpinionRepository } from './written-opinion.repository';
import { WrittenOpinionsService } from './written-opinions.service';

/**
 * The referrer's follow-up questions about a delivered written opinion, up to the number
 * included with it, asked through their link or taken down by a coordinator. A reviewer of the
 * opinion answers each once, in an addendum issued as a new version of the opinion.
 */
@Injectable()
export class FollowUpQuestionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly opinions: WrittenOpinionRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly reviews: ReviewsService,
    private readonly writtenOpinions: WrittenOpinionsService,
    private readonly clock: Clock,
  ) {}

  /** A follow-up question from the referrer, through their link or taken down by a coordinator. */
  async ask(
    askedBy: AuthenticatedUser | null,
    requestId: string,
    question: string,
  ): Promise<FollowUpQuestionView> {
    const at = this.clock.now();
    return this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      if (askedBy)
        await this.boards.requireAccess(askedBy, request.board_id, BoardAction.Manage, {
          kind: 'second opinion',
          id: requestId,
        });
      if (request.status !== 'opinion_delivered')
        throw new Conflict('questions are asked about a delivered opinion');
      const asked = await this.opinions.questionCount(requestId);
      if (asked >= request.follow_up_questions_allowed)
        throw new Refused(
          'question_limit_reached',
          `the ${request.follow_up_questions_allowed} follow-up question(s) included with this opinion have been asked`,
        );
      const row = await this.opinions.insertQuestion({
        request_id: requestId,
        number: asked + 1,
        question,
        asked_via: askedBy ? 'coordinator' : 'referrer_link',
        asked_by: askedBy?.id ?? null,
        asked_at: at,
      });
      await this.timeline.append(
        requestId,
        'follow_up_question_asked',
        askedBy?.id ?? null,
        { number: row.number },
        at,
      );
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.follow_up_question_asked',
        targetType: 'second_opinion',
        targetId: requestId,
        actorId: askedBy?.id,
        details: { number: row.number, askedVia: row.asked_via },
      });
      return toQuestionView(row);
    });
  }

  /** A reviewer answers a question: the answer is an addendum, issued as a new version. */
  async answer(
    user: AuthenticatedUser,
    requestId: string,
    questionNumber: number,
    answer: string,
  ): Promise<WrittenOpinionView> {
    const issued = await this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      const reviewers = await this.reviews.reviewersOf(requestId);
      const reviewer = reviewers.find((r) => r.userId === user.id);
      if (!reviewer) {
        await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
          kind: 'second opinion',
          id: requestId,
        });
        throw new Forbidden('follow-up questions are answered by the reviewers of the opinion');
      }
      if (reviewer.attestation !== 'no_conflict' || !reviewer.submittedAt)
        throw new Forbidden('only reviewers who gave this opinion answer its follow-up questions');
      const latest = await this.writtenOpinions.latestDelivered(request);
      const question = await this.opinions.lockQuestion(requestId, questionNumber);
      if (!question) throw new NotFound('follow-up question', String(questionNumber));
      if (question.answer !== null) throw new Conflict('this question has already been answered');
      const answeredAt = this.clock.now();
      const content: WrittenOpinionContent = {
        ...latest.content,
        addenda: [
          ...latest.content.addenda,
          {
            number: question.number,
            question: question.question,
            askedAt: new Date(question.asked_at).toISOString(),
            answer,
            answeredAt: answeredAt.toISOString(),
            answeredBy: { displayName: reviewer.displayName, specialty: reviewer.specialty },
          },
        ],
      };
      const issued = await this.writtenOpinions.issue(
        user,
        requestId,
        content,
        `Addendum: answer to follow-up question ${question.number}`,
        answeredAt,
      );
      await this.opinions.answerQuestion(question.id, {
        answer,
        answeredBy: user.id,
        answeredAt,
        version: issued.version,
      });
      await this.timeline.append(
        requestId,
        'follow_up_question_answered',
        user.id,
        { number: question.number, version: issued.version },
        answeredAt,
      );
      return issued;
    });
    return this.writtenOpinions.get(user, requestId, issued.version);
  }

  /** For those the written opinion is open to. */
  async list(user: AuthenticatedUser, requestId: string): Promise<FollowUpQuestionView[]> {
    await this.writtenOpinions.assertMayRead(user, requestId);
    return this.ofRequest(requestId);
  }

  /** The request's questions, for whoever has already been given access to the request. */
  async ofRequest(requestId: string): Promise<FollowUpQuestionView[]> {
    const rows = await this.opinions.questions(requestId);
    return rows.map(toQuestionView);
  }
}

function toQuestionView(row: FollowUpQuestionRow): FollowUpQuestionView {
  return {
    id: row.id,
    number: row.number,
    question: row.question,
    askedVia: row.asked_via,
    askedAt: new Date(row.asked_at).toISOString(),
    answer: row.answer,
    answeredAt: row.answered_at ? new Date(row.answered_at).toISOString() : null,
    answeredInVersion: row.answered_in_version,
  };
}
