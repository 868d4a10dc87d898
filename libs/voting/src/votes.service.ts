import { Injectable } from '@nestjs/common';
import { BallotReceiptView, BoardRole, ProposedRecommendation, VoteView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, BoardActor } from '@app/boards';
import {
  Clock,
  Conflict,
  DomainEventBus,
  GroupCommit,
  Forbidden,
  InvalidInput,
  NotFound,
  currentRequestContext,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { BallotRecorder, BallotToRecord } from './ballot-recorder';
import { mayRecordMinorityOpinion } from './domain';
import { VoteCloser } from './vote-closer';
import { VoteOpener } from './vote-opener';
import { VoteRepository, VoteRow } from './vote.repository';
import { VoteViewsService } from './vote-views.service';

export interface NewVote {
  question: string;
  options: ProposedRecommendation[];
}

export interface LiveVoteRequest extends NewVote {
  meetingId: string;
  caseId: string;
  agendaItemId: string;
  /** Members present in the room when the vote opens. */
  presentUserIds: string[];
}

export interface AsyncVoteRequest extends NewVote {
  caseId: string;
  deadline: Date;
  panelUserIds: string[];
}

export interface BallotRequest {
  optionId: string | null;
  comment: string | null;
  /** The client's id for this submission: a retry of the same submission is recorded once. */
  submissionId: string;
}

export type BallotReceipt = BallotReceiptView;

const MIN_DEADLINE_MS = 5 * 60_000;
const MAX_DEADLINE_MS = 30 * 86_400_000;

/**
 * Votes on a case: opened on the focused case of a live meeting or, for an
 * asynchronous panel, with a deadline (`VoteOpener`); one effective ballot per
 * eligible voter, changeable until close; closed by the chair, when everyone
 * has voted, or at the deadline (`VoteDeadlineSweeper`); the outcome comes
 * from the pure tally (`VoteCloser`). Every change to a vote happens with its
 * row locked, so concurrent and repeated submissions are counted exactly once.
 */
@Injectable()
export class VotesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly votes: VoteRepository,
    private readonly opener: VoteOpener,
    private readonly closer: VoteCloser,
    private readonly views: VoteViewsService,
    private readonly boards: BoardAccessService,
    private readonly clock: Clock,
    private readonly recorder: BallotRecorder,
  ) {}

  /** Ballots waiting for their vote's next batch, per vote, on this instance. */
  private readonly batches = new GroupCommit<BallotToRecord, BallotReceipt>((voteId, ballots) =>
    this.recorder.record(voteId, ballots),
  );

  /** A vote on the focused case of a live meeting; eligible: voting members present, without a conflict. */
  async openLive(user: AuthenticatedUser, request: LiveVoteRequest): Promise<VoteView> {
    const voteId = await this.uow.run(() =>
      this.opener.open(user, {
        caseId: request.caseId,
        question: request.question,
        options: request.options,
        mode: 'live',
        meetingId: request.meetingId,
        agendaItemId: request.agendaItemId,
        deadline: null,
        attendance: { presentUserIds: request.presentUserIds },
        openedAt: this.clock.now(),
      }),
    );
    return this.views.view(user, voteId);
  }

  /** A vote of a named panel, closing at its deadline at the latest. */
  async openAsync(user: AuthenticatedUser, request: AsyncVoteRequest): Promise<VoteView> {
    const at = this.clock.now();
    const untilDeadline = request.deadline.getTime() - at.getTime();
    if (untilDeadline < MIN_DEADLINE_MS || untilDeadline > MAX_DEADLINE_MS)
      throw new InvalidInput('the deadline must be between 5 minutes and 30 days from now', [
        { field: 'deadline', message: 'between now + 5 min and now + 30 days' },
      ]);
    const voteId = await this.uow.run(() =>
      this.opener.open(user, {
        caseId: request.caseId,
        question: request.question,
        options: request.options,
        mode: 'async',
        meetingId: null,
        agendaItemId: null,
        deadline: request.deadline,
        attendance: { namedPanel: request.panelUserIds },
        openedAt: at,
      }),
    );
    return this.views.view(user, voteId);
  }

  /**
   * Casts the user's ballot: it joins the vote's next batch (`GroupCommit`), recorded with the
   * ballots that arrived with it — the voters' access to the board checked together, before the
   * vote's lock — and its own receipt or refusal comes back. Inside a caller's transaction it
   * is recorded alone in that transaction, committing or rolling back with the caller's work.
   */
  async cast(
    user: AuthenticatedUser,
    voteId: string,
    ballot: BallotRequest,
  ): Promise<BallotReceipt> {
    const submitted: BallotToRecord = {
      voterId: user.id,
      voter: user,
      ...ballot,
      submittedAt: this.clock.now(),
      context: currentRequestContext(),
    };
    if (!this.uow.inTransaction) return this.batches.submit(voteId, submitted);
    const [outcome] = await this.recorder.record(voteId, [submitted]);
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.receipt;
  }

  /** The chair (or a coordinator) ends the vote; the outcome is computed from the ballots. */
  async closeByChair(user: AuthenticatedUser, voteId: string): Promise<VoteView> {
    const at = this.clock.now();
    await this.uow.run(async () => {
      const { vote } = await this.lockVote(
        user,
        voteId,
        BoardAction.RunMeeting,
        'only the chair or a coordinator closes a vote',
      );
      if (vote.status === 'closed') throw new Conflict('the vote is already closed');
      await this.closer.close(vote, 'chair', user.id, at);
    });
    return this.views.view(user, voteId);
  }

  /** After a consensus, a member who voted for another option may record why they dissent. */
  async recordMinorityOpinion(
    user: AuthenticatedUser,
    voteId: string,
    text: string,
  ): Promise<VoteView> {
    const at = this.clock.now();
    await this.uow.run(async () => {
      const { vote } = await this.lockVote(user, voteId);
      if (vote.status !== 'closed' || !vote.result) throw new Conflict('the vote is still open');
      const mine = (await this.votes.ballots(voteId)).find((b) => b.voterId === user.id) ?? null;
      if (!mayRecordMinorityOpinion(vote.result.outcome, mine))
        throw new Forbidden(
          'only members who voted against the consensus record a minority opinion',
        );
      if (!(await this.votes.insertMinorityOpinion(voteId, user.id, text, at)))
        throw new Conflict('you have already recorded a minority opinion');
      await this.events.publish({
        type: 'domain',
        action: 'vote.minority_opinion_recorded',
        targetType: 'case',
        targetId: vote.case_id,
        details: { voteId },
      });
    });
    return this.views.view(user, voteId);
  }

  /**
   * When a vote ends without consensus (or without quorum), the chair may,
   * besides opening a new round or deferring the case, refer it for an
   * external (third) opinion; the decision is recorded on the vote.
   */
  async referForExternalOpinion(
    user: AuthenticatedUser,
    voteId: string,
    referral: { institution: string; reason: string },
  ): Promise<VoteView> {
    await this.uow.run(async () => {
      const { vote, actor } = await this.lockVote(user, voteId);
      if (!actor.isAdmin && actor.role !== BoardRole.Chair)
        throw new Forbidden('only the chair refers a case for an external opinion');
      if (vote.status !== 'closed' || !vote.result) throw new Conflict('the vote is still open');
      if (vote.result.outcome.kind === 'consensus')
        throw new Conflict('the panel reached a consensus: draft the recommendation instead');
      if (vote.external_referral) throw new Conflict('the case has already been referred');
      await this.votes.setExternalReferral(voteId, {
        ...referral,
        referredBy: user.id,
        referredAt: this.clock.now().toISOString(),
      });
      await this.events.publish({
        type: 'domain',
        action: 'vote.referred_for_external_opinion',
        targetType: 'case',
        targetId: vote.case_id,
        details: { voteId, ...referral },
      });
    });
    return this.views.view(user, voteId);
  }

  /**
   * The vote, locked until the transaction ends, with the caller's rights on its board; a vote on
   * a board the caller is not on is "not found", one they may not `action` on is refused.
   */
  private async lockVote(
    user: AuthenticatedUser,
    voteId: string,
    action = BoardAction.View,
    refusal?: string,
  ): Promise<{ vote: VoteRow; actor: BoardActor }> {
    const actor = await this.access(user, voteId, action, refusal);
    const vote = await this.votes.find(voteId, true);
    if (!vote) throw new NotFound('vote', voteId);
    return { vote, actor };
  }

  /** The caller's rights on the vote's board, read without a lock; see `lockVote`. */
  private async access(
    user: AuthenticatedUser,
    voteId: string,
    action = BoardAction.View,
    refusal?: string,
  ): Promise<BoardActor> {
    const boardId = await this.votes.boardOf(voteId);
    if (!boardId) throw new NotFound('vote', voteId);
    const subject = { kind: 'vote', id: voteId };
    return this.boards.requireAccess(user, boardId, action, subject, refusal);
  }
}
