/**
 * A typed, in-process event bus. `publish` awaits every handler, in
 * registration order, so a subscriber that must not miss an event (the audit
 * log) runs inside the publisher's unit of work and its failure fails the
 * publisher's operation.
 */
export type EventHandler<E> = (event: E) => Promise<void> | void;

export class EventBus<Events extends { type: string }> {
  private readonly handlers: Array<EventHandler<Events>> = [];

  subscribe(handler: EventHandler<Events>): () => void {
    this.handlers.push(handler);
    return () => {
      const index = this.handlers.indexOf(handler);
      if (index >= 0) this.handlers.splice(index, 1);
    };
  }

  async publish(event: Events): Promise<void> {
    for (const handler of [...this.handlers]) {
      await handler(event);
    }
  }
}
