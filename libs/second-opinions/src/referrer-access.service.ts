import { Injectable } from '@nestjs/common';
import { FollowUpQuestionView, ReferrerOpinionView } from '@app/contracts';
import { Clock, DomainEventBus, NotFound } from '@app/core';
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
 * The link expires and can be revoked; every successful use of it is
 * audited with what it served.
 */
@Injectable()
export class ReferrerAccessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly opinions: OpinionsService,
    private readonly consultations: ConsultationsService,
    private readonly clock: Clock,
  ) {}

  async overview(token: string): Promise<ReferrerOpinionView> {
    return this.using(token, 'opened', async (link) => {
      const versions: Array<{
        version: number;
        issued_at: Date;
        revision_reason: string | null;
      }> = await this.uow.manager.query(
        `SELECT version, issued_at, revision_reason FROM second_opinion_opinion WHERE request_id = $1
         ORDER BY version`,
        [link.request_id],
      );
      const questions = await this.opinions.questionsOf(link.request_id);
      const view: ReferrerOpinionView = {
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
      return { result: view, details: {} };
    });
  }

  async document(
    token: string,
    which: OpinionDocument,
    version?: number,
  ): Promise<{ pdf: Buffer; version: number }> {
    return this.using(token, 'document_downloaded', async (link) => {
      const found = await this.opinions.pdf(link.request_id, which, version);
      return { result: found, details: { document: which, version: found.version } };
    });
  }

  async ask(token: string, question: string): Promise<FollowUpQuestionView> {
    return this.using(token, 'question_submitted', async (link) => {
      const asked = await this.opinions.ask(null, link.request_id, question);
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
    work: (link: ReferrerLink) => Promise<{ result: T; details: Record<string, unknown> }>,
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

  private async valid(token: string): Promise<ReferrerLink> {
    const [link] = await this.uow.manager.query(
      `SELECT l.id, l.request_id, l.expires_at, l.revoked_at, r.status, r.patient_ref,
              r.follow_up_questions_allowed, b.name AS board_name
       FROM second_opinion_referrer_link l
       JOIN second_opinion_request r ON r.id = l.request_id JOIN board b ON b.id = r.board_id
       WHERE l.token_sha256 = $1`,
      [tokenHash(token)],
    );
    if (!link) throw new NotFound('opinion link');
    if (link.revoked_at)
      throw new LinkGone('this link has been replaced: use the newest link from the coordinator');
    if (new Date(link.expires_at).getTime() <= this.clock.now().getTime())
      throw new LinkGone('this link has expired: ask the coordinator for a new one');
    if (link.status === 'consent_withdrawn')
      throw new LinkGone('the patient has withdrawn consent: this request has stopped');
    return { ...link, expires_at: new Date(link.expires_at) };
  }
}
