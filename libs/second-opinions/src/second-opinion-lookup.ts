import { Inject, Injectable } from '@nestjs/common';
import { SecondOpinionPriority } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { ConcordanceClass, SlaEvent, isConcordanceClass, slaClock, slaTargetFor } from './domain';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';

/** The board a second-opinion request belongs to, and whether the patient withdrew consent. */
export interface SecondOpinionOwner {
  boardId: string;
  consentWithdrawn: boolean;
}

/** A second opinion delivered to the referrer: version 1 of its written opinion issued. */
export interface DeliveredSecondOpinion {
  requestId: string;
  boardId: string;
  caseId: string | null;
  patientRef: string;
  deliveredAt: Date;
}

/** A delivered second opinion as its program is judged: concordance and turnaround. */
export interface DeliveredOpinionRecord {
  requestId: string;
  deliveredAt: Date;
  concordance: ConcordanceClass;
  /** The turnaround clock's elapsed time at delivery (see `slaClock`). */
  turnaroundMs: number;
  /** The target of the request's priority (see `slaTargetFor`). */
  targetMs: number;
}

interface DeliveredRow {
  id: string;
  board_id: string;
  case_id: string | null;
  patient_ref: string;
  issued_at: Date;
}

interface IssuedRow {
  request_id: string;
  issued_at: Date;
  classification: string | null;
  priority: SecondOpinionPriority;
}

/**
 * Read functions over the second-opinion program for other libs (the quality context's outcome
 * follow-ups and metrics), which never name its tables themselves (docs/architecture.md, "Table
 * owners"). Inside a transaction they join it (`uow.manager`).
 */
@Injectable()
export class SecondOpinionLookup {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly timeline: SecondOpinionTimelineRepository,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
  ) {}

  /** The request's board and consent, or null if there is no such request. */
  async ownerOf(requestId: string): Promise<SecondOpinionOwner | null> {
    const [row] = await this.uow.manager.query<Array<{ board_id: string; withdrawn: boolean }>>(
      `SELECT board_id, status = 'consent_withdrawn' AS withdrawn FROM second_opinion_request WHERE id = $1`,
      [requestId],
    );
    return row ? { boardId: row.board_id, consentWithdrawn: row.withdrawn } : null;
  }

  /**
   * The board's delivered second opinions, unless consent has been withdrawn; `requestId`, if
   * given, keeps only that request; `deliveredBy`, if given, only those delivered by then.
   */
  async delivered(
    boardId: string,
    filter: { requestId: string | null; deliveredBy: Date | null },
  ): Promise<DeliveredSecondOpinion[]> {
    const rows = await this.uow.manager.query<DeliveredRow[]>(
      `SELECT q.id, q.board_id, q.case_id, q.patient_ref, o.issued_at
       FROM second_opinion_request q
       JOIN second_opinion_opinion o ON o.request_id = q.id AND o.version = 1
       WHERE q.board_id = $1 AND q.status <> 'consent_withdrawn' AND ($2::uuid IS NULL OR q.id = $2)
         AND ($3::timestamptz IS NULL OR o.issued_at <= $3)`,
      [boardId, filter.requestId, filter.deliveredBy],
    );
    return rows.map((row) => ({
      requestId: row.id,
      boardId: row.board_id,
      caseId: row.case_id,
      patientRef: row.patient_ref,
      deliveredAt: new Date(row.issued_at),
    }));
  }

  /**
   * The board's second opinions first delivered from `from` (included) to `to` (excluded), with
   * their concordance class and their turnaround read from the timeline at delivery, against the
   * target of their priority; in two queries.
   */
  async deliveredBetween(boardId: string, from: Date, to: Date): Promise<DeliveredOpinionRecord[]> {
    const delivered = await this.uow.manager.query<IssuedRow[]>(
      `SELECT o.request_id, o.issued_at, o.content -> 'concordance' ->> 'classification' AS classification,
         r.priority
       FROM second_opinion_opinion o JOIN second_opinion_request r ON r.id = o.request_id
       WHERE r.board_id = $1 AND o.version = 1 AND o.issued_at >= $2 AND o.issued_at < $3`,
      [boardId, from, to],
    );
    const eventsByRequest = await this.timeline.clockEvents(delivered.map((row) => row.request_id));
    return delivered.map((row) => {
      const { classification } = row;
      if (classification === null || !isConcordanceClass(classification))
        throw new Error(
          `second opinion ${row.request_id} was delivered with no known concordance class`,
        );
      return {
        requestId: row.request_id,
        deliveredAt: new Date(row.issued_at),
        concordance: classification,
        turnaroundMs: turnaroundAtDelivery(
          row.request_id,
          eventsByRequest.get(row.request_id) ?? [],
        ),
        targetMs: slaTargetFor(row.priority, this.settings.slaTargets),
      };
    });
  }
}

/**
 * The turnaround clock's running time when the opinion was first delivered; a later delivery (a
 * revision) does not move it.
 */
function turnaroundAtDelivery(requestId: string, events: SlaEvent[]): number {
  const delivery = events.findIndex((event) => event.type === 'opinion_delivered');
  if (delivery < 0)
    throw new Error(`second opinion ${requestId} was delivered but its timeline has no delivery`);
  return slaClock(events.slice(0, delivery + 1), events[delivery].at).elapsedMs;
}
