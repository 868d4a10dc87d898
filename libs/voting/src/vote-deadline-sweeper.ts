import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { VoteCloser } from './vote-closer';
import { VoteRepository } from './vote.repository';
import { VOTING_SETTINGS, VotingSettings } from './voting-settings';

/**
 * Closes votes whose deadline has passed, on every instance: each sweep locks a batch of overdue
 * votes with `SKIP LOCKED`, so two instances never close the same vote. The deadline is compared
 * with the Clock's now, which also stamps the closes.
 */
@Injectable()
export class VoteDeadlineSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('votes');
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly votes: VoteRepository,
    private readonly closer: VoteCloser,
    @Inject(VOTING_SETTINGS) private readonly settings: VotingSettings,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.closeOverdue().finally(() => (this.sweeping = null));
    }, this.settings.deadlineSweepMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  /** Closes every open vote whose deadline has passed (any instance; each vote once). */
  async closeOverdue(): Promise<void> {
    try {
      const at = this.clock.now();
      await this.uow.run(async () => {
        for (const vote of await this.votes.lockOverdue(at))
          await this.closer.close(vote, 'deadline', null, at);
      });
    } catch (error) {
      this.logger.error({ err: error }, 'closing overdue votes failed');
    }
  }
}
