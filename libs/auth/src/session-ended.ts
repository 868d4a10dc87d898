import { SessionEndReason } from '@app/contracts';
import { DomainEvent } from '@app/core';
import { endReasonOf } from './domain/session-liveness';

/** The domain event auth publishes for every session that ends before its time (audited, relayed to every instance). */
export const SESSION_ENDED = 'auth.session_ended';

export interface SessionEnded {
  sessionId: string;
  userId: string;
  reason: SessionEndReason;
}

export function sessionEndedEvent(ended: SessionEnded, actorId?: string | null): DomainEvent {
  return {
    type: 'domain',
    action: SESSION_ENDED,
    targetType: 'auth_session',
    targetId: ended.sessionId,
    ...(actorId === undefined ? {} : { actorId }),
    details: { userId: ended.userId, reason: ended.reason },
    everyInstance: true,
  };
}

/** The ended session an event reports, or null for any other event. */
export function sessionEndedOf(event: DomainEvent): SessionEnded | null {
  if (event.action !== SESSION_ENDED || event.targetId === null) return null;
  return {
    sessionId: event.targetId,
    userId: String(event.details?.userId ?? ''),
    reason: endReasonOf(typeof event.details?.reason === 'string' ? event.details.reason : null),
  };
}
