/**
 * A typed, in-process event bus with two kinds of subscribers:
 *
 * - `subscribe`: runs inside the publisher's unit of work. `publish` awaits
 *   every such handler, in registration order, so a subscriber that must not
 *   miss an event (the audit log) commits or rolls back with the change, and
 *   its failure fails the publisher's operation.
 * - `subscribeCommitted`: runs once the publisher's outermost transaction has
 *   committed, never if it rolls back; for effects outside the database
 *   (closing connections, telling clients). Its failures are reported, never
 *   thrown: the change is already committed. Events the bus is told to relay
 *   reach the committed subscribers of every other instance too.
 */
export type EventHandler<E> = (event: E) => Promise<void> | void;

/** Carries committed events to the other instances of the server (e.g. through Redis). */
export interface EventRelay<E> {
  send(event: E): void;
  /** Registers where events sent by other instances are delivered. */
  onReceive(deliver: (event: E) => void): void;
}

export interface EventBusOptions<E> {
  /**
   * Runs `deliver` once the current outermost transaction has committed, and
   * drops it if it rolls back; outside a transaction, at once. Default: at once.
   */
  afterCommit?: (deliver: () => void) => void;
  /** Several instances: committed events that `relays` accepts go to the other instances. */
  relay?: EventRelay<E> | null;
  relays?: (event: E) => boolean;
  /** A committed subscriber failed (the change stands): log it. */
  onError?: (error: unknown, event: E) => void;
}

export class EventBus<Events extends { type: string }> {
  private readonly handlers: Array<EventHandler<Events>> = [];
  private readonly committedHandlers: Array<EventHandler<Events>> = [];
  private readonly afterCommit: (deliver: () => void) => void;
  private readonly relay: EventRelay<Events> | null;

  constructor(private readonly options: EventBusOptions<Events> = {}) {
    this.afterCommit = options.afterCommit ?? ((deliver) => deliver());
    this.relay = options.relay ?? null;
    this.relay?.onReceive((event) => this.deliverCommitted(event));
  }

  subscribe(handler: EventHandler<Events>): () => void {
    return register(this.handlers, handler);
  }

  subscribeCommitted(handler: EventHandler<Events>): () => void {
    return register(this.committedHandlers, handler);
  }

  async publish(event: Events): Promise<void> {
    for (const handler of [...this.handlers]) {
      await handler(event);
    }
    const relayed = this.relay !== null && (this.options.relays?.(event) ?? false);
    if (this.committedHandlers.length === 0 && !relayed) return;
    this.afterCommit(() => {
      this.deliverCommitted(event);
      if (relayed) this.relay?.send(event);
    });
  }

  private deliverCommitted(event: Events): void {
    for (const handler of [...this.committedHandlers]) {
      try {
        const done = handler(event);
        if (done instanceof Promise) done.catch((error: unknown) => this.report(error, event));
      } catch (error) {
        this.report(error, event);
      }
    }
  }

  private report(error: unknown, event: Events): void {
    try {
      this.options.onError?.(error, event);
    } catch {
      // A failing error reporter must not break delivery to the other subscribers.
    }
  }
}

function register<H>(list: H[], handler: H): () => void {
  list.push(handler);
  return () => {
    const index = list.indexOf(handler);
    if (index >= 0) list.splice(index, 1);
  };
}
