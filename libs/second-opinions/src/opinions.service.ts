import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  ConcordanceClassName,
  DeliveredOpinionView,
  FollowUpQuestionView,
  IndependentAssessment,
  PanelDecisionRecord,
  ProfessionalCredentials,
  ProposedRecommendation,
  ReviewerCredentials,
  SecondOpinionView,
  VoteOptionView,
  VoteOutcomeView,
  VoteTallyView,
  VoteView,
  WrittenOpinionContent,
  WrittenOpinionView,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, BoardActor, mayOnBoard } from '@app/boards';
import { CasesService } from '@app/cases';
import {
  Clock,
  Conflict,
  DomainEventBus,
  Forbidden,
  InvalidInput,
  NotFound,
  Refused,
  canonicalJson,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { VotesService } from '@app/voting';
import { days, mayRevealFirstOpinion, validateConcordance } from './domain';
import { newLinkToken } from './referrer-links';
import { OpinionReport, renderClinicalOpinionPdf, renderPatientSummaryPdf } from './report';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';
import { actorOnRequestBoard, requireRequestCoordinator } from './request-access';
import { appendToTimeline } from './timeline';

interface RequestRow {
  id: string;
  board_id: string;
  board_name: string;
  type: SecondOpinionView['type'];
  priority: SecondOpinionView['priority'];
  status: SecondOpinionView['status'];
  patient_ref: string;
  patient_birth_year: number;
  patient_sex: SecondOpinionView['patient']['sex'];
  preferred_language: string;
  question: string;
  referrer: SecondOpinionView['referrer'];
  first_opinion: NonNullable<SecondOpinionView['firstOpinion']>;
  follow_up_questions_allowed: number;
  case_id: string | null;
}

interface ReviewerRow {
  user_id: string;
  display_name: string;
  specialty: string;
  institution: string;
  credentials: ProfessionalCredentials;
  attestation: 'no_conflict' | 'conflict_declared' | null;
  assessment: IndependentAssessment | null;
  submitted_at: Date | null;
  concordance: ConcordanceClassName | null;
  concordance_rationale: string | null;
}

interface OpinionRow {
  version: number;
  content: WrittenOpinionContent;
  content_sha256: string;
  revision_reason: string | null;
  issued_by: string;
  issued_at: Date;
}

interface PanelVoteRow {
  id: string;
  round: number;
  status: 'open' | 'closed';
  options: VoteOptionView[];
  result: { outcome: VoteOutcomeView; tally: VoteTallyView } | null;
  closed_at: Date | null;
}

interface QuestionRow {
  id: string;
  number: number;
  question: string;
  asked_via: FollowUpQuestionView['askedVia'];
  asked_at: Date;
  answer: string | null;
  answered_at: Date | null;
  answered_in_version: number | null;
}

export interface PanelVoteRequest {
  question: string;
  options: ProposedRecommendation[];
  deadline: Date;
}

/** What a panel states beside the option it decided, which is its recommendation. */
export type PanelConclusion = Omit<IndependentAssessment, 'recommendation'>;

export interface OpinionDelivery {
  patientSummary: string;
  conclusion?: PanelConclusion;
  concordance?: { classification: string; rationale?: string };
}

/** A delivered opinion, with the referrer's link to it: shown once, like every link. */
export type DeliveredOpinion = DeliveredOpinionView;

export type OpinionDocument = 'clinical_report' | 'patient_summary';

/**
 * The written second opinion. A single specialist's opinion is their own
 * independent assessment and concordance class; a panel's is the conclusion
 * it agreed on by an asynchronous vote with a deadline, on a board case made
 * for the request (without the first opinion, which the panel sees only in
 * their own reviews once their assessments are in). Each version is frozen
 * with its clinical report and plain-language patient summary (PDF) and the
 * hash of its content; corrections and answers to the referrer's follow-up
 * questions (addenda) are new versions. Delivery stops the turnaround clock.
 */
@Injectable()
export class OpinionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly cases: CasesService,
    private readonly votes: VotesService,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
    private readonly clock: Clock,
  ) {}

  /** Puts the request to the panel of its cleared reviewers, once each has assessed it independently. */
  async openPanelVote(
    user: AuthenticatedUser,
    requestId: string,
    input: PanelVoteRequest,
  ): Promise<VoteView> {
    return this.uow.run(async (db) => {
      const request = await this.lockRequest(db, requestId);
      const { board } = await this.requireCoordinator(request, user);
      assertUnderReview(request);
      const cleared = (await this.reviewers(db, requestId)).filter(
        (reviewer) => reviewer.attestation === 'no_conflict',
      );
      const needed = Math.max(2, board.quorumPolicy.minVotingMembers);
      if (cleared.length < needed)
        throw new Conflict(
          `the panel needs at least ${needed} reviewers cleared of conflicts (the board’s quorum), it has ${cleared.length}`,
        );
      const pending = cleared.filter((reviewer) => !reviewer.submitted_at);
      if (pending.length > 0)
        throw new Conflict(
          'every panel member submits an independent assessment before the panel votes',
          pending.map((reviewer) => ({
            field: 'reviewers',
            message: `${reviewer.display_name} has not submitted an assessment`,
          })),
        );
      const caseId = request.case_id ?? (await this.createPanelCase(db, user, request));
      const vote = await this.votes.openAsync(user, {
        caseId,
        question: input.question,
        options: input.options,
        deadline: input.deadline,
        panelUserIds: cleared.map((reviewer) => reviewer.user_id),
      });
      await appendToTimeline(db, requestId, 'panel_vote_opened', user.id, {
        voteId: vote.id,
        caseId,
        round: vote.round,
      });
      return vote;
    });
  }

  /** Issues version 1 and delivers it: the clock stops, and the referrer gets a link to it. */
  async deliver(
    user: AuthenticatedUser,
    requestId: string,
    input: OpinionDelivery,
  ): Promise<DeliveredOpinion> {
    const referrerLink = await this.uow.run(async (db) => {
      const request = await this.lockRequest(db, requestId);
      await this.requireCoordinator(request, user);
      if (request.status === 'opinion_delivered')
        throw new Conflict(
          'the opinion has already been delivered: issue a correction, or answer the referrer’s questions',
        );
      assertUnderReview(request);
      const reviewers = await this.reviewers(db, requestId);
      const content = request.case_id
        ? await this.panelOpinion(db, request, reviewers, input)
        : specialistOpinion(request, reviewers, input);
      const issued = await this.issue(db, user, request, content, null);
      await db.query(
        `UPDATE second_opinion_request SET status = 'opinion_delivered', updated_at = now(), version = version + 1
         WHERE id = $1`,
        [requestId],
      );
      await appendToTimeline(db, requestId, 'opinion_delivered', user.id, { version: 1 });
      const link = await this.newReferrerLink(db, user, requestId);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.opinion_delivered',
        targetType: 'second_opinion',
        targetId: requestId,
        details: {
          version: 1,
          contentSha256: issued.contentSha256,
          concordance: content.concordance.classification,
          reviewMode: content.reviewMode,
          referrerLinkExpiresAt: link.expiresAt,
        },
      });
      return link;
    });
    return { opinion: await this.opinion(user, requestId, 1), referrerLink };
  }

  /** A new link for the referrer (lost, leaked or expired): every earlier link stops working. */
  async reissueReferrerLink(
    user: AuthenticatedUser,
    requestId: string,
  ): Promise<DeliveredOpinion['referrerLink']> {
    return this.uow.run(async (db) => {
      const request = await this.lockRequest(db, requestId);
      await this.requireCoordinator(request, user);
      if (request.status !== 'opinion_delivered')
        throw new Conflict('a referrer link is given with a delivered opinion');
      const revoked = await db.query(
        `UPDATE second_opinion_referrer_link SET revoked_at = now()
         WHERE request_id = $1 AND revoked_at IS NULL RETURNING id`,
        [requestId],
      );
      const link = await this.newReferrerLink(db, user, requestId);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.referrer_link_reissued',
        targetType: 'second_opinion',
        targetId: requestId,
        details: {
          revokedLinkIds: revoked[0].map((row: { id: string }) => row.id),
          expiresAt: link.expiresAt,
        },
      });
      return link;
    });
  }

  /** A corrected plain-language summary, as a new version with its reason. */
  async correct(
    user: AuthenticatedUser,
    requestId: string,
    input: { reason: string; patientSummary: string },
  ): Promise<WrittenOpinionView> {
    const issued = await this.uow.run(async (db) => {
      const request = await this.lockRequest(db, requestId);
      await this.requireCoordinator(request, user);
      const latest = await this.latestDelivered(db, request);
      return this.issue(
        db,
        user,
        request,
        { ...latest.content, patientSummary: input.patientSummary },
        input.reason,
      );
    });
    return this.opinion(user, requestId, issued.version);
  }

  /** A follow-up question from the referrer, through their link or taken down by a coordinator. */
  async ask(
    askedBy: AuthenticatedUser | null,
    requestId: string,
    question: string,
  ): Promise<FollowUpQuestionView> {
    return this.uow.run(async (db) => {
      const request = await this.lockRequest(db, requestId);
      if (askedBy) await this.requireCoordinator(request, askedBy);
      if (request.status !== 'opinion_delivered')
        throw new Conflict('questions are asked about a delivered opinion');
      const [{ asked }] = await db.query(
        `SELECT count(*)::int AS asked FROM second_opinion_question WHERE request_id = $1`,
        [requestId],
      );
      if (asked >= request.follow_up_questions_allowed)
        throw new Refused(
          'question_limit_reached',
          `the ${request.follow_up_questions_allowed} follow-up question(s) included with this opinion have been asked`,
        );
      const [row] = await db.query(
        `INSERT INTO second_opinion_question (id, request_id, number, question, asked_via, asked_by, asked_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, now()) RETURNING *`,
        [
          requestId,
          asked + 1,
          question,
          askedBy ? 'coordinator' : 'referrer_link',
          askedBy?.id ?? null,
        ],
      );
      await appendToTimeline(db, requestId, 'follow_up_question_asked', askedBy?.id ?? null, {
        number: row.number,
      });
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
    const issued = await this.uow.run(async (db) => {
      const request = await this.lockRequest(db, requestId);
      const reviewers = await this.reviewers(db, requestId);
      const reviewer = reviewers.find((r) => r.user_id === user.id);
      if (!reviewer) {
        await this.requireCoordinator(request, user);
        throw new Forbidden('follow-up questions are answered by the reviewers of the opinion');
      }
      if (reviewer.attestation !== 'no_conflict' || !reviewer.submitted_at)
        throw new Forbidden('only reviewers who gave this opinion answer its follow-up questions');
      const latest = await this.latestDelivered(db, request);
      const [question]: QuestionRow[] = await db.query(
        `SELECT * FROM second_opinion_question WHERE request_id = $1 AND number = $2 FOR UPDATE`,
        [requestId, questionNumber],
      );
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
            answeredBy: { displayName: reviewer.display_name, specialty: reviewer.specialty },
          },
        ],
      };
      const issued = await this.issue(
        db,
        user,
        request,
        content,
        `Addendum: answer to follow-up question ${question.number}`,
      );
      await db.query(
        `UPDATE second_opinion_question SET answer = $2, answered_by = $3, answered_at = $4, answered_in_version = $5
         WHERE id = $1`,
        [question.id, answer, user.id, answeredAt, issued.version],
      );
      await appendToTimeline(db, requestId, 'follow_up_question_answered', user.id, {
        number: question.number,
        version: issued.version,
      });
      return issued;
    });
    return this.opinion(user, requestId, issued.version);
  }

  /** The latest version, or the one asked for: coordinators, and reviewers whose assessment is in. */
  async opinion(
    user: AuthenticatedUser,
    requestId: string,
    version?: number,
  ): Promise<WrittenOpinionView> {
    await this.assertMayRead(user, requestId);
    return toOpinionView(requestId, await this.version(this.uow.manager, requestId, version));
  }

  async versions(user: AuthenticatedUser, requestId: string): Promise<WrittenOpinionView[]> {
    await this.assertMayRead(user, requestId);
    const rows: OpinionRow[] = await this.uow.manager.query(
      `SELECT version, content, content_sha256, revision_reason, issued_by, issued_at
       FROM second_opinion_opinion WHERE request_id = $1 ORDER BY version`,
      [requestId],
    );
    return rows.map((row) => toOpinionView(requestId, row));
  }

  async document(
    user: AuthenticatedUser,
    requestId: string,
    which: OpinionDocument,
    version?: number,
  ): Promise<{ pdf: Buffer; version: number }> {
    await this.assertMayRead(user, requestId);
    return this.pdf(requestId, which, version);
  }

  /** A version's PDF, for whoever has already been given access to the request. */
  async pdf(
    requestId: string,
    which: OpinionDocument,
    version?: number,
  ): Promise<{ pdf: Buffer; version: number }> {
    const [row] = await this.uow.manager.query(
      `SELECT version, ${which === 'clinical_report' ? 'clinical_pdf' : 'patient_summary_pdf'} AS pdf
       FROM second_opinion_opinion WHERE request_id = $1 AND ($2::int IS NULL OR version = $2)
       ORDER BY version DESC LIMIT 1`,
      [requestId, version ?? null],
    );
    if (!row) throw new NotFound('written opinion', requestId);
    return { pdf: row.pdf, version: row.version };
  }

  async questions(user: AuthenticatedUser, requestId: string): Promise<FollowUpQuestionView[]> {
    await this.assertMayRead(user, requestId);
    return this.questionsOf(requestId);
  }

  async questionsOf(requestId: string): Promise<FollowUpQuestionView[]> {
    const rows: QuestionRow[] = await this.uow.manager.query(
      `SELECT * FROM second_opinion_question WHERE request_id = $1 ORDER BY number`,
      [requestId],
    );
    return rows.map(toQuestionView);
  }

  private async panelOpinion(
    db: EntityManager,
    request: RequestRow,
    reviewers: ReviewerRow[],
    input: OpinionDelivery,
  ): Promise<WrittenOpinionContent> {
    if (!input.conclusion || !input.concordance)
      throw new InvalidInput('a panel’s opinion states its conclusion and concordance class', [
        ...(input.conclusion ? [] : [{ field: 'conclusion', message: 'is required for a panel' }]),
        ...(input.concordance
          ? []
          : [{ field: 'concordance', message: 'is required for a panel' }]),
      ]);
    const concordance = checkedConcordance(input.concordance);
    const [vote]: PanelVoteRow[] = await db.query(
      `SELECT id, round, status, options, result, closed_at FROM vote WHERE case_id = $1
       ORDER BY round DESC LIMIT 1`,
      [request.case_id],
    );
    if (!vote) throw new Conflict('the panel has not voted yet');
    if (vote.status !== 'closed' || !vote.result || !vote.closed_at)
      throw new Conflict('the panel vote is still open');
    const result = vote.result;
    if (result.outcome.kind === 'no_quorum')
      throw new Conflict('the panel vote closed without a quorum: open another round');
    const { outcome } = result;
    if (outcome.kind !== 'consensus')
      throw new Conflict(
        'the panel reached no consensus: open another round, or refer the case for an external opinion',
      );
    const { optionId } = outcome;
    const decided = vote.options.find((option) => option.id === optionId);
    if (!decided) throw new Error(`vote ${vote.id} decided an option it does not have`);
    const panelDecision: PanelDecisionRecord = {
      voteId: vote.id,
      round: vote.round,
      outcome: outcome.kind,
      decidedOption: decided.text,
      votesFor: result.tally.options.find((o) => o.optionId === decided.id)?.votes ?? 0,
      eligible: result.tally.eligibleCount,
      closedAt: new Date(vote.closed_at).toISOString(),
    };
    const voters: Array<{ user_id: string }> = await db.query(
      `SELECT user_id FROM vote_voter WHERE vote_id = $1`,
      [vote.id],
    );
    const panel = reviewers.filter((reviewer) =>
      voters.some((v) => v.user_id === reviewer.user_id),
    );
    return {
      ...baseContent(request, panel),
      conclusion: {
        ...input.conclusion,
        stage: input.conclusion.stage ?? null,
        recommendation: decided.sequence ? `${decided.text}. ${decided.sequence}` : decided.text,
      },
      concordance,
      reviewMode: 'panel',
      panelDecision,
      patientSummary: input.patientSummary,
    };
  }

  private async newReferrerLink(
    db: EntityManager,
    user: AuthenticatedUser,
    requestId: string,
  ): Promise<DeliveredOpinion['referrerLink']> {
    const { token, hash } = newLinkToken();
    const expiresAt = new Date(this.clock.now().getTime() + days(this.settings.referrerLinkDays));
    await db.query(
      `INSERT INTO second_opinion_referrer_link (id, request_id, token_sha256, expires_at, created_by, created_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, now())`,
      [requestId, hash, expiresAt, user.id],
    );
    return {
      url: `${this.settings.publicUrl}/api/v1/opinions/${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  }

  private async issue(
    db: EntityManager,
    user: AuthenticatedUser,
    request: RequestRow,
    content: WrittenOpinionContent,
    revisionReason: string | null,
  ): Promise<{ version: number; contentSha256: string }> {
    const [{ version }] = await db.query(
      `SELECT coalesce(max(version), 0) + 1 AS version FROM second_opinion_opinion WHERE request_id = $1`,
      [request.id],
    );
    const issuedAt = this.clock.now();
    const contentSha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
    const report: OpinionReport = {
      content,
      version,
      issuedAt: issuedAt.toISOString(),
      revisionReason,
      contentSha256,
    };
    const [clinicalPdf, patientSummaryPdf] = await Promise.all([
      renderClinicalOpinionPdf(report),
      renderPatientSummaryPdf(report),
    ]);
    await db.query(
      `INSERT INTO second_opinion_opinion (request_id, version, content, content_sha256, clinical_pdf,
         patient_summary_pdf, revision_reason, issued_by, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        request.id,
        version,
        JSON.stringify(content),
        contentSha256,
        clinicalPdf,
        patientSummaryPdf,
        revisionReason,
        user.id,
        issuedAt,
      ],
    );
    await this.events.publish({
      type: 'domain',
      action: 'second_opinion.opinion_issued',
      targetType: 'second_opinion',
      targetId: request.id,
      details: { version, contentSha256, revised: revisionReason !== null },
    });
    return { version, contentSha256 };
  }

  private async createPanelCase(
    db: EntityManager,
    user: AuthenticatedUser,
    request: RequestRow,
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
    await db.query(`UPDATE second_opinion_request SET case_id = $2 WHERE id = $1`, [
      request.id,
      created.id,
    ]);
    return created.id;
  }

  private async latestDelivered(db: EntityManager, request: RequestRow): Promise<OpinionRow> {
    if (request.status !== 'opinion_delivered')
      throw new Conflict('the opinion has not been delivered yet');
    return this.version(db, request.id);
  }

  private async version(
    db: EntityManager,
    requestId: string,
    version?: number,
  ): Promise<OpinionRow> {
    const [row]: OpinionRow[] = await db.query(
      `SELECT version, content, content_sha256, revision_reason, issued_by, issued_at
       FROM second_opinion_opinion WHERE request_id = $1 AND ($2::int IS NULL OR version = $2)
       ORDER BY version DESC LIMIT 1`,
      [requestId, version ?? null],
    );
    if (!row)
      throw new NotFound(
        'written opinion',
        version === undefined ? requestId : `${requestId} v${version}`,
      );
    return row;
  }

  private async reviewers(db: EntityManager, requestId: string): Promise<ReviewerRow[]> {
    return db.query(
      `SELECT r.user_id, u.display_name, u.specialty, u.institution, u.credentials, r.attestation,
              a.assessment, a.submitted_at, a.concordance, a.concordance_rationale
       FROM second_opinion_reviewer r
       JOIN app_user u ON u.id = r.user_id
       LEFT JOIN second_opinion_assessment a ON a.request_id = r.request_id AND a.reviewer_id = r.user_id
       WHERE r.request_id = $1 ORDER BY r.assigned_at, u.display_name`,
      [requestId],
    );
  }

  private async lockRequest(db: EntityManager, requestId: string): Promise<RequestRow> {
    const [row] = await db.query(
      `SELECT r.id, r.board_id, b.name AS board_name, r.type, r.priority, r.status, r.patient_ref,
              r.patient_birth_year, r.patient_sex, r.preferred_language, r.question, r.referrer,
              r.first_opinion, r.follow_up_questions_allowed, r.case_id
       FROM second_opinion_request r JOIN board b ON b.id = r.board_id
       WHERE r.id = $1 FOR UPDATE OF r`,
      [requestId],
    );
    if (!row) throw new NotFound('second opinion', requestId);
    return row as RequestRow;
  }

  private async requireCoordinator(
    request: RequestRow,
    user: AuthenticatedUser,
  ): Promise<BoardActor> {
    return requireRequestCoordinator(this.boards, request.board_id, user, request.id);
  }

  /** Coordinators, and reviewers cleared of conflicts whose own assessment is in (the opinion quotes the first one). */
  async assertMayRead(user: AuthenticatedUser, requestId: string): Promise<void> {
    const [request] = await this.uow.manager.query(
      `SELECT board_id FROM second_opinion_request WHERE id = $1`,
      [requestId],
    );
    if (!request) throw new NotFound('second opinion', requestId);
    const actor = await actorOnRequestBoard(this.boards, request.board_id, user, requestId);
    if (mayOnBoard(actor, BoardAction.Manage)) return;
    const [review] = await this.uow.manager.query(
      `SELECT r.attestation, a.submitted_at FROM second_opinion_reviewer r
       LEFT JOIN second_opinion_assessment a ON a.request_id = r.request_id AND a.reviewer_id = r.user_id
       WHERE r.request_id = $1 AND r.user_id = $2`,
      [requestId, user.id],
    );
    if (
      review?.attestation !== 'no_conflict' ||
      !mayRevealFirstOpinion(review.submitted_at ? new Date(review.submitted_at) : null)
    )
      throw new Forbidden(
        'the written opinion is open to coordinators and to reviewers once their own assessment is in',
      );
  }
}

