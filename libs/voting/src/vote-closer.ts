import { Injectable } from '@nestjs/common';
import { DomainEventBus } from '@app/core';
import { effectiveBallots } from './domain';
import { VOTE_EVENTS } from './vote-events';
import { VoteRepository, VoteRow } from './vote.repository';
import { tallyVote, toTallyView } from './vote-tally';

/**
 * Closes a vote, whoever ends it (the chair, the last ballot, the deadline sweeper): the outcome
 * is the pure tally of the effective ballots, stored on the vote and audited, and the meeting is
 * told once the transaction commits.
 */
@Injectable()
export class VoteCloser {
  constructor(
    private readonly votes: VoteRepository,
    private readonly events: DomainEventBus,
  ) {}

  /** `vote` must be locked by the caller's transaction and still open; it closes at `at`. */
  async close(
    vote: VoteRow,
    reason: 'chair' | 'all_voted' | 'deadline',
    closedBy: string | null,
    at: Date,
  ): Promise<void> {
    const voters = await this.votes.voters(vote.id);
    const result = tallyVote(vote, effectiveBallots(await this.votes.ballots(vote.id)), voters);
    const tally = toTallyView(result);
    const outcome = result.outcome;
    await this.votes.close(vote.id, closedBy, reason, { outcome, tally }, at);
    await this.events.publish({
      type: 'domain',
      action: 'vote.closed',
      targetType: 'case',
      targetId: vote.case_id,
      actorId: closedBy ?? undefined,
      // The ballots' choices and salts are now in the ballot table: each earlier commitment can be checked.
      details: {
        voteId: vote.id,
        reason,
        outcome,
        tally: tally.options,
        abstentions: tally.abstentions,
      },
    });
    await this.events.publishTo(VOTE_EVENTS, {
      type: 'closed',
      voteId: vote.id,
      meetingId: vote.meeting_id,
      outcome,
      tally,
      openedAt: vote.opened_at,
      closedAt: at,
    });
  }
}
