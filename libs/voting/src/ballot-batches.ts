import { DomainError, runWithoutRequestContext } from '@app/core';

/** A ballot's outcome in its batch: its receipt, or the refusal its voter gets. */
export type BallotOutcome<Receipt> = { receipt: Receipt } | { refusal: DomainError };

/** Records one batch of ballots on a vote, answering each ballot in the order given. */
export type RecordBatch<Ballot, Receipt> = (
  voteId: string,
  ballots: Ballot[],
) => Promise<Array<BallotOutcome<Receipt>>>;

interface WaitingBallot<Ballot, Receipt> {
  ballot: Ballot;
  answer(receipt: Receipt): void;
  fail(error: unknown): void;
}

/**
 * Group commit of ballots, per vote: a ballot submitted while no batch of its vote is being
 * recorded starts one at once; ballots submitted meanwhile wait, in arrival order, and all go
 * into the next batch. So a vote takes its lock once per batch rather than once per ballot,
 * however many panelists vote at the same moment. Each ballot's promise settles with its own
 * outcome; a batch that fails (a database error: nothing of it was recorded) fails all its
 * ballots with that error, and a retry with the same submission id is safe. Batches run outside
 * any request's context: each ballot carries what its audit entry needs.
 */
export class BallotBatches<Ballot, Receipt> {
  private readonly waiting = new Map<string, Array<WaitingBallot<Ballot, Receipt>>>();
  private readonly recording = new Set<string>();

  constructor(private readonly record: RecordBatch<Ballot, Receipt>) {}

  submit(voteId: string, ballot: Ballot): Promise<Receipt> {
    return new Promise<Receipt>((answer, fail) => {
      const waiting = this.waiting.get(voteId);
      if (waiting) waiting.push({ ballot, answer, fail });
      else this.waiting.set(voteId, [{ ballot, answer, fail }]);
      if (this.recording.has(voteId)) return;
      this.recording.add(voteId);
      runWithoutRequestContext(() => void this.recordWaiting(voteId));
    });
  }

  /** Records the vote's waiting ballots batch after batch until none is left. */
  private async recordWaiting(voteId: string): Promise<void> {
    for (let batch = this.take(voteId); batch; batch = this.take(voteId)) {
      try {
        const outcomes = await this.record(
          voteId,
          batch.map((waiting) => waiting.ballot),
        );
        batch.forEach((waiting, i) => {
          const outcome = outcomes[i];
          if ('receipt' in outcome) waiting.answer(outcome.receipt);
          else waiting.fail(outcome.refusal);
        });
      } catch (error) {
        for (const waiting of batch) waiting.fail(error);
      }
    }
    this.recording.delete(voteId);
  }

  private take(voteId: string): Array<WaitingBallot<Ballot, Receipt>> | undefined {
    const batch = this.waiting.get(voteId);
    this.waiting.delete(voteId);
    return batch;
  }
}
