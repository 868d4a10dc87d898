import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainEvent, DomainEventBus } from '@app/core';
import { VoteLookup } from '@app/voting';
import { WebhookService } from './webhook.service';

/** The domain event voting publishes, and the webhook event it is pushed as. */
const PUBLISHED = 'recommendation.published';

/**
 * Pushes published recommendations to the board's endpoints. It hears voting's
 * `recommendation.published` domain event as an in-transaction subscriber (like the audit log),
 * so the deliveries are queued in the publishing transaction: they commit with the publication
 * and never outlive its rollback, and the dispatcher sends them after commit. Voting does not
 * know webhooks exist.
 */
@Injectable()
export class RecommendationWebhooks implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly events: DomainEventBus,
    private readonly votes: VoteLookup,
    private readonly webhooks: WebhookService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.subscribe((event) => this.published(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private async published(event: DomainEvent): Promise<void> {
    if (event.action !== PUBLISHED) return;
    const id = String(event.details?.recommendationId);
    const recommendation = await this.votes.publishedRecommendation(id);
    if (!recommendation) throw new Error(`${PUBLISHED}: recommendation ${id} is not published`);
    // The body's `data`: the patient's pseudonym, never the MRN.
    await this.webhooks.enqueue(recommendation.boardId, PUBLISHED, id, {
      recommendationId: id,
      caseId: recommendation.caseId,
      patientRef: recommendation.patientRef,
      version: recommendation.version,
      previousVersionId: recommendation.previousVersionId,
      contentHash: recommendation.contentHash,
      publishedAt: recommendation.publishedAt.toISOString(),
      links: {
        fhir: `/api/v1/recommendations/${id}/fhir`,
        pdf: `/api/v1/recommendations/${id}/pdf`,
      },
    });
  }
}
