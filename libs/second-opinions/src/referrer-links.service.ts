import { Inject, Injectable } from '@nestjs/common';
import { ReferrerLinkView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { Clock, Conflict, DomainEventBus, days, newHashedSecret } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ReferrerLinkRepository } from './referrer-link.repository';
import { SecondOpinionRequestRepository } from './second-opinion-request.repository';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';

/**
 * The referrer's link to the delivered written opinion (they have no account): given once with
 * the delivery, valid for `referrerLinkDays`, and replaced on a coordinator's request, which
 * stops every earlier link. Only the token's hash is stored. What the referrer does with it is
 * `ReferrerAccessService`.
 */
@Injectable()
export class ReferrerLinksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly links: ReferrerLinkRepository,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
    private readonly clock: Clock,
  ) {}

  /** A new link for the request's referrer, made at `at`, shown this once. */
  async issue(user: AuthenticatedUser, requestId: string, at: Date): Promise<ReferrerLinkView> {
    const { secret: token, secretHash } = newHashedSecret();
    const expiresAt = new Date(at.getTime() + days(this.settings.referrerLinkDays));
    await this.links.insert({
      requestId,
      tokenSha256: secretHash,
      expiresAt,
      createdBy: user.id,
      createdAt: at,
    });
    return {
      url: `${this.settings.publicUrl}/opinions/${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** A new link for the referrer (lost, leaked or expired): every earlier link stops working. */
  async reissue(user: AuthenticatedUser, requestId: string): Promise<ReferrerLinkView> {
    return this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
        kind: 'second opinion',
        id: requestId,
      });
      if (request.status !== 'opinion_delivered')
        throw new Conflict('a referrer link is given with a delivered opinion');
      const at = this.clock.now();
      const revokedLinkIds = await this.links.revokeAll(requestId, at);
      const link = await this.issue(user, requestId, at);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.referrer_link_reissued',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { revokedLinkIds, expiresAt: link.expiresAt },
      });
      return link;
    });
  }
}
