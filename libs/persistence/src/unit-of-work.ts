import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

interface OpenTransaction {
  manager: EntityManager;
  /** Run in order at the end of the outermost transaction, inside it, just before it commits. */
  committing: Array<() => Promise<void>>;
  /** Run once the outermost transaction has committed; dropped if it rolls back. */
  committed: Array<() => void>;
}

/**
 * Transactions that span contexts without passing an EntityManager around:
 * `run` opens a transaction (or joins the one already open), and `manager`
 * is that transaction's manager inside it, the plain one outside. So an audit
 * entry written by an event subscriber commits or rolls back together with
 * the state change that caused it. `beforeCommit` gathers work to the end of
 * the outermost transaction (the audit lib's one insert for all its events);
 * `afterCommit` defers work (the domain event bus's committed deliveries)
 * until the outermost transaction commits.
 */
export class UnitOfWork {
  private readonly current = new AsyncLocalStorage<OpenTransaction>();

  constructor(readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.current.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.open(null, work);
  }

  /**
   * Runs reads that must agree with each other (several tables of one aggregate, read with separate
   * queries) on one snapshot of the database: a repeatable-read transaction, so a change committed
   * between two of its queries shows in neither. Inside an open transaction, it joins that one.
   */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.open('REPEATABLE READ', work);
  }

  private async open<T>(
    isolation: 'REPEATABLE READ' | null,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const open = this.current.getStore();
    if (open) return work(open.manager);
    const committing: Array<() => Promise<void>> = [];
    const committed: Array<() => void> = [];
    const body = (manager: EntityManager) =>
      this.current.run({ manager, committing, committed }, async () => {
        const value = await work(manager);
        // A callback may register another one: the loop reads the length each time.
        for (let i = 0; i < committing.length; i += 1) await committing[i]();
        return value;
      });
    // Read committed is PostgreSQL's default: naming it would cost a statement per transaction.
    const result = await (isolation
      ? this.dataSource.transaction(isolation, body)
      : this.dataSource.transaction(body));
    for (const callback of committed) {
      try {
        callback();
      } catch {
        // The transaction has committed; a failing follow-up must not turn it into an error.
      }
    }
    return result;
  }

  /**
   * Runs `callback` at the end of the current outermost transaction, inside it, before it commits
   * (its failure rolls the transaction back); outside one, at once.
   */
  async beforeCommit(callback: () => Promise<void>): Promise<void> {
    const open = this.current.getStore();
    if (open) open.committing.push(callback);
    else await this.run(callback);
  }

  /** Runs `callback` once the current outermost transaction commits (never if it rolls back); outside one, at once. */
  afterCommit(callback: () => void): void {
    const open = this.current.getStore();
    if (open) open.committed.push(callback);
    else callback();
  }
}
