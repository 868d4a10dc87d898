import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  BoardRole,
  GuidelineReference,
  RecommendationContent,
  RecommendationView,
  TrialReferral,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, BoardActor } from '@app/boards';
import { CaseLookup, CaseStatus, CasesService } from '@app/cases';
import {
  Clock,
  Conflict,
  DomainEventBus,
  Forbidden,
  InvalidInput,
  NotFound,
  newId,
} from '@app/core';
import { NotesService } from '@app/notes';
import { UnitOfWork } from '@app/persistence';
import {
  Recommendation,
  SigningProof,
  isNctId,
  recommendationContentHash,
  transitionRecommendation,
} from './domain';
import { RecommendationReportService } from './recommendation-report.service';
import { RecommendationViewsService } from './recommendation-views.service';
import {
  RecommendationRepository,
  RecommendationRow,
  hashedPartsOf,
  lifecycleOf,
} from './recommendation.repository';
import { RecommendationSigner } from './recommendation-signer';
import { VoteRepository, VoteRow } from './vote.repository';
import { VoteViewsService } from './vote-views.service';

export interface RecommendationInput {
  rationale: string;
  guidelineReferences: GuidelineReference[];
  trialReferrals: TrialReferral[];
}

const DRAFTERS = new Set<BoardRole | null>([
  BoardRole.Chair,
  BoardRole.Presenter,
  BoardRole.Coordinator,
]);

