import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { BallotReceiptView, BoardRole, ProposedRecommendation, VoteView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, BoardActor } from '@app/boards';
import { Clock, Conflict, DomainEventBus, Forbidden, InvalidInput, NotFound } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ballotCommitment, mayRecordMinorityOpinion } from './domain';
import { VoteCloser } from './vote-closer';
import { VOTE_EVENTS } from './vote-events';
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

type Progress = Omit<BallotReceipt, 'duplicate' | 'closed'>;

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
  ) {}

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

  async cast(
    user: AuthenticatedUser,
    voteId: string,
    ballot: BallotRequest,
  ): Promise<BallotReceipt> {
    const at = this.clock.now();
    return this.uow.run(async () => {
      const { vote } = await this.lockVote(user, voteId);
      const voter = await this.votes.submission(voteId, user.id, ballot.submissionId);
      if (!voter) throw new Forbidden('you are not eligible to vote on this case');
      // A retry of a submission already recorded gets its receipt, even once the vote has closed.
      if (voter.duplicate) {
        const progress = await this.progress(vote);
        await this.publishProgress(vote, progress);
        return { ...progress, duplicate: true, closed: vote.status === 'closed' };
      }
      if (vote.status === 'closed') throw new Conflict('the vote is closed');
      if (vote.deadline && vote.deadline.getTime() <= at.getTime())
        throw new Conflict('the deadline has passed; the vote is being closed');
      if (ballot.optionId !== null && !vote.options.some((o) => o.id === ballot.optionId))
        throw new InvalidInput('unknown option', [
          { field: 'choice', message: 'must be one of the vote’s option ids, or "abstain"' },
        ]);
      const sequence = voter.next;
      const salt = randomBytes(16).toString('hex');
      const commitment = ballotCommitment({
        voteId,
        voterId: user.id,
        sequence,
        optionId: ballot.optionId,
        salt,
      });
      await this.votes.insertBallot({
        voteId,
        voterId: user.id,
        sequence,
        optionId: ballot.optionId,
        comment: ballot.comment,
        submissionId: ballot.submissionId,
        commitment,
        salt,
        castAt: at,
      });
      await this.events.publish({
        type: 'domain',
        action: 'vote.ballot_cast',
        targetType: 'case',
        targetId: vote.case_id,
        // While the vote is blind the entry names only a commitment to the choice, opened at close.
        details: {
          voteId,
          sequence,
          commitment,
          ...(vote.policy.blindUntilClose ? {} : { optionId: ballot.optionId }),
        },
      });
      const progress = await this.progress(vote);
      if (progress.ballotsReceived === progress.eligibleCount) {
        await this.closer.close(vote, 'all_voted', null, at);
        return { ...progress, duplicate: false, closed: true };
      }
      await this.publishProgress(vote, progress);
      return { ...progress, duplicate: false, closed: false };
    });
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

  private async progress(vote: VoteRow): Promise<Progress> {
    const { received, eligible } = await this.votes.progress(vote.id);
    return { voteId: vote.id, ballotsReceived: received, eligibleCount: eligible };
  }

  private publishProgress(vote: VoteRow, progress: Progress): Promise<void> {
    return this.events.publishTo(VOTE_EVENTS, {
      type: 'progress',
      meetingId: vote.meeting_id,
      ...progress,
    });
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
    const boardId = await this.votes.boardOf(voteId);
    if (!boardId) throw new NotFound('vote', voteId);
    const subject = { kind: 'vote', id: voteId };
    const actor = await this.boards.requireAccess(user, boardId, action, subject, refusal);
    const vote = await this.votes.find(voteId, true);
    if (!vote) throw new NotFound('vote', voteId);
    return { vote, actor };
  }
}
