import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  BallotReceiptView,
  BallotView,
  BoardRole,
  MinorityOpinionView,
  ProposedRecommendation,
  Specialty,
  VoteOptionView,
  VoteOutcomeView,
  VoteTallyView,
  VoteAnnouncement,
  VoteView,
  VotingPolicy,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardActor, BoardAction, mayOnBoard } from '@app/boards';
import { CasesService } from '@app/cases';
import {
  Clock,
  Conflict,
  DomainEventBus,
  EventTopic,
  Forbidden,
  InvalidInput,
  NotFound,
  canonicalJson,
  newId,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import {
  BallotEntry,
  Tally,
  decideOutcome,
  effectiveBallots,
  eligibleVoters,
  mayRecordMinorityOpinion,
} from './domain';
import { VOTING_SETTINGS, VotingSettings } from './voting-settings';

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

/** What happened to a vote, for the live room to tell the meeting. */
export type VoteEvent =
  | {
      type: 'opened';
      voteId: string;
      meetingId: string | null;
      announcement: VoteAnnouncement | null;
    }
  | {
      type: 'progress';
      voteId: string;
      meetingId: string | null;
      ballotsReceived: number;
      eligibleCount: number;
    }
  | {
      type: 'closed';
      voteId: string;
      meetingId: string | null;
      outcome: VoteOutcomeView;
      tally: VoteTallyView;
    };

/** Vote events on the domain event bus: delivered once the outermost transaction that changed the vote commits. */
export const VOTE_EVENTS = new EventTopic<VoteEvent>('vote');

export interface VoteRow {
  id: string;
  case_id: string;
  board_id: string;
  meeting_id: string | null;
  agenda_item_id: string | null;
  round: number;
  mode: 'live' | 'async';
  status: 'open' | 'closed';
  question: string;
  options: VoteOptionView[];
  policy: VotingPolicy;
  min_voting_members: number;
  chair_id: string | null;
  deadline: Date | null;
  opened_by: string;
  opened_at: Date;
  closed_at: Date | null;
  close_reason: VoteView['closeReason'];
  result: { outcome: VoteOutcomeView; tally: VoteTallyView } | null;
  external_referral: VoteView['externalReferral'];
}

interface BallotRow extends BallotEntry {
  comment?: string;
  submissionId: string;
}

const OPENERS = new Set<BoardRole | null>([
  BoardRole.Chair,
  BoardRole.Presenter,
  BoardRole.Coordinator,
]);
const MIN_DEADLINE_MS = 5 * 60_000;
const MAX_DEADLINE_MS = 30 * 86_400_000;

/**
 * Votes on a case: opened on the focused case of a live meeting or, for an
 * asynchronous panel, with a deadline; one effective ballot per eligible
 * voter, changeable until close; closed by the chair, when everyone has
 * voted, or at the deadline; the outcome comes from the pure tally. Every
 * change to a vote happens with its row locked, so concurrent and repeated
 * submissions are counted exactly once.
 */
@Injectable()
export class VotesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('votes');
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly cases: CasesService,
    @Inject(VOTING_SETTINGS) private readonly settings: VotingSettings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => {
      this.sweeping ??= this.closeOverdue().finally(() => (this.sweeping = null));
    }, this.settings.deadlineSweepMs);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
  }

  /** A vote on the focused case of a live meeting; eligible: voting members present, without a conflict. */
  async openLive(user: AuthenticatedUser, request: LiveVoteRequest): Promise<VoteView> {
    const vote = await this.uow.run(async (db) => {
      const { actor, boardId } = await this.openingActor(db, user, request.caseId);
      return this.open(db, user, actor, boardId, request, {
        mode: 'live',
        meetingId: request.meetingId,
        agendaItemId: request.agendaItemId,
        deadline: null,
        attendance: { presentUserIds: request.presentUserIds },
      });
    });
    return this.view(user, vote.id);
  }

  /** A vote of a named panel, closing at its deadline at the latest. */
  async openAsync(user: AuthenticatedUser, request: AsyncVoteRequest): Promise<VoteView> {
    const untilDeadline = request.deadline.getTime() - this.clock.now().getTime();
    if (untilDeadline < MIN_DEADLINE_MS || untilDeadline > MAX_DEADLINE_MS)
      throw new InvalidInput('the deadline must be between 5 minutes and 30 days from now', [
        { field: 'deadline', message: 'between now + 5 min and now + 30 days' },
      ]);
    const vote = await this.uow.run(async (db) => {
      const { actor, boardId } = await this.openingActor(db, user, request.caseId);
      return this.open(db, user, actor, boardId, request, {
        mode: 'async',
        meetingId: null,
        agendaItemId: null,
        deadline: request.deadline,
        attendance: { namedPanel: request.panelUserIds },
      });
    });
    return this.view(user, vote.id);
  }

  async cast(
    user: AuthenticatedUser,
    voteId: string,
    ballot: BallotRequest,
  ): Promise<BallotReceipt> {
    return this.uow.run(async (db) => {
      const vote = await this.lockVote(db, user, voteId);
      const [voter] = await db.query(
        `SELECT EXISTS (SELECT 1 FROM ballot WHERE vote_id = $1 AND voter_id = $2 AND submission_id = $3) AS duplicate,
                (SELECT coalesce(max(sequence), 0) + 1 FROM ballot WHERE vote_id = $1 AND voter_id = $2) AS next
         FROM vote_voter WHERE vote_id = $1 AND user_id = $2`,
        [voteId, user.id, ballot.submissionId],
      );
      if (!voter) throw new Forbidden('you are not eligible to vote on this case');
      // A retry of a submission already recorded gets its receipt, even once the vote has closed.
      if (voter.duplicate) {
        const progress = await this.progress(db, vote);
        await this.publishProgress(vote, progress);
        return { ...progress, duplicate: true, closed: vote.status === 'closed' };
      }
      if (vote.status === 'closed') throw new Conflict('the vote is closed');
      if (vote.deadline && vote.deadline.getTime() <= this.clock.now().getTime())
        throw new Conflict('the deadline has passed; the vote is being closed');
      if (ballot.optionId !== null && !vote.options.some((o) => o.id === ballot.optionId))
        throw new InvalidInput('unknown option', [
          { field: 'choice', message: 'must be one of the vote’s option ids, or "abstain"' },
        ]);
      const next: number = voter.next;
      const salt = randomBytes(16).toString('hex');
      const commitment = createHash('sha256')
        .update(
          canonicalJson({
            voteId,
            voterId: user.id,
            sequence: next,
            optionId: ballot.optionId,
            salt,
          }),
        )
        .digest('hex');
      await db.query(
        `INSERT INTO ballot (vote_id, voter_id, sequence, option_id, comment, submission_id, commitment, salt, cast_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
        [
          voteId,
          user.id,
          next,
          ballot.optionId,
          ballot.comment,
          ballot.submissionId,
          commitment,
          salt,
        ],
      );
      await this.events.publish({
        type: 'domain',
        action: 'vote.ballot_cast',
        targetType: 'case',
        targetId: vote.case_id,
        // While the vote is blind the entry names only a commitment to the choice, opened at close.
        details: {
          voteId,
          sequence: next,
          commitment,
          ...(vote.policy.blindUntilClose ? {} : { optionId: ballot.optionId }),
        },
      });
      const progress = await this.progress(db, vote);
      if (progress.ballotsReceived === progress.eligibleCount) {
        await this.close(db, vote, 'all_voted', null);
        return { ...progress, duplicate: false, closed: true };
      }
      await this.publishProgress(vote, progress);
      return { ...progress, duplicate: false, closed: false };
    });
  }

  /** The chair (or a coordinator) ends the vote; the outcome is computed from the ballots. */
  async closeByChair(user: AuthenticatedUser, voteId: string): Promise<VoteView> {
    await this.uow.run(async (db) => {
      const vote = await this.lockVote(db, user, voteId);
      const actor = await this.boards.actorOn(vote.board_id, user);
      if (!mayOnBoard(actor, BoardAction.RunMeeting))
        throw new Forbidden('only the chair or a coordinator closes a vote');
      if (vote.status === 'closed') throw new Conflict('the vote is already closed');
      await this.close(db, vote, 'chair', user.id);
    });
    return this.view(user, voteId);
  }

  /** After a consensus, a member who voted for another option may record why they dissent. */
  async recordMinorityOpinion(
    user: AuthenticatedUser,
    voteId: string,
    text: string,
  ): Promise<VoteView> {
    await this.uow.run(async (db) => {
      const vote = await this.lockVote(db, user, voteId);
      if (vote.status !== 'closed' || !vote.result) throw new Conflict('the vote is still open');
      const mine = (await this.ballots(db, voteId)).find((b) => b.voterId === user.id) ?? null;
      if (!mayRecordMinorityOpinion(vote.result.outcome, mine))
        throw new Forbidden(
          'only members who voted against the consensus record a minority opinion',
        );
      const inserted = await db.query(
        `INSERT INTO minority_opinion (vote_id, user_id, text, recorded_at) VALUES ($1, $2, $3, now())
         ON CONFLICT DO NOTHING RETURNING 1`,
        [voteId, user.id, text],
      );
      if (inserted.length === 0) throw new Conflict('you have already recorded a minority opinion');
      await this.events.publish({
        type: 'domain',
        action: 'vote.minority_opinion_recorded',
        targetType: 'case',
        targetId: vote.case_id,
        details: { voteId },
      });
    });
    return this.view(user, voteId);
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
    await this.uow.run(async (db) => {
      const vote = await this.lockVote(db, user, voteId);
      const actor = await this.boards.actorOn(vote.board_id, user);
      if (!actor.isAdmin && actor.role !== BoardRole.Chair)
        throw new Forbidden('only the chair refers a case for an external opinion');
      if (vote.status !== 'closed' || !vote.result) throw new Conflict('the vote is still open');
      if (vote.result.outcome.kind === 'consensus')
        throw new Conflict('the panel reached a consensus: draft the recommendation instead');
      if (vote.external_referral) throw new Conflict('the case has already been referred');
      const externalReferral = {
        ...referral,
        referredBy: user.id,
        referredAt: this.clock.now().toISOString(),
      };
      await db.query(`UPDATE vote SET external_referral = $2 WHERE id = $1`, [
        voteId,
        JSON.stringify(externalReferral),
      ]);
      await this.events.publish({
        type: 'domain',
        action: 'vote.referred_for_external_opinion',
        targetType: 'case',
        targetId: vote.case_id,
        details: { voteId, ...referral },
      });
    });
    return this.view(user, voteId);
  }

  /**
   * A vote as the caller may see it. While a blind vote is open nobody, the
   * chair included, sees ballots or a running tally: only how many arrived,
   * and their own ballot.
   */
  async view(user: AuthenticatedUser, voteId: string): Promise<VoteView> {
    const db = this.uow.manager;
    const vote = await this.findVote(db, voteId);
    await this.boards.actorOn(vote.board_id, user).catch(() => {
      throw new NotFound('vote', voteId);
    });
    const voters: Array<{ user_id: string; display_name: string; specialty: Specialty }> =
      await db.query(
        `SELECT v.user_id, u.display_name, v.specialty FROM vote_voter v JOIN app_user u ON u.id = v.user_id
         WHERE v.vote_id = $1 ORDER BY u.display_name, v.user_id`,
        [voteId],
      );
    const history = await this.ballots(db, voteId, true);
    const effective = effectiveBallots(history);
    const mine = effective.find((b) => b.voterId === user.id) ?? null;
    const revealed = vote.status === 'closed' || !vote.policy.blindUntilClose;
    const names = new Map(voters.map((v) => [v.user_id, v.display_name]));
    return {
      id: vote.id,
      caseId: vote.case_id,
      boardId: vote.board_id,
      meetingId: vote.meeting_id,
      round: vote.round,
      mode: vote.mode,
      status: vote.status,
      question: vote.question,
      options: vote.options,
      blind: vote.policy.blindUntilClose,
      deadline: vote.deadline?.toISOString() ?? null,
      openedBy: vote.opened_by,
      openedAt: vote.opened_at.toISOString(),
      closedAt: vote.closed_at?.toISOString() ?? null,
      closeReason: vote.close_reason,
      externalReferral: vote.external_referral,
      eligible: voters.map((v) => ({
        userId: v.user_id,
        displayName: v.display_name,
        specialty: v.specialty,
      })),
      ballotsReceived: effective.length,
      myBallot: mine && {
        optionId: mine.optionId,
        comment: mine.comment ?? null,
        castAt: mine.castAt,
      },
      results: revealed
        ? {
            outcome: vote.result?.outcome ?? null,
            tally: vote.result?.tally ?? toTallyView(this.tally(vote, effective, voters)),
            ballots: effective.map((b): BallotView => ({
              voterId: b.voterId,
              displayName: names.get(b.voterId) ?? '',
              specialty: b.specialty,
              optionId: b.optionId,
              comment: b.comment ?? null,
              castAt: b.castAt,
              changes: history.filter((h) => h.voterId === b.voterId).length - 1,
            })),
            minorityOpinions: await this.minorityOpinions(db, voteId),
          }
        : null,
    };
  }

  async forCase(user: AuthenticatedUser, caseId: string): Promise<VoteView[]> {
    const rows: Array<{ id: string }> = await this.uow.manager.query(
      `SELECT id FROM vote WHERE case_id = $1 ORDER BY round`,
      [caseId],
    );
    const [found] = await this.uow.manager.query(
      `SELECT board_id FROM clinical_case WHERE id = $1`,
      [caseId],
    );
    if (!found) throw new NotFound('case', caseId);
    await this.boards.actorOn(found.board_id, user).catch(() => {
      throw new NotFound('case', caseId);
    });
    const views: VoteView[] = [];
    for (const row of rows) views.push(await this.view(user, row.id));
    return views;
  }

  async minorityOpinions(db: EntityManager, voteId: string): Promise<MinorityOpinionView[]> {
    const rows: Array<{
      user_id: string;
      display_name: string;
      specialty: Specialty;
      text: string;
      recorded_at: Date;
    }> = await db.query(
      `SELECT m.user_id, u.display_name, v.specialty, m.text, m.recorded_at FROM minority_opinion m
       JOIN app_user u ON u.id = m.user_id JOIN vote_voter v ON v.vote_id = m.vote_id AND v.user_id = m.user_id
       WHERE m.vote_id = $1 ORDER BY m.recorded_at, m.user_id`,
      [voteId],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      displayName: row.display_name,
      specialty: row.specialty,
      text: row.text,
      recordedAt: row.recorded_at.toISOString(),
    }));
  }

  /** A closed vote's row, for the recommendation drafted from it. */
  async closedVote(user: AuthenticatedUser, voteId: string): Promise<VoteRow> {
    const vote = await this.findVote(this.uow.manager, voteId);
    await this.boards.actorOn(vote.board_id, user).catch(() => {
      throw new NotFound('vote', voteId);
    });
    if (vote.status !== 'closed') throw new Conflict('the vote is still open');
    return vote;
  }

  /** Closes every open vote whose deadline has passed (any instance; each vote once). */
  async closeOverdue(): Promise<void> {
    try {
      await this.uow.run(async (db) => {
        const due: VoteRow[] = await db.query(
          `SELECT * FROM vote WHERE status = 'open' AND deadline <= now()
           ORDER BY deadline LIMIT 20 FOR UPDATE SKIP LOCKED`,
        );
        for (const vote of due) await this.close(db, vote, 'deadline', null);
      });
    } catch (error) {
      this.logger.error({ err: error }, 'closing overdue votes failed');
    }
  }

  private async openingActor(
    db: EntityManager,
    user: AuthenticatedUser,
    caseId: string,
  ): Promise<{ actor: BoardActor; boardId: string }> {
    const [found] = await db.query(`SELECT board_id, status FROM clinical_case WHERE id = $1`, [
      caseId,
    ]);
    if (!found) throw new NotFound('case', caseId);
    const actor = await this.boards.actorOn(found.board_id, user).catch(() => {
      throw new NotFound('case', caseId);
    });
    if (!actor.isAdmin && !OPENERS.has(actor.role))
      throw new Forbidden('only the chair, the presenter or a coordinator opens a vote');
    if (found.status === 'withdrawn') throw new Conflict('the case has been withdrawn');
    return { actor, boardId: found.board_id };
  }

  private async open(
    db: EntityManager,
    user: AuthenticatedUser,
    actor: BoardActor,
    boardId: string,
    request: NewVote & { caseId: string },
    how: {
      mode: 'live' | 'async';
      meetingId: string | null;
      agendaItemId: string | null;
      deadline: Date | null;
      attendance: { presentUserIds: string[] } | { namedPanel: string[] };
    },
  ): Promise<{ id: string }> {
    const members: Array<{
      userId: string;
      specialty: Specialty;
      role: BoardRole;
      votingRight: boolean;
    }> = await db.query(
      `SELECT m.user_id AS "userId", u.specialty, m.role, m.voting_right AS "votingRight"
       FROM board_member m JOIN app_user u ON u.id = m.user_id WHERE m.board_id = $1`,
      [boardId],
    );
    const conflictedUserIds = await this.cases.conflictedUserIds(request.caseId);
    const { eligible } = eligibleVoters({ members, conflictedUserIds, ...how.attendance });
    if (eligible.length === 0)
      throw new Conflict('nobody is eligible to vote: no voting member present without a conflict');
    const id = newId();
    const options: VoteOptionView[] = request.options.map((option) => ({ id: newId(), ...option }));
    const chair = members.find((member) => member.role === BoardRole.Chair) ?? null;
    const [{ round }] = await db.query(
      `SELECT coalesce(max(round), 0) + 1 AS round FROM vote WHERE case_id = $1`,
      [request.caseId],
    );
    const inserted = await db.query(
      `INSERT INTO vote (id, case_id, board_id, meeting_id, agenda_item_id, round, mode, status, question,
         options, policy, min_voting_members, chair_id, deadline, opened_by, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11, $12, $13, $14, now())
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        request.caseId,
        boardId,
        how.meetingId,
        how.agendaItemId,
        round,
        how.mode,
        request.question,
        JSON.stringify(options),
        JSON.stringify(actor.board.votingPolicy),
        actor.board.quorumPolicy.minVotingMembers,
        chair?.userId ?? null,
        how.deadline,
        user.id,
      ],
    );
    if (inserted.length === 0) throw new Conflict('a vote is already open on this case');
    await db.query(
      `INSERT INTO vote_voter (vote_id, user_id, specialty)
       SELECT $1, unnest($2::uuid[]), unnest($3::text[])`,
      [id, eligible.map((v) => v.userId), eligible.map((v) => v.specialty)],
    );
    await this.events.publish({
      type: 'domain',
      action: 'vote.opened',
      targetType: 'case',
      targetId: request.caseId,
      details: {
        voteId: id,
        round,
        mode: how.mode,
        meetingId: how.meetingId,
        deadline: how.deadline?.toISOString() ?? null,
        options: options.map((o) => ({ id: o.id, text: o.text })),
        eligible: eligible.map((v) => v.userId),
      },
    });
    await this.events.publishTo(VOTE_EVENTS, {
      type: 'opened',
      voteId: id,
      meetingId: how.meetingId,
      announcement:
        how.meetingId === null
          ? null
          : {
              voteId: id,
              meetingId: how.meetingId,
              caseId: request.caseId,
              round,
              question: request.question,
              options,
              blind: actor.board.votingPolicy.blindUntilClose,
              eligibleCount: eligible.length,
            },
    });
    return { id };
  }

  private async close(
    db: EntityManager,
    vote: VoteRow,
    reason: 'chair' | 'all_voted' | 'deadline',
    closedBy: string | null,
  ): Promise<void> {
    const voters: Array<{ user_id: string; specialty: Specialty }> = await db.query(
      `SELECT user_id, specialty FROM vote_voter WHERE vote_id = $1`,
      [vote.id],
    );
    const result = this.tally(vote, effectiveBallots(await this.ballots(db, vote.id)), voters);
    const tally = toTallyView(result);
    const outcome = result.outcome;
    await db.query(
      `UPDATE vote SET status = 'closed', closed_at = now(), closed_by = $2, close_reason = $3, result = $4
       WHERE id = $1`,
      [vote.id, closedBy, reason, JSON.stringify({ outcome, tally })],
    );
    await this.events.publish({
      type: 'domain',
      action: 'vote.closed',
      targetType: 'case',
      targetId: vote.case_id,
      actorId: closedBy ?? undefined,
      // The ballots' choices and salts are now in the ballot table: each earlier commitment can be checked.
      details: {
        voteId: vote.id,
        reason,
        outcome,
        tally: tally.options,
        abstentions: tally.abstentions,
      },
    });
    await this.events.publishTo(VOTE_EVENTS, {
      type: 'closed',
      voteId: vote.id,
      meetingId: vote.meeting_id,
      outcome,
      tally,
    });
  }

  private tally(
    vote: VoteRow,
    effective: BallotRow[],
    voters: Array<{ user_id: string; specialty: Specialty }>,
  ): Tally {
    return decideOutcome({
      options: vote.options.map((option) => ({ id: option.id })),
      eligible: voters.map((v) => ({ userId: v.user_id, specialty: v.specialty })),
      ballots: effective.map((b) => ({
        voterId: b.voterId,
        specialty: b.specialty,
        optionId: b.optionId,
      })),
      policy: vote.policy,
      minVotingMembers: vote.min_voting_members,
      chairId: vote.chair_id,
    });
  }

  private async progress(
    db: EntityManager,
    vote: VoteRow,
  ): Promise<Omit<BallotReceipt, 'duplicate' | 'closed'>> {
    const [row] = await db.query(
      `SELECT (SELECT count(DISTINCT voter_id) FROM ballot WHERE vote_id = $1)::int AS received,
              (SELECT count(*) FROM vote_voter WHERE vote_id = $1)::int AS eligible`,
      [vote.id],
    );
    return { voteId: vote.id, ballotsReceived: row.received, eligibleCount: row.eligible };
  }

  private publishProgress(
    vote: VoteRow,
    progress: Omit<BallotReceipt, 'duplicate' | 'closed'>,
  ): Promise<void> {
    return this.events.publishTo(VOTE_EVENTS, {
      type: 'progress',
      meetingId: vote.meeting_id,
      ...progress,
    });
  }

  private async ballots(
    db: EntityManager,
    voteId: string,
    withComments = false,
  ): Promise<BallotRow[]> {
    const rows: Array<{
      voter_id: string;
      specialty: Specialty;
      option_id: string | null;
      comment: string | null;
      sequence: number;
      cast_at: Date;
      submission_id: string;
    }> = await db.query(
      `SELECT b.voter_id, v.specialty, b.option_id, b.comment, b.sequence, b.cast_at, b.submission_id
       FROM ballot b JOIN vote_voter v ON v.vote_id = b.vote_id AND v.user_id = b.voter_id
       WHERE b.vote_id = $1 ORDER BY b.id`,
      [voteId],
    );
    return rows.map((row) => ({
      voterId: row.voter_id,
      specialty: row.specialty,
      optionId: row.option_id,
      ...(withComments && row.comment !== null ? { comment: row.comment } : {}),
      sequence: row.sequence,
      castAt: row.cast_at.toISOString(),
      submissionId: row.submission_id,
    }));
  }

  private async findVote(db: EntityManager, voteId: string, lock = false): Promise<VoteRow> {
    const [vote] = await db.query(`SELECT * FROM vote WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      voteId,
    ]);
    if (!vote) throw new NotFound('vote', voteId);
    return vote as VoteRow;
  }

  /** The vote, locked until the transaction ends; a vote on a board the caller is not on is "not found". */
  private async lockVote(
    db: EntityManager,
    user: AuthenticatedUser,
    voteId: string,
  ): Promise<VoteRow> {
    const [found] = await db.query(`SELECT board_id FROM vote WHERE id = $1`, [voteId]);
    if (!found) throw new NotFound('vote', voteId);
    await this.boards.actorOn(found.board_id, user).catch(() => {
      throw new NotFound('vote', voteId);
    });
    return this.findVote(db, voteId, true);
  }
}

function toTallyView(tally: Tally): VoteTallyView {
  return {
    options: tally.options.map((o) => ({ optionId: o.optionId, votes: o.votes, share: o.share })),
    abstentions: tally.abstentions,
    ballotsCounted: tally.ballotsCounted,
    eligibleCount: tally.eligibleCount,
    turnout: tally.turnout,
    quorum: tally.quorum,
    bySpecialty: tally.bySpecialty.map((s) => ({
      specialty: s.specialty,
      eligible: s.eligible,
      votes: s.votes,
      abstentions: s.abstentions,
    })),
  };
}
