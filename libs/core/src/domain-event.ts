import { EventBus, EventBusOptions, EventHandler } from './event-bus';

/**
 * A state change in some bounded context. `action` is a dotted verb in the
 * clinic's words ("user.invited", "auth.login_failed"); `target` names what
 * changed. `details` must never hold secrets (passwords, tokens).
 */
export interface DomainEvent {
  type: 'domain';
  action: string;
  targetType: string;
  targetId: string | null;
  /** The acting user; defaults to the request context's actor. */
  actorId?: string | null;
  details?: Record<string, unknown>;
  /**
   * Also delivered, after commit, to the committed subscribers of every other
   * instance (through Redis when several run): for effects each instance must
   * apply to what it holds itself, such as closing an ended session's connections.
   */
  everyInstance?: boolean;
}

/**
 * A named, typed kind of event on the domain event bus, for what a context
 * tells the gateways besides its audited facts (a vote's running count, a
 * room whose presence changed): `Event` is a union discriminated by `type`,
 * declared by the context that publishes it. Its events go to the topic's
 * subscribers only, after the publisher's outermost transaction commits and
 * never if it rolls back. They are not audited, and stay on this instance:
 * what a gateway broadcasts from them reaches every instance's clients already.
 */
export class EventTopic<Event extends { type: string }> {
  /** Only in the type: what the topic's events are. */
  declare readonly event: Event;

  constructor(readonly name: string) {}
}

export interface DomainEventBusOptions extends Omit<
  EventBusOptions<DomainEvent>,
  'relays' | 'onError'
> {
  /**
   * A committed subscriber failed (the change stands): log it. `failed.action`
   * is the event's action, or `<topic>.<type>` for a topic's event.
   */
  onError?: (error: unknown, failed: Pick<DomainEvent, 'action'>) => void;
}

/** The application-wide bus every context publishes its domain events, and its topics' events, on. */
export class DomainEventBus extends EventBus<DomainEvent> {
  /** Per topic, the bus of its events (each topic's entry is an `EventBus` of that topic's `Event`). */
  private readonly topics = new Map<EventTopic<{ type: string }>, unknown>();

  constructor(private readonly domainOptions: DomainEventBusOptions = {}) {
    super({ ...domainOptions, relays: (event) => event.everyInstance === true });
  }

  /** Tells the topic's subscribers, once the current outermost transaction commits (outside one, at once). */
  publishTo<Event extends { type: string }>(
    topic: EventTopic<Event>,
    event: NoInfer<Event>,
  ): Promise<void> {
    return this.topicBus(topic).publish(event);
  }

  /** Hears the topic's events once committed; returns the unsubscribe function. */
  subscribeTo<Event extends { type: string }>(
    topic: EventTopic<Event>,
    handler: EventHandler<NoInfer<Event>>,
  ): () => void {
    return this.topicBus(topic).subscribeCommitted(handler);
  }

  private topicBus<Event extends { type: string }>(topic: EventTopic<Event>): EventBus<Event> {
    let bus = this.topics.get(topic) as EventBus<Event> | undefined;
    if (!bus) {
      bus = new EventBus<Event>({
        afterCommit: this.domainOptions.afterCommit,
        onError: (error, event) =>
          this.domainOptions.onError?.(error, { action: `${topic.name}.${event.type}` }),
      });
      this.topics.set(topic, bus);
    }
    return bus;
  }
}
