import { DomainError } from './errors';
import { runWithoutRequestContext } from './request-context';

/** An item's outcome in its batch: its receipt, or the refusal its submitter gets. */
export type BatchOutcome<Receipt> = { receipt: Receipt } | { refusal: DomainError };

/** Records one batch of a key's items, answering each item in the order given. */
export type RecordBatch<Item, Receipt> = (
  key: string,
  items: Item[],
) => Promise<Array<BatchOutcome<Receipt>>>;

interface WaitingItem<Item, Receipt> {
  item: Item;
  answer(receipt: Receipt): void;
  fail(error: unknown): void;
}

/**
 * Group commit, per key (a vote's ballots, a meeting's arrivals, or a shared read of a meeting's
 * presence, where every caller gets the same answer): an item submitted while no batch
 * of its key is being recorded starts one at once; items submitted meanwhile wait, in arrival
 * order, and all go into the next batch. So a key's lock and transaction are taken once per batch
 * rather than once per item, however many arrive at the same moment. Each item's promise settles
 * with its own outcome; a batch that fails (a database error: nothing of it was recorded) fails
 * all its items with that error. Batches run outside any request's context: each item carries
 * what its audit entry needs.
 */
export class GroupCommit<Item, Receipt> {
  private readonly waiting = new Map<string, Array<WaitingItem<Item, Receipt>>>();
  /** Per key, the run recording its batches until none is left. */
  private readonly recording = new Map<string, Promise<void>>();

  constructor(private readonly record: RecordBatch<Item, Receipt>) {}

  submit(key: string, item: Item): Promise<Receipt> {
    return new Promise<Receipt>((answer, fail) => {
      const waiting = this.waiting.get(key);
      if (waiting) waiting.push({ item, answer, fail });
      else this.waiting.set(key, [{ item, answer, fail }]);
      if (this.recording.has(key)) return;
      const run = runWithoutRequestContext(() => this.recordWaiting(key));
      this.recording.set(key, run);
    });
  }

  /** Once every item of the key submitted so far is recorded (or failed). */
  settled(key: string): Promise<void> {
    return this.recording.get(key) ?? Promise.resolve();
  }

  /** Records the key's waiting items batch after batch until none is left. */
  private async recordWaiting(key: string): Promise<void> {
    for (let batch = this.take(key); batch; batch = this.take(key)) {
      try {
        const outcomes = await this.record(
          key,
          batch.map((waiting) => waiting.item),
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
    this.recording.delete(key);
  }

  private take(key: string): Array<WaitingItem<Item, Receipt>> | undefined {
    const batch = this.waiting.get(key);
    this.waiting.delete(key);
    return batch;
  }
}
