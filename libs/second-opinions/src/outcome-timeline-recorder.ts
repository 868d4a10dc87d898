import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock, DomainEvent, DomainEventBus } from '@app/core';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';

/** What the quality context publishes when it records an outcome follow-up of a second opinion. */
const OUTCOME_RECORDED = 'second_opinion.outcome_recorded';

/**
 * Writes each outcome follow-up recorded for a delivered second opinion on its request's
 * timeline. An in-transaction subscriber of the domain event bus, as the audit log is: the
 * entry commits or rolls back with the follow-up.
 */
@Injectable()
export class OutcomeTimelineRecorder implements OnModuleInit, OnModuleDestroy {
  private unsubscribe?: () => void;

  constructor(
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.subscribe((event) => this.record(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private async record(event: DomainEvent): Promise<void> {
    if (event.action !== OUTCOME_RECORDED || event.targetId === null) return;
    await this.timeline.append(
      event.targetId,
      'outcome_recorded',
      event.actorId ?? null,
      event.details ?? {},
      this.clock.now(),
    );
  }
}
