import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { BallotReceiptView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, BoardActor } from '@app/boards';
import {
  BatchOutcome,
  DomainError,
  DomainEventBus,
  NotFound,
  RequestContext,
  runWithRequestContext,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { BallotDecision, SubmittedBallot, ballotCommitment, decideBallots } from './domain';
import { VoteCloser } from './vote-closer';
import { VOTE_EVENTS } from './vote-events';
import { NewBallotRow, VoteRepository } from './vote.repository';

/** The random salt of each ballot's commitment, in bytes. */
const SALT_BYTES = 16;

/** A ballot submitted for recording, with its comment and the request it came with (for its audit entry). */
export interface BallotToRecord extends SubmittedBallot {
  /** Who casts it: their access to the vote's board is checked with the batch. */
  voter: AuthenticatedUser;
  comment: string | null;
  context: RequestContext | undefined;
}

/**
 * Records a batch of ballots on one vote: the voters' access to the vote's board checked for
 * the whole batch before any lock (a non-member's ballot refused alone), then, in one
 * transaction (the caller's, when one is open), the vote's row locked once, what the batch's voters have recorded read in one query, every
 * ballot decided by the pure `decideBallots`, the recorded ones written with one statement and
 * audited one by one (a blind vote's entry names only the ballot's commitment), and the vote closed
 * when its last voter has voted, or else its progress told once.
 */
@Injectable()
export class BallotRecorder {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly votes: VoteRepository,
    private readonly closer: VoteCloser,
    private readonly boards: BoardAccessService,
  ) {}

  async record(
    voteId: string,
    ballots: BallotToRecord[],
  ): Promise<Array<BatchOutcome<BallotReceiptView>>> {
    const verdicts = await this.access(voteId, ballots);
    const admitted = ballots.filter((_, i) => !(verdicts[i] instanceof DomainError));
    const outcomes = admitted.length > 0 ? await this.recordAdmitted(voteId, admitted) : [];
    let next = 0;
    return verdicts.map((verdict) =>
      verdict instanceof DomainError ? { refusal: verdict } : outcomes[next++],
    );
  }

  /**
   * Each voter's access to the vote's board, for the whole batch with three queries and without
   * the vote's lock: a non-member is told the vote does not exist, as everywhere.
   */
  private async access(
    voteId: string,
    ballots: BallotToRecord[],
  ): Promise<Array<BoardActor | DomainError>> {
    const boardId = await this.votes.boardOf(voteId);
    if (!boardId) return ballots.map(() => new NotFound('vote', voteId));
    return this.boards.accessOfEach(
      ballots.map((ballot) => ballot.voter),
      boardId,
      BoardAction.View,
      { kind: 'vote', id: voteId },
    );
  }

  private recordAdmitted(
    voteId: string,
    ballots: BallotToRecord[],
  ): Promise<Array<BatchOutcome<BallotReceiptView>>> {
    return this.uow.run(async () => {
      const vote = await this.votes.find(voteId, true);
      if (!vote) throw new NotFound('vote', voteId);
      const standing = await this.votes.standing(
        voteId,
        ballots.map((ballot) => ballot.voterId),
        ballots.map((ballot) => ballot.submissionId),
      );
      const decisions = decideBallots(
        {
          closed: vote.status === 'closed',
          deadline: vote.deadline,
          optionIds: vote.options.map((option) => option.id),
          ...standing,
        },
        ballots,
      );
      // One draw of randomness for the whole batch: 16 bytes of salt per ballot.
      const salts = randomBytes(SALT_BYTES * ballots.length);
      const recorded = ballots.flatMap((ballot, i) => {
        const decision = decisions[i];
        if (decision.kind !== 'recorded') return [];
        const salt = salts.toString('hex', i * SALT_BYTES, (i + 1) * SALT_BYTES);
        return [{ row: toRow(voteId, ballot, decision.sequence, salt), context: ballot.context }];
      });
      if (recorded.length > 0) {
        const rows = recorded.map(({ row }) => row);
        // The vote's lock keeps other writers out: a skipped submission means it was bypassed.
        if ((await this.votes.insertBallots(voteId, rows)) !== rows.length)
          throw new Error(`ballots of vote ${voteId} were recorded without the vote's lock`);
      }
      for (const { row, context } of recorded)
        await this.asRequested(context, () =>
          this.events.publish({
            type: 'domain',
            action: 'vote.ballot_cast',
            targetType: 'case',
            targetId: vote.case_id,
            // While the vote is blind the entry names only a commitment to the choice, opened at close.
            details: {
              voteId,
              sequence: row.sequence,
              commitment: row.commitment,
              ...(vote.policy.blindUntilClose ? {} : { optionId: row.optionId }),
            },
          }),
        );
      const closing = decisions.findIndex((d) => d.kind === 'recorded' && d.closesVote);
      const answered = decisions.flatMap((d) => (d.kind === 'refused' ? [] : [d]));
      if (closing >= 0)
        await this.closer.close(vote, 'all_voted', null, ballots[closing].submittedAt);
      else if (answered.length > 0)
        await this.events.publishTo(VOTE_EVENTS, {
          type: 'progress',
          voteId,
          meetingId: vote.meeting_id,
          ballotsReceived: answered[answered.length - 1].ballotsReceived,
          eligibleCount: standing.eligibleCount,
        });
      return decisions.map((decision) => toOutcome(voteId, standing.eligibleCount, decision));
    });
  }

  /** Runs `publish` in the context of the request a ballot came with, so its audit entry names that request. */
  private asRequested(
    context: RequestContext | undefined,
    publish: () => Promise<void>,
  ): Promise<void> {
    return context ? runWithRequestContext(context, publish) : publish();
  }
}

function toRow(
  voteId: string,
  ballot: BallotToRecord,
  sequence: number,
  salt: string,
): NewBallotRow {
  const { voterId, optionId } = ballot;
  return {
    voterId,
    sequence,
    optionId,
    comment: ballot.comment,
    submissionId: ballot.submissionId,
    commitment: ballotCommitment({ voteId, voterId, sequence, optionId, salt }),
    salt,
    castAt: ballot.submittedAt,
  };
}

function toOutcome(
  voteId: string,
  eligibleCount: number,
  decision: BallotDecision,
): BatchOutcome<BallotReceiptView> {
  if (decision.kind === 'refused') return { refusal: decision.error };
  const progress = { voteId, ballotsReceived: decision.ballotsReceived, eligibleCount };
  return decision.kind === 'recorded'
    ? { receipt: { ...progress, duplicate: false, closed: decision.closesVote } }
    : { receipt: { ...progress, duplicate: true, closed: decision.closed } };
}
