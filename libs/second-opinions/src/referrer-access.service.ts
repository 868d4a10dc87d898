import { Injectable } from '@nestjs/common';
import {
  FollowUpQuestionView,
  IndependentAssessment,
  ReferrerOpinionContent,
  ReferrerOpinionView,
  ReferrerReviewer,
  ReviewerCredentials,
} from '@app/contracts';
import { BoardLookup } from '@app/boards';
import { Clock, DomainEventBus, NotFound, sha256 } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ConsultationsService } from './consultations.service';
import { FollowUpQuestionsService } from './follow-up-questions.service';
import { LinkGone } from './link-gone';
import { ReferrerLinkRepository, ReferrerLinkWithRequest } from './referrer-link.repository';
import {
  WrittenOpinionDocument,
  WrittenOpinionRepository,
  WrittenOpinionRow,
} from './written-opinion.repository';
import { WrittenOpinionsService } from './written-opinions.service';

/**
 * The referrer's side of a delivered opinion, through the link sent with
 * it (they have no account): the latest version's opinion to read on the
 * page, every version as PDFs, follow-up
 * questions up to the number included, and the consultation invitation.
 * The link expires and can be revoked; every successful use of it is
 * audited with what it served.
 */
@Injectable()
export class ReferrerAccessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly links: ReferrerLinkRepository,
    private readonly opinions: WrittenOpinionRepository,
    private readonly events: DomainEventBus,
    private readonly writtenOpinions: WrittenOpinionsService,
    private readonly questions: FollowUpQuestionsService,
    private readonly consultations: ConsultationsService,
    private readonly boardLookup: BoardLookup,
    private readonly clock: Clock,
  ) {}

  async overview(token: string): Promise<ReferrerOpinionView> {
    return this.using(token, 'opened', async (link) => {
      const versions = await this.opinions.issues(link.request_id);
      const latest = await this.opinions.find(link.request_id);
      const questions = await this.questions.ofRequest(link.request_id);
      const board = await this.boardLookup.board(link.board_id);
      // A link is handed out with the opinion's first version: without one it opens nothing.
      if (!board || !latest) throw new NotFound('opinion link');
      const view: ReferrerOpinionView = {
        boardName: board.name,
        patientReference: link.patient_ref,
        preferredLanguage: latest.content.preferredLanguage,
        linkExpiresAt: link.expires_at.toISOString(),
        opinion: referrerOpinion(latest),
        versions: versions.map((row, index) => ({
          version: row.version,
          issuedAt: new Date(row.issued_at).toISOString(),
          revisionReason: row.revision_reason,
          // Later versions keep the arbitration in their content: only the first one issued it.
          arbitrationOutcome:
            row.arbitration_outcome && !versions[index - 1]?.arbitration_outcome
              ? row.arbitration_outcome
              : null,
        })),
        questions,
        questionsAllowed: link.follow_up_questions_allowed,
        questionsRemaining: Math.max(0, link.follow_up_questions_allowed - questions.length),
        consultation: await this.consultations.latestOf(link.request_id),
      };
      return { result: view, details: {} };
    });
  }

  async document(
    token: string,
    which: WrittenOpinionDocument,
    version?: number,
  ): Promise<{ pdf: Buffer; version: number }> {
    return this.using(token, 'document_downloaded', async (link) => {
      const found = await this.writtenOpinions.pdf(link.request_id, which, version);
      return { result: found, details: { document: which, version: found.version } };
    });
  }

  async ask(token: string, question: string): Promise<FollowUpQuestionView> {
    return this.using(token, 'question_submitted', async (link) => {
      const asked = await this.questions.ask(null, link.request_id, question);
      return { result: asked, details: { number: asked.number } };
    });
  }

  async invitation(token: string): Promise<string> {
    return this.using(token, 'invitation_downloaded', async (link) => ({
      result: await this.consultations.invitationOf(link.request_id),
      details: {},
    }));
  }

  /** Runs `work` for a valid link and audits it in the same transaction, only if it succeeds. */
  private async using<T>(
    token: string,
    what: string,
    work: (
      link: ReferrerLinkWithRequest,
    ) => Promise<{ result: T; details: Record<string, unknown> }>,
  ): Promise<T> {
    return this.uow.run(async () => {
      const link = await this.valid(token);
      const { result, details } = await work(link);
      await this.events.publish({
        type: 'domain',
        action: `second_opinion.referrer_link_${what}`,
        targetType: 'second_opinion',
        targetId: link.request_id,
        details: { linkId: link.id, ...details },
      });
      return result;
    });
  }

  private async valid(token: string): Promise<ReferrerLinkWithRequest> {
    const link = await this.links.byTokenHash(sha256(token));
    if (!link) throw new NotFound('opinion link');
    if (link.revoked_at)
      throw new LinkGone(
        'link_replaced',
        'this link has been replaced: use the newest link from the coordinator',
      );
    if (link.expires_at.getTime() <= this.clock.now().getTime())
      throw new LinkGone(
        'link_expired',
        'this link has expired: ask the coordinator for a new one',
      );
    if (link.status === 'consent_withdrawn')
      throw new LinkGone(
        'consent_withdrawn',
        'the patient has withdrawn consent: this request has stopped',
      );
    return link;
  }
}

/** A version's opinion as the referrer reads it: what they did not write, without ids or credentials. */
function referrerOpinion({
  version,
  issued_at,
  content,
}: WrittenOpinionRow): ReferrerOpinionContent {
  const { arbitration } = content;
  return {
    version,
    issuedAt: new Date(issued_at).toISOString(),
    conclusion: assessmentOf(content.conclusion),
    concordance: content.concordance.classification,
    patientSummary: content.patientSummary,
    reviewMode: content.reviewMode,
    reviewers: content.reviewers.map(reviewerOf),
    arbitration: arbitration
      ? {
          outcome: arbitration.outcome,
          arbiter: reviewerOf(arbitration.arbiter),
          assessment: assessmentOf(arbitration.assessment),
          rationale: arbitration.rationale,
        }
      : null,
  };
}

function reviewerOf({
  displayName,
  specialty,
  institution,
}: ReviewerCredentials): ReferrerReviewer {
  return { displayName, specialty, institution };
}

/** Exactly the assessment's fields, whatever else the stored content carries beside them. */
function assessmentOf(assessment: IndependentAssessment): IndependentAssessment {
  const { diagnosis, stage, recommendation, alternatives, risks, pros, cons } = assessment;
  return { diagnosis, stage, recommendation, alternatives, risks, pros, cons };
}
