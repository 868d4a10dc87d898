import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

interface OpenTransaction {
  manager: EntityManager;
  /** Run once the outermost transaction has committed; dropped if it rolls back. */
  committed: Array<() => void>;
}

/**
 * Transactions that span contexts without passing an EntityManager around:
 * `run` opens a transaction (or joins the one already open), and `manager`
 * is that transaction's manager inside it, the plain one outside. So an audit
 * entry written by an event subscriber commits or rolls back together with
 * the state change that caused it. `afterCommit` defers work (the domain
 * event bus's committed deliveries) until the outermost transaction commits.
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
    const open = this.current.getStore();
    if (open) return work(open.manager);
    const committed: Array<() => void> = [];
    const result = await this.dataSource.transaction((manager) =>
      this.current.run({ manager, committed }, () => work(manager)),
    );
    for (const callback of committed) {
      try {
        callback();
      } catch {
        // The transaction has committed; a failing follow-up must not turn it into an error.
      }
    }
    return result;
  }

  /** Runs `callback` once the current outermost transaction commits (never if it rolls back); outside one, at once. */
  afterCommit(callback: () => void): void {
    const open = this.current.getStore();
    if (open) open.committed.push(callback);
    else callback();
  }
}
