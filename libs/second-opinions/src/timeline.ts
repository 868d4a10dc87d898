import { EntityManager } from 'typeorm';

/** Appends to a request's timeline (append-only: the turnaround clock is computed from it). */
export async function appendToTimeline(
  db: EntityManager,
  requestId: string,
  type: string,
  actorId: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await db.query(
    `INSERT INTO second_opinion_event (request_id, type, at, actor_id, details) VALUES ($1, $2, now(), $3, $4)`,
    [requestId, type, actorId, JSON.stringify(details)],
  );
}