/**
 * The decision of record: drafted from a vote's consensus, signed by the
 * chair (`RecommendationSigner`), published by a coordinator (the PDF report
 * and FHIR bundle of `RecommendationReportService`; the
 * `recommendation.published` event queues the webhooks). A published version
 * never changes: an amendment is a new version linked to it with a reason.
 *
 * Somewhat over the ~350-line guide on purpose: drafting, publishing and amending share the
 * version chain and its lock; signing and the reports are already apart.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly recommendations: RecommendationRepository,
    private readonly votes: VoteRepository,
    private readonly voteViews: VoteViewsService,
    private readonly signer: RecommendationSigner,
    private readonly reports: RecommendationReportService,
    private readonly views: RecommendationViewsService,
    private readonly boards: BoardAccessService,
    private readonly cases: CasesService,
    private readonly caseLookup: CaseLookup,
    private readonly notes: NotesService,
    private readonly clock: Clock,
  ) {}

  async draft(
    user: AuthenticatedUser,
    voteId: string,
    input: RecommendationInput,
  ): Promise<RecommendationView> {
    assertTrials(input.trialReferrals);
    const { vote, actor } = await this.closedVote(user, voteId);
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
    const id = await this.uow.run(async () => {
      // Two drafts of one vote at once: the second waits, then finds the first.
      await this.votes.lock(voteId);
      if (await this.recommendations.existsForVote(voteId))
        throw new Conflict('this vote already has a recommendation: edit or amend it');
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
        minorityOpinions: await this.voteViews.minorityOpinions(voteId),
      };
      const recommendationId = newId();
      const first = {
        caseId: vote.case_id,
        voteId,
        version: 1,
        previousVersionId: null,
        content,
        decision,
        notesSha256: snapshot.contentHash,
      };
      await this.recommendations.insertDraft({
        ...first,
        id: recommendationId,
        boardId: vote.board_id,
        amendmentReason: null,
        notesSnapshot: snapshot.markdown,
        contentHash: recommendationContentHash(first),
        createdBy: user.id,
        createdAt: this.clock.now(),
      });
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.drafted',
        targetType: 'case',
        targetId: vote.case_id,
        details: { recommendationId, voteId, notesSha256: snapshot.contentHash },
      });
      return recommendationId;
    });
    return this.views.get(user, id);
  }

  /** A draft's editable content changes; anything signed or published is amended instead. */
  async edit(
    user: AuthenticatedUser,
    id: string,
    input: RecommendationInput,
  ): Promise<RecommendationView> {
    assertTrials(input.trialReferrals);
    await this.uow.run(async () => {
      const { row, actor } = await this.lock(user, id);
      if (!actor.isAdmin && !DRAFTERS.has(actor.role))
        throw new Forbidden(
          'only the chair, the presenter or a coordinator edits the recommendation',
        );
      const content: RecommendationContent = { ...row.content, ...input };
      const hash = recommendationContentHash({ ...hashedPartsOf(row), content });
      this.transition(row, { type: 'edit', content: hash });
      await this.recommendations.updateContent(id, content, hash);
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.edited',
        targetType: 'case',
        targetId: row.case_id,
        details: { recommendationId: id, contentHash: hash },
      });
    });
    return this.views.get(user, id);
  }

  /**
   * The chair signs, proving it is them: the password re-entered, or the confirmation at their
   * identity provider for this recommendation, taken in the signing transaction (kept if the
   * signature is refused). What is signed is the content hash.
   */
  async sign(
    user: AuthenticatedUser,
    id: string,
    proof: SigningProof,
  ): Promise<RecommendationView> {
    if (proof.kind === 'password') await this.signer.confirmSigner(user, proof.password);
    await this.uow.run(async () => {
      const { row, actor } = await this.lock(user, id);
      this.assertLatest(row);
      this.transition(row, {
        type: 'sign',
        actorId: user.id,
        actorIsChair: actor.role === BoardRole.Chair,
      });
      if (proof.kind === 'provider') await this.signer.takeConfirmation(user, id);
      const { signedAt, signature } = this.signer.sign(row.content_hash, user.id);
      await this.recommendations.sign(id, user.id, signedAt, signature);
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.signed',
        targetType: 'case',
        targetId: row.case_id,
        details: { recommendationId: id, contentHash: row.content_hash, signature },
      });
    });
    return this.views.get(user, id);
  }

  /**
   * A coordinator publishes the signed version: the PDF report and the FHIR
   * bundle are generated and stored with it, the case is marked
   * recommendation published, and the `recommendation.published` event
   * (whose in-transaction subscribers queue the webhooks) is published, all in
   * one transaction.
   */
  async publish(user: AuthenticatedUser, id: string): Promise<RecommendationView> {
    await this.uow.run(async () => {
      const { row, actor } = await this.lock(user, id);
      this.assertLatest(row);
      this.transition(row, {
        type: 'publish',
        actorId: user.id,
        actorIsCoordinator: actor.role === BoardRole.Coordinator,
      });
      const publishedAt = this.clock.now();
      const published = await this.views.view({
        ...row,
        status: 'published',
        published_by: user.id,
        published_at: publishedAt,
      });
      const documents = await this.reports.documents(user, actor, published, publishedAt);
      await this.recommendations.publish(id, user.id, publishedAt, documents);
      const clinicalCase = await this.caseLookup.clinicalCase(row.case_id);
      if (!clinicalCase) throw new NotFound('case', row.case_id);
      // The panel has decided on it: a case still marked scheduled has been discussed.
      if (clinicalCase.status === CaseStatus.Scheduled)
        await this.cases.transition(clinicalCase, CaseStatus.Discussed);
      if (clinicalCase.status !== CaseStatus.RecommendationPublished)
        await this.cases.transition(clinicalCase, CaseStatus.RecommendationPublished);
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.published',
        targetType: 'case',
        targetId: row.case_id,
        details: {
          recommendationId: id,
          version: row.version,
          contentHash: row.content_hash,
          pdfSha256: createHash('sha256').update(documents.pdf).digest('hex'),
        },
      });
    });
    return this.views.get(user, id);
  }

  /** A new draft version of a signed or published recommendation, linked to it, with the reason. */
  async amend(user: AuthenticatedUser, id: string, reason: string): Promise<RecommendationView> {
    const newVersionId = newId();
    await this.uow.run(async () => {
      const { row, actor } = await this.lock(user, id);
      if (!actor.isAdmin && !DRAFTERS.has(actor.role))
        throw new Forbidden(
          'only the chair, the presenter or a coordinator amends the recommendation',
        );
      this.assertLatest(row);
      this.transition(row, { type: 'amend', newVersionId, reason });
      const next = { ...hashedPartsOf(row), version: row.version + 1, previousVersionId: row.id };
      await this.recommendations.insertDraft({
        ...next,
        id: newVersionId,
        boardId: row.board_id,
        amendmentReason: reason.trim(),
        notesSnapshot: row.notes_snapshot,
        contentHash: recommendationContentHash(next),
        createdBy: user.id,
        createdAt: this.clock.now(),
      });
      await this.events.publish({
        type: 'domain',
        action: 'recommendation.amended',
        targetType: 'case',
        targetId: row.case_id,
        details: {
          recommendationId: newVersionId,
          amends: row.id,
          version: next.version,
          reason: reason.trim(),
        },
      });
    });
    return this.views.get(user, newVersionId);
  }

  /** A closed vote's row, for the recommendation drafted from it, with the caller's rights on its board. */
  private async closedVote(
    user: AuthenticatedUser,
    voteId: string,
  ): Promise<{ vote: VoteRow; actor: BoardActor }> {
    const vote = await this.votes.find(voteId);
    if (!vote) throw new NotFound('vote', voteId);
    const actor = await this.boards.requireAccess(user, vote.board_id, BoardAction.View, {
      kind: 'vote',
      id: voteId,
    });
    if (vote.status !== 'closed') throw new Conflict('the vote is still open');
    return { vote, actor };
  }

  private transition(
    row: RecommendationRow,
    action: Parameters<typeof transitionRecommendation>[1],
  ): Recommendation {
    const result = transitionRecommendation(lifecycleOf(row), action);
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

  /** The version with the caller's rights on its board, its case locked until the transaction ends. */
  private async lock(
    user: AuthenticatedUser,
    id: string,
  ): Promise<{ row: RecommendationRow; actor: BoardActor }> {
    const owner = await this.recommendations.ownerOf(id);
    if (!owner) throw new NotFound('recommendation', id);
    const actor = await this.boards.requireAccess(user, owner.boardId, BoardAction.View, {
      kind: 'recommendation',
      id,
    });
    // One recommendation chain per case changes at a time: lock the case row.
    await this.caseLookup.lockCase(owner.caseId);
    const row = await this.recommendations.find(id);
    if (!row) throw new NotFound('recommendation', id);
    return { row, actor };
  }
}

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