function assertUnderReview(request: RequestRow): void {
  if (request.status === 'consent_withdrawn')
    throw new Conflict('consent has been withdrawn: the request has stopped');
  if (request.status === 'awaiting_records') throw new Conflict('the records are not complete yet');
  if (request.status === 'opinion_delivered')
    throw new Conflict('the opinion has already been delivered');
}

/** A single specialist's opinion: their own assessment and concordance class, unchanged. */
function specialistOpinion(
  request: RequestRow,
  reviewers: ReviewerRow[],
  input: OpinionDelivery,
): WrittenOpinionContent {
  if (input.conclusion || input.concordance)
    throw new InvalidInput(
      'a specialist’s opinion is their own assessment: conclusion and concordance come from the review',
      [
        ...(input.conclusion ? [{ field: 'conclusion', message: 'only for a panel' }] : []),
        ...(input.concordance ? [{ field: 'concordance', message: 'only for a panel' }] : []),
      ],
    );
  const cleared = reviewers.filter((reviewer) => reviewer.attestation === 'no_conflict');
  if (cleared.length !== 1)
    throw new Conflict(
      cleared.length === 0
        ? 'no reviewer cleared of conflicts has reviewed this request'
        : 'several reviewers are cleared: put the request to a panel vote',
    );
  const [reviewer] = cleared;
  if (!reviewer.assessment || !reviewer.submitted_at)
    throw new Conflict('the reviewer has not submitted an assessment yet');
  if (!reviewer.concordance)
    throw new Conflict('the reviewer has not classified the concordance yet');
  return {
    ...baseContent(request, reviewers),
    conclusion: reviewer.assessment,
    concordance: {
      classification: reviewer.concordance,
      rationale: reviewer.concordance_rationale,
    },
    reviewMode: 'specialist',
    panelDecision: null,
    patientSummary: input.patientSummary,
  };
}

