import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  BoardRole,
  GuidelineReference,
  RecommendationContent,
  RecommendationReport,
  RecommendationView,
  Specialty,
  TrialReferral,
  VoteOptionView,
} from '@app/contracts';
import { AuthenticatedUser, UsersService } from '@app/auth';
import { BoardAccessService, BoardActor } from '@app/boards';
import { CaseStatus, CasesService, ClinicalCase } from '@app/cases';
import {
  Clock,
  Conflict,
  DomainEventBus,
  Forbidden,
  InvalidInput,
  NotFound,
  Unauthenticated,
  canonicalJson,
  newId,
} from '@app/core';
import { NotesService } from '@app/notes';
import { UnitOfWork } from '@app/persistence';
import { Recommendation, isNctId, transitionRecommendation } from './domain';
import { buildFhirBundle, renderRecommendationPdf } from './report';
import { VOTING_SETTINGS, VotingSettings } from './voting-settings';
import { VotesService } from './votes.service';
import { WebhookService } from './webhooks';

export interface RecommendationInput {
  rationale: string;
  guidelineReferences: GuidelineReference[];
  trialReferrals: TrialReferral[];
}

interface RecommendationRow {
  id: string;
  case_id: string;
  board_id: string;
  vote_id: string | null;
  version: number;
  previous_version_id: string | null;
  amendment_reason: string | null;
  status: RecommendationView['status'];
  content: RecommendationContent;
  decision: RecommendationView['decision'];
  notes_snapshot: string;
  notes_sha256: string;
  content_hash: string;
  signer_id: string | null;
  signer_name: string | null;
  signed_at: Date | null;
  signature: string | null;
  published_by: string | null;
  published_at: Date | null;
  created_by: string;
  created_at: Date;
  superseded_by: string | null;
}

const DRAFTERS = new Set<BoardRole | null>([
  BoardRole.Chair,
  BoardRole.Presenter,
  BoardRole.Coordinator,
]);

