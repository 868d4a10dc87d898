import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { SlaEvent } from './domain';

/** A coordinator's decision to go ahead without a required record, as the timeline keeps it. */
export interface RecordWaiverRow {
  kind: string;
  reason: string;
  actor_id: string;
  at: Date;
}

/**
 * A request's timeline (second_opinion_event): append-only, since the turnaround clock is
 * computed from it. Inside a transaction it joins it.
 */
@Injectable()
export class SecondOpinionTimelineRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** An event that happened at `at`: the turnaround clock starts, pauses and stops at these instants. */
  async append(
    requestId: string,
    type: string,
    actorId: string | null,
    details: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_event (request_id, type, at, actor_id, details) VALUES ($1, $2, $3, $4, $5)`,
      [requestId, type, at, actorId, JSON.stringify(details)],
    );
  }

  /** The events the turnaround clock runs on, per request, in one query. */
  async clockEvents(requestIds: string[]): Promise<Map<string, SlaEvent[]>> {
    const rows: Array<{ request_id: string; type: SlaEvent['type']; at: Date }> =
      await this.uow.manager.query(
        `SELECT request_id, type, at FROM second_opinion_event
         WHERE request_id = ANY($1::uuid[])
           AND type IN ('records_requested', 'records_complete', 'opinion_delivered')
         ORDER BY at, id`,
        [requestIds],
      );
    const byRequest = new Map<string, SlaEvent[]>();
    for (const row of rows)
      byRequest.set(row.request_id, [
        ...(byRequest.get(row.request_id) ?? []),
        { type: row.type, at: new Date(row.at) },
      ]);
    return byRequest;
  }

  /** The request's record waivers, in the order they were given. */
  async recordWaivers(requestId: string): Promise<RecordWaiverRow[]> {
    return this.uow.manager.query(
      `SELECT details->>'kind' AS kind, details->>'reason' AS reason, actor_id, at
       FROM second_opinion_event WHERE request_id = $1 AND type = 'record_waived' ORDER BY id`,
      [requestId],
    );
  }
}
