import { EventBus, EventBusOptions } from './event-bus';

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

/** The application-wide bus every context publishes its domain events on. */
export class DomainEventBus extends EventBus<DomainEvent> {
  constructor(options: Omit<EventBusOptions<DomainEvent>, 'relays'> = {}) {
    super({ ...options, relays: (event) => event.everyInstance === true });
  }
}
