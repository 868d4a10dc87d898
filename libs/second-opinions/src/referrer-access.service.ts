import { Injectable } from '@nestjs/common';
import { FollowUpQuestionView, ReferrerOpinionView } from '@app/contracts';
import { DomainEventBus, NotFound } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ConsultationsService } from './consultations.service';
import { OpinionDocument, OpinionsService } from './opinions.service';
import { LinkGone, tokenHash } from './referrer-links';

interface ReferrerLink {
  id: string;
  request_id: string;
  expires_at: Date;
  board_name: string;
  patient_ref: string;
  follow_up_questions_allowed: number;
}

/**
 * The referrer's side of a delivered opinion, through the link sent with
 * it (they have no account): the opinion's versions as PDFs, follow-up
 * questions up to the number included, and the consultation invitation.
 * The link expires; every use of it is audited.
 */
@Injectable()
export class ReferrerAccessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly opinions: OpinionsService,
    private readonly consultations: ConsultationsService,
  ) {}

  async overview(token: string): Promise<ReferrerOpinionView> {
    const link = await this.use(token, 'opened', {});
    const versions: Array<{ version: number; issued_at: Date; revision_reason: string | null }> =
      await this.uow.manager.query(
        `SELECT version, issued_at, revision_reason FROM second_opinion_opinion WHERE request_id = $1
         ORDER BY version`,
        [link.request_id],
      );
    const questions = await this.opinions.questionsOf(link.request_id);
    return {
      boardName: link.board_name,
      patientReference: link.patient_ref,
      linkExpiresAt: link.expires_at.toISOString(),
      versions: versions.map((row) => ({
        version: row.version,
        issuedAt: new Date(row.issued_at).toISOString(),
        revisionReason: row.revision_reason,
      })),
      questions,
      questionsAllowed: link.follow_up_questions_allowed,
      questionsRemaining: Math.max(0, link.follow_up_questions_allowed - questions.length),
      consultation: await this.consultations.latestOf(link.request_id),
    };
  }

  async document(
    token: string,
    which: OpinionDocument,
    version?: number,
  ): Promise<{ pdf: Buffer; version: number }> {
    const link = await this.use(token, 'document_downloaded', { document: which, version });
    return this.opinions.pdf(link.request_id, which, version);
  }

  async ask(token: string, question: string): Promise<FollowUpQuestionView> {
    const link = await this.use(token, 'question_submitted', {});
    return this.opinions.ask(link.request_id, question, null);
  }

  async invitation(token: string): Promise<string> {
    const link = await this.use(token, 'invitation_downloaded', {});
    return this.consultations.invitationOf(link.request_id);
  }

  /** The link behind a token, if still valid; its use is audited. */
  private async use(
    token: string,
    what: string,
    details: Record<string, unknown>,
  ): Promise<ReferrerLink> {
    const [link] = await this.uow.manager.query(
      `SELECT l.id, l.request_id, l.expires_at, l.revoked_at, r.status, r.patient_ref,
              r.follow_up_questions_allowed, b.name AS board_name
       FROM second_opinion_referrer_link l
       JOIN second_opinion_request r ON r.id = l.request_id JOIN board b ON b.id = r.board_id
       WHERE l.token_sha256 = $1`,
      [tokenHash(token)],
    );
    if (!link) throw new NotFound('opinion link');
    if (link.revoked_at) throw new LinkGone('this link has been revoked');
    if (new Date(link.expires_at).getTime() <= Date.now())
      throw new LinkGone('this link has expired: ask the coordinator for a new one');
    if (link.status === 'consent_withdrawn')
      throw new LinkGone('the patient has withdrawn consent: this request has stopped');
    await this.uow.run(() =>
      this.events.publish({
        type: 'domain',
        action: `second_opinion.referrer_link_${what}`,
        targetType: 'second_opinion',
        targetId: link.request_id,
        details: { linkId: link.id, ...details },
      }),
    );
    return { ...link, expires_at: new Date(link.expires_at) };
  }
}