/**
 * The decision of record: drafted from a vote's consensus, signed by the
 * chair (who re-enters their password; the signature is an HMAC over the
 * content hash, the signer and the time), published by a coordinator (PDF
 * report, FHIR bundle, webhooks). A published version never changes: an
 * amendment is a new version linked to it with a reason.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly cases: CasesService,
    private readonly notes: NotesService,
    private readonly users: UsersService,
    private readonly votes: VotesService,
    private readonly webhooks: WebhookService,
    @Inject(VOTING_SETTINGS) private readonly settings: VotingSettings,
    private readonly clock: Clock,
  ) {}

  async draft(
    user: AuthenticatedUser,
    voteId: string,
    input: RecommendationInput,
  ): Promise<RecommendationView> {
    assertTrials(input.trialReferrals);
    const vote = await this.votes.closedVote(user, voteId);
    const actor = await this.boards.actorOn(vote.board_id, user);
    if (!actor.isAdmin && !DRAFTERS.has(actor.role))
      throw new Forbidden(
        'only the chair, the presenter or a coordinator drafts the recommendation',
      );
    const result = vote.result;
    const outcome = result?.outcome;
    if (!result || outcome?.kind !== 'consensus')
      throw new Conflict(
        'the vote reached no consensus: open a new round, defer or refer the case',
      );
    const winner = vote.options.find((option) => option.id === outcome.optionId);
    if (!winner) throw new Conflict('the winning option is missing from the vote');
    const id = await this.uow.run(async (db) => {
      // Two drafts of one vote at once: the second waits, then finds the first.
      await db.query(`SELECT 1 FROM vote WHERE id = $1 FOR UPDATE`, [voteId]);
      const [existing] = await db.query(`SELECT id FROM recommendation WHERE vote_id = $1`, [
        voteId,
      ]);
      if (existing) throw new Conflict('this vote already has a recommendation: edit or amend it');
      const snapshot = await this.notes.snapshot(user, 'cases', vote.case_id);
      const content: RecommendationContent = {
        recommendation: {
          text: winner.text,
          intent: winner.intent,
          modalities: winner.modalities,
          sequence: winner.sequence,
        },
        rationale: input.rationale,
        guidelineReferences: input.guidelineReferences,
        trialReferrals: input.trialReferrals,
      };
      const decision = {
        decidedBy: outcome.decidedBy,
        tally: result.tally,
        minorityOpinions: await this.votes.minorityOpinions(db, voteId),
      };
      const recommendationId = newId();
      await db.query(
        `INSERT INTO recommendation (id, case_id, board_id, vote_id, version, status, content, decision,
           notes_snapshot, notes_sha256, content_hash, created_by, created_at)
         VALUES ($1, $2, $3, $4, 1, 'draft', $5, $6, $7, $8, $9, $10, now())`,
        [
          recommendationId,
          vote.case_id,
          vote.board_id,
          voteId,
          JSON.stringify(content),
          JSON.stringify(decision),
          snapshot.markdown,
          snapshot.contentHash,
          contentHash({
            caseId: vote.case_id,
            voteId,
            version: 1,
            previousVersionId: null,
            content,
            decision,
            notesSha256: snapshot.contentHash,
          }),
          user.id,
        ],
      );
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.drafted',
        targetType: 'case',
        targetId: vote.case_id,
        details: { recommendationId, voteId, notesSha256: snapshot.contentHash },
      });
      return recommendationId;
    });
    return this.get(user, id);
  }

  /** A draft's editable content changes; anything signed or published is amended instead. */
  async edit(
    user: AuthenticatedUser,
    id: string,
    input: RecommendationInput,
  ): Promise<RecommendationView> {
    assertTrials(input.trialReferrals);
    await this.uow.run(async (db) => {
      const { row, actor } = await this.lock(db, user, id);
      if (!actor.isAdmin && !DRAFTERS.has(actor.role))
        throw new Forbidden(
          'only the chair, the presenter or a coordinator edits the recommendation',
        );
      const content: RecommendationContent = { ...row.content, ...input };
      const hash = contentHash({ ...hashedParts(row), content });
      this.transition(row, { type: 'edit', content: hash });
      await db.query(`UPDATE recommendation SET content = $2, content_hash = $3 WHERE id = $1`, [
        id,
        JSON.stringify(content),
        hash,
      ]);
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.edited',
        targetType: 'case',
        targetId: row.case_id,
        details: { recommendationId: id, contentHash: hash },
      });
    });
    return this.get(user, id);
  }

  /** The chair signs, re-entering their password; what is signed is the content hash. */
  async sign(user: AuthenticatedUser, id: string, password: string): Promise<RecommendationView> {
    await this.confirmSigner(user, password);
    await this.uow.run(async (db) => {
      const { row, actor } = await this.lock(db, user, id);
      this.assertLatest(row);
      this.transition(row, {
        type: 'sign',
        actorId: user.id,
        actorIsChair: actor.role === BoardRole.Chair,
      });
      const signedAt = this.clock.now();
      const signature = createHmac('sha256', this.settings.signingKey)
        .update(`${row.content_hash}.${user.id}.${signedAt.toISOString()}`)
        .digest('hex');
      await db.query(
        `UPDATE recommendation SET status = 'signed', signer_id = $2, signed_at = $3, signature = $4 WHERE id = $1`,
        [id, user.id, signedAt, signature],
      );
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.signed',
        targetType: 'case',
        targetId: row.case_id,
        details: { recommendationId: id, contentHash: row.content_hash, signature },
      });
    });
    return this.get(user, id);
  }

  /**
   * A coordinator publishes the signed version: the PDF report and the FHIR
   * bundle are generated and stored with it, the case is marked
   * recommendation published, and configured webhooks are queued, all in one
   * transaction.
   */
  async publish(user: AuthenticatedUser, id: string): Promise<RecommendationView> {
    await this.uow.run(async (db) => {
      const { row, actor } = await this.lock(db, user, id);
      this.assertLatest(row);
      this.transition(row, {
        type: 'publish',
        actorId: user.id,
        actorIsCoordinator: actor.role === BoardRole.Coordinator,
      });
      const publishedAt = this.clock.now();
      const published: RecommendationRow = {
        ...row,
        status: 'published',
        published_by: user.id,
        published_at: publishedAt,
      };
      const report = await this.report(db, user, actor, published, publishedAt);
      const pdf = await renderRecommendationPdf(report);
      const fhir = buildFhirBundle(report);
      await db.query(
        `UPDATE recommendation SET status = 'published', published_by = $2, published_at = $3, pdf = $4, fhir = $5
         WHERE id = $1`,
        [id, user.id, publishedAt, pdf, JSON.stringify(fhir)],
      );
      const clinicalCase = await db
        .getRepository(ClinicalCase)
        .findOneByOrFail({ id: row.case_id });
      // The panel has decided on it: a case still marked scheduled has been discussed.
      if (clinicalCase.status === CaseStatus.Scheduled)
        await this.cases.transition(db, clinicalCase, CaseStatus.Discussed);
      if (clinicalCase.status !== CaseStatus.RecommendationPublished)
        await this.cases.transition(db, clinicalCase, CaseStatus.RecommendationPublished);
      await this.webhooks.enqueue(row.board_id, 'recommendation.published', id, {
        recommendationId: id,
        caseId: row.case_id,
        patientRef: report.patient.reference,
        version: row.version,
        previousVersionId: row.previous_version_id,
        contentHash: row.content_hash,
        publishedAt: publishedAt.toISOString(),
        links: {
          fhir: `/api/v1/recommendations/${id}/fhir`,
          pdf: `/api/v1/recommendations/${id}/pdf`,
        },
      });
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.published',
        targetType: 'case',
        targetId: row.case_id,
        details: {
          recommendationId: id,
          version: row.version,
          contentHash: row.content_hash,
          pdfSha256: createHash('sha256').update(pdf).digest('hex'),
        },
      });
    });
    return this.get(user, id);
  }

  /** A new draft version of a signed or published recommendation, linked to it, with the reason. */
  async amend(user: AuthenticatedUser, id: string, reason: string): Promise<RecommendationView> {
    const newVersionId = newId();
    await this.uow.run(async (db) => {
      const { row, actor } = await this.lock(db, user, id);
      if (!actor.isAdmin && !DRAFTERS.has(actor.role))
        throw new Forbidden(
          'only the chair, the presenter or a coordinator amends the recommendation',
        );
      this.assertLatest(row);
      this.transition(row, { type: 'amend', newVersionId, reason });
      const version = row.version + 1;
      const hash = contentHash({
        ...hashedParts(row),
        version,
        previousVersionId: row.id,
      });
      await db.query(
        `INSERT INTO recommendation (id, case_id, board_id, vote_id, version, previous_version_id, amendment_reason,
           status, content, decision, notes_snapshot, notes_sha256, content_hash, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11, $12, $13, now())`,
        [
          newVersionId,
          row.case_id,
          row.board_id,
          row.vote_id,
          version,
          row.id,
          reason.trim(),
          JSON.stringify(row.content),
          JSON.stringify(row.decision),
          row.notes_snapshot,
          row.notes_sha256,
          hash,
          user.id,
        ],
      );
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.amended',
        targetType: 'case',
        targetId: row.case_id,
        details: { recommendationId: newVersionId, amends: row.id, version, reason: reason.trim() },
      });
    });
    return this.get(user, newVersionId);
  }

  async get(user: AuthenticatedUser, id: string): Promise<RecommendationView> {
    const row = await this.find(this.uow.manager, id);
    await this.boards.actorOn(row.board_id, user).catch(() => {
      throw new NotFound('recommendation', id);
    });
    return toView(row);
  }

  async forCase(user: AuthenticatedUser, caseId: string): Promise<RecommendationView[]> {
    const [found] = await this.uow.manager.query(
      `SELECT board_id FROM clinical_case WHERE id = $1`,
      [caseId],
    );
    if (!found) throw new NotFound('case', caseId);
    await this.boards.actorOn(found.board_id, user).catch(() => {
      throw new NotFound('case', caseId);
    });
    const rows: RecommendationRow[] = await this.uow.manager.query(
      `${SELECT_ROW} WHERE r.case_id = $1 ORDER BY r.created_at, r.version`,
      [caseId],
    );
    return rows.map(toView);
  }

  /** The published PDF report. */
  async pdf(user: AuthenticatedUser, id: string): Promise<{ pdf: Buffer; version: number }> {
    await this.get(user, id);
    const [row] = await this.uow.manager.query(
      `SELECT pdf, version FROM recommendation WHERE id = $1 AND status = 'published'`,
      [id],
    );
    if (!row) throw new Conflict('the recommendation is not published yet');
    return { pdf: row.pdf as Buffer, version: row.version };
  }

  /** The published FHIR R4 document bundle. */
  async fhir(user: AuthenticatedUser, id: string): Promise<object> {
    await this.get(user, id);
    const [row] = await this.uow.manager.query(
      `SELECT fhir FROM recommendation WHERE id = $1 AND status = 'published'`,
      [id],
    );
    if (!row) throw new Conflict('the recommendation is not published yet');
    return row.fhir as object;
  }

  private async report(
    db: EntityManager,
    user: AuthenticatedUser,
    actor: BoardActor,
    row: RecommendationRow,
    generatedAt: Date,
  ): Promise<RecommendationReport> {
    const detail = await this.cases.detail(user, row.case_id);
    const [vote] = row.vote_id
      ? await db.query(`SELECT meeting_id, agenda_item_id, options FROM vote WHERE id = $1`, [
          row.vote_id,
        ])
      : [null];
    const [meeting] = vote?.meeting_id
      ? await db.query(`SELECT id, title, starts_at FROM meeting WHERE id = $1`, [vote.meeting_id])
      : [null];
    const participants: RecommendationReport['participants'] = await db.query(
      `SELECT DISTINCT u.id AS "userId", u.display_name AS "displayName", u.specialty, bm.role
       FROM app_user u JOIN board_member bm ON bm.user_id = u.id AND bm.board_id = $1
       WHERE u.id IN (
         SELECT user_id FROM vote_voter WHERE vote_id = $2
         UNION SELECT user_id FROM meeting_attendance WHERE agenda_item_id = $3
       ) ORDER BY u.display_name`,
      [row.board_id, row.vote_id, vote?.agenda_item_id ?? null],
    );
    return {
      recommendation: toView(row),
      board: { id: actor.board.id, name: actor.board.name, institution: actor.board.institution },
      meeting: meeting
        ? {
            id: meeting.id,
            title: meeting.title,
            startsAt: new Date(meeting.starts_at).toISOString(),
            timezone: actor.board.timezone,
          }
        : null,
      participants: participants.map((p) => ({ ...p, specialty: p.specialty as Specialty })),
      patient: { reference: detail.patientRef, birthYear: detail.birthYear, sex: detail.sex },
      case: {
        id: detail.id,
        diagnosis: detail.diagnosis,
        staging: detail.staging,
        biomarkers: detail.biomarkers,
        ecog: detail.ecog,
        question: detail.question,
        clinicalSummary: detail.clinicalSummary,
      },
      options: (vote?.options ?? []) as VoteOptionView[],
      generatedAt: generatedAt.toISOString(),
    };
  }

  /**
   * The signer's password, checked (a failure is audited once, by the check). A wrong one is a
   * mistake in the form, answered on its field like a wrong current password when changing it:
   * the caller's token is fine, and a 401 would send clients to renew it and send the password again.
   */
  private async confirmSigner(user: AuthenticatedUser, password: string): Promise<void> {
    try {
      await this.users.confirmPassword(user, password);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      throw new InvalidInput('the password is not correct', [
        {
          field: 'password',
          message: 'the password is not correct: enter the password you sign in with',
        },
      ]);
    }
  }

  private transition(
    row: RecommendationRow,
    action: Parameters<typeof transitionRecommendation>[1],
  ): Recommendation {
    const result = transitionRecommendation(toLifecycle(row), action);
    if (!result.ok) {
      if (result.code === 'not_chair' || result.code === 'not_coordinator')
        throw new Forbidden(result.message);
      if (result.code === 'reason_required')
        throw new InvalidInput(result.message, [{ field: 'reason', message: result.message }]);
      throw new Conflict(result.message);
    }
    return result.next;
  }

  private assertLatest(row: RecommendationRow): void {
    if (row.superseded_by)
      throw new Conflict(`version ${row.version} has been amended: act on the latest version`);
  }

  private async lock(
    db: EntityManager,
    user: AuthenticatedUser,
    id: string,
  ): Promise<{ row: RecommendationRow; actor: BoardActor }> {
    const [found] = await db.query(`SELECT board_id, case_id FROM recommendation WHERE id = $1`, [
      id,
    ]);
    if (!found) throw new NotFound('recommendation', id);
    const actor = await this.boards.actorOn(found.board_id, user).catch(() => {
      throw new NotFound('recommendation', id);
    });
    // One recommendation chain per case changes at a time: lock the case row.
    await db.query(`SELECT 1 FROM clinical_case WHERE id = $1 FOR UPDATE`, [found.case_id]);
    return { row: await this.find(db, id), actor };
  }

  private async find(db: EntityManager, id: string): Promise<RecommendationRow> {
    const [row] = await db.query(`${SELECT_ROW} WHERE r.id = $1`, [id]);
    if (!row) throw new NotFound('recommendation', id);
    return row as RecommendationRow;
  }
}