function baseContent(
  request: RequestRow,
  reviewers: ReviewerRow[],
): Omit<
  WrittenOpinionContent,
  'conclusion' | 'concordance' | 'reviewMode' | 'panelDecision' | 'patientSummary'
> {
  const authors: ReviewerCredentials[] = reviewers
    .filter((reviewer) => reviewer.attestation === 'no_conflict' && reviewer.submitted_at)
    .map((reviewer) => ({
      userId: reviewer.user_id,
      displayName: reviewer.display_name,
      specialty: reviewer.specialty,
      institution: reviewer.institution,
      credentials: reviewer.credentials,
    }));
  return {
    requestId: request.id,
    boardName: request.board_name,
    type: request.type,
    priority: request.priority,
    patient: {
      reference: request.patient_ref,
      birthYear: request.patient_birth_year,
      sex: request.patient_sex,
    },
    preferredLanguage: request.preferred_language,
    question: request.question,
    referrer: request.referrer,
    firstOpinion: request.first_opinion,
    reviewers: authors,
    addenda: [],
  };
}

function checkedConcordance(input: {
  classification: string;
  rationale?: string;
}): WrittenOpinionContent['concordance'] {
  const validated = validateConcordance(input);
  if (!validated.ok)
    throw new InvalidInput(validated.message, [
      { field: 'concordance.classification', message: validated.message },
    ]);
  return validated.value;
}

function toOpinionView(requestId: string, row: OpinionRow): WrittenOpinionView {
  return {
    requestId,
    version: row.version,
    issuedAt: new Date(row.issued_at).toISOString(),
    issuedBy: row.issued_by,
    revisionReason: row.revision_reason,
    contentSha256: row.content_sha256,
    content: row.content,
  };
}

function toQuestionView(row: QuestionRow): FollowUpQuestionView {
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
