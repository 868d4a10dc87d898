import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DeliveredOpinionView, WrittenOpinionContent, WrittenOpinionView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, mayOnBoard } from '@app/boards';
import { Clock, Conflict, DomainEventBus, Forbidden, NotFound, canonicalJson } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { OpinionReport, renderClinicalOpinionPdf, renderPatientSummaryPdf } from '@app/reports';
import {
  RequestFacts,
  WrittenOpinionDelivery,
  assertUnderReview,
  specialistOpinion,
} from './domain';
import { PanelVoteService } from './panel-vote.service';
import { ReferrerLinksService } from './referrer-links.service';
import { ReviewsService } from './reviews.service';
import {
  SecondOpinionRequestRepository,
  SecondOpinionRequestRow,
} from './second-opinion-request.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import {
  WrittenOpinionDocument,
  WrittenOpinionRepository,
  WrittenOpinionRow,
} from './written-opinion.repository';

/**
 * The written second opinion. A single specialist's opinion is their own
 * independent assessment and concordance class; a panel's is the conclusion
 * it agreed on by its vote (`PanelVoteService`). Each version is frozen
 * with its clinical report and plain-language patient summary (PDF) and the
 * hash of its content; corrections and answers to the referrer's follow-up
 * questions (addenda) are new versions. Delivery stops the turnaround clock
 * and gives the referrer a link to the opinion.
 */
@Injectable()
export class WrittenOpinionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly opinions: WrittenOpinionRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly reviews: ReviewsService,
    private readonly panelVote: PanelVoteService,
    private readonly referrerLinks: ReferrerLinksService,
    private readonly clock: Clock,
  ) {}

  /** Issues version 1 and delivers it: the clock stops, and the referrer gets a link to it. */
  async deliver(
    user: AuthenticatedUser,
    requestId: string,
    input: WrittenOpinionDelivery,
  ): Promise<DeliveredOpinionView> {
    const at = this.clock.now();
    const referrerLink = await this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      const { board } = await this.boards.requireAccess(
        user,
        request.board_id,
        BoardAction.Manage,
        { kind: 'second opinion', id: requestId },
      );
      if (request.status === 'opinion_delivered')
        throw new Conflict(
          'the opinion has already been delivered: issue a correction, or answer the referrer’s questions',
        );
      assertUnderReview(request.status);
      const reviewers = await this.reviews.reviewersOf(requestId);
      const facts = requestFacts(request, board.name);
      const content = request.case_id
        ? await this.panelVote.writtenOpinion(request.case_id, facts, reviewers, input)
        : specialistOpinion(facts, reviewers, input);
      const issued = await this.issue(user, requestId, content, null, at);
      await this.requests.setStatus(requestId, 'opinion_delivered', at);
      await this.timeline.append(requestId, 'opinion_delivered', user.id, { version: 1 }, at);
      const link = await this.referrerLinks.issue(user, requestId, at);
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
    return { opinion: await this.get(user, requestId, 1), referrerLink };
  }

  /** A corrected plain-language summary, as a new version with its reason. */
  async correct(
    user: AuthenticatedUser,
    requestId: string,
    input: { reason: string; patientSummary: string },
  ): Promise<WrittenOpinionView> {
    const issued = await this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
        kind: 'second opinion',
        id: requestId,
      });
      const latest = await this.latestDelivered(request);
      return this.issue(
        user,
        requestId,
        { ...latest.content, patientSummary: input.patientSummary },
        input.reason,
        this.clock.now(),
      );
    });
    return this.get(user, requestId, issued.version);
  }

  /** The latest version, or the one asked for: coordinators, and reviewers whose assessment is in. */
  async get(
    user: AuthenticatedUser,
    requestId: string,
    version?: number,
  ): Promise<WrittenOpinionView> {
    await this.assertMayRead(user, requestId);
    return toWrittenOpinionView(requestId, await this.version(requestId, version));
  }

  async versions(user: AuthenticatedUser, requestId: string): Promise<WrittenOpinionView[]> {
    await this.assertMayRead(user, requestId);
    const rows = await this.opinions.versions(requestId);
    return rows.map((row) => toWrittenOpinionView(requestId, row));
  }

  async document(
    user: AuthenticatedUser,
    requestId: string,
    which: WrittenOpinionDocument,
    version?: number,
  ): Promise<{ pdf: Buffer; version: number }> {
    await this.assertMayRead(user, requestId);
    return this.pdf(requestId, which, version);
  }

  /** A version's PDF, for whoever has already been given access to the request. */
  async pdf(
    requestId: string,
    which: WrittenOpinionDocument,
    version?: number,
  ): Promise<{ pdf: Buffer; version: number }> {
    const found = await this.opinions.pdf(requestId, which, version);
    if (!found) throw new NotFound('written opinion', requestId);
    return found;
  }

  /** Coordinators, and reviewers cleared of conflicts whose own assessment is in (the opinion quotes the first one). */
  async assertMayRead(user: AuthenticatedUser, requestId: string): Promise<void> {
    const request = await this.requests.find(requestId);
    const actor = await this.boards.requireAccess(user, request.board_id, BoardAction.View, {
      kind: 'second opinion',
      id: requestId,
    });
    if (mayOnBoard(actor, BoardAction.Manage)) return;
    const clearance = await this.reviews.clearance(user.id, requestId);
    if (!clearance.cleared || !clearance.assessed)
      throw new Forbidden(
        'the written opinion is open to coordinators and to reviewers once their own assessment is in',
      );
  }

  /** The latest version of a delivered opinion, which corrections and addenda start from. */
  async latestDelivered(request: SecondOpinionRequestRow): Promise<WrittenOpinionRow> {
    if (request.status !== 'opinion_delivered')
      throw new Conflict('the opinion has not been delivered yet');
    return this.version(request.id);
  }

  /** Freezes `content` as the next version, issued at `issuedAt`, with its PDFs and content hash. */
  async issue(
    user: AuthenticatedUser,
    requestId: string,
    content: WrittenOpinionContent,
    revisionReason: string | null,
    issuedAt: Date,
  ): Promise<{ version: number; contentSha256: string }> {
    const version = await this.opinions.nextVersion(requestId);
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
    await this.opinions.insert({
      request_id: requestId,
      version,
      content,
      content_sha256: contentSha256,
      clinical_pdf: clinicalPdf,
      patient_summary_pdf: patientSummaryPdf,
      revision_reason: revisionReason,
      issued_by: user.id,
      issued_at: issuedAt,
    });
    await this.events.publish({
      type: 'domain',
      action: 'second_opinion.opinion_issued',
      targetType: 'second_opinion',
      targetId: requestId,
      details: { version, contentSha256, revised: revisionReason !== null },
    });
    return { version, contentSha256 };
  }

  private async version(requestId: string, version?: number): Promise<WrittenOpinionRow> {
    const row = await this.opinions.find(requestId, version);
    if (!row)
      throw new NotFound(
        'written opinion',
        version === undefined ? requestId : `${requestId} v${version}`,
      );
    return row;
  }
}

/** What the written opinion states of the request, on the board named `boardName`. */
function requestFacts(request: SecondOpinionRequestRow, boardName: string): RequestFacts {
  return {
    requestId: request.id,
    boardName,
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
  };
}

function toWrittenOpinionView(requestId: string, row: WrittenOpinionRow): WrittenOpinionView {
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