const SELECT_ROW = `
  SELECT r.id, r.case_id, r.board_id, r.vote_id, r.version, r.previous_version_id, r.amendment_reason, r.status,
         r.content, r.decision, r.notes_snapshot, r.notes_sha256, r.content_hash, r.signer_id,
         s.display_name AS signer_name, r.signed_at, r.signature, r.published_by, r.published_at,
         r.created_by, r.created_at, n.id AS superseded_by
  FROM recommendation r
  LEFT JOIN app_user s ON s.id = r.signer_id
  LEFT JOIN recommendation n ON n.previous_version_id = r.id`;

function assertTrials(trials: TrialReferral[]): void {
  const bad = trials.filter((trial) => !isNctId(trial.nctId));
  if (bad.length > 0)
    throw new InvalidInput('clinical trial identifiers must be NCT followed by 8 digits', [
      ...bad.map((trial) => ({
        field: 'trialReferrals.nctId',
        message: `${trial.nctId} is not an NCT id`,
      })),
    ]);
}

/** The parts of a recommendation its content hash covers. */
function hashedParts(row: RecommendationRow) {
  return {
    caseId: row.case_id,
    voteId: row.vote_id,
    version: row.version,
    previousVersionId: row.previous_version_id,
    content: row.content,
    decision: row.decision,
    notesSha256: row.notes_sha256,
  };
}

function contentHash(parts: ReturnType<typeof hashedParts>): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

function toLifecycle(row: RecommendationRow): Recommendation {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    content: row.content_hash,
    previousVersionId: row.previous_version_id,
    amendmentReason: row.amendment_reason,
    signedBy: row.signer_id,
    publishedBy: row.published_by,
  };
}

function toView(row: RecommendationRow): RecommendationView {
  return {
    id: row.id,
    caseId: row.case_id,
    boardId: row.board_id,
    voteId: row.vote_id,
    version: row.version,
    previousVersionId: row.previous_version_id,
    amendmentReason: row.amendment_reason,
    status: row.status,
    content: row.content,
    decision: row.decision,
    notesSnapshot: { text: row.notes_snapshot, sha256: row.notes_sha256 },
    contentHash: row.content_hash,
    signature:
      row.signer_id && row.signed_at && row.signature
        ? {
            signerId: row.signer_id,
            signerName: row.signer_name ?? '',
            signedAt: new Date(row.signed_at).toISOString(),
            contentHash: row.content_hash,
            value: row.signature,
          }
        : null,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    publishedBy: row.published_by,
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
    supersededBy: row.superseded_by,
  };
}
