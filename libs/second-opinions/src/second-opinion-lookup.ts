import { Inject, Injectable } from '@nestjs/common';
import { ArbitrationOutcome, ConcordanceClassName } from '@app/contracts';
import { SlaEvent, isConcordanceClass, slaClock, slaStatus, slaTargetFor } from './domain';
import { SecondOpinionArbitrationRepository } from './second-opinion-arbitration.repository';
import { SecondOpinionRequestRepository } from './second-opinion-request.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';
import { WrittenOpinionRepository } from './written-opinion.repository';

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
  concordance: ConcordanceClassName;
  /** The turnaround clock's elapsed time at delivery (see `slaClock`). */
  turnaroundMs: number;
  /** Whether that time is beyond the target of the request's priority (see `slaStatus`). */
  breached: boolean;
}

/** A request that went to arbitration by a third reviewer, as its program is judged. */
export interface ArbitrationCountRecord {
  requestId: string;
  /** When an arbitration was first asked for. */
  requestedAt: Date;
  /** The arbiter's decision; both null while none is made. */
  decidedAt: Date | null;
  outcome: ArbitrationOutcome | null;
}

/**
 * Read functions over the second-opinion program for other libs (the quality context's outcome
 * follow-ups and metrics), which never name its tables themselves (docs/architecture.md, "Table
 * owners"). Inside a transaction they join it (its repositories read through `uow.manager`).
 */
@Injectable()
export class SecondOpinionLookup {
  constructor(
    private readonly requests: SecondOpinionRequestRepository,
    private readonly opinions: WrittenOpinionRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly arbitrations: SecondOpinionArbitrationRepository,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
  ) {}

  /** The request's board and consent, or null if there is no such request. */
  async ownerOf(requestId: string): Promise<SecondOpinionOwner | null> {
    const row = await this.requests.ownerOf(requestId);
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
    const rows = await this.requests.deliveredOnBoard(boardId, filter);
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
   * their concordance class and their turnaround read from the timeline at delivery, judged
   * against the target of their priority; in two queries.
   */
  async deliveredBetween(boardId: string, from: Date, to: Date): Promise<DeliveredOpinionRecord[]> {
    const delivered = await this.opinions.firstIssuedBetween(boardId, from, to);
    const eventsByRequest = await this.timeline.clockEvents(delivered.map((row) => row.request_id));
    return delivered.map((row) => {
      const { classification } = row;
      if (classification === null || !isConcordanceClass(classification))
        throw new Error(
          `second opinion ${row.request_id} was delivered with no known concordance class`,
        );
      const turnaroundMs = turnaroundAtDelivery(
        row.request_id,
        eventsByRequest.get(row.request_id) ?? [],
      );
      const targetMs = slaTargetFor(row.priority, this.settings.slaTargets);
      return {
        requestId: row.request_id,
        deliveredAt: new Date(row.issued_at),
        concordance: classification,
        turnaroundMs,
        breached: slaStatus(turnaroundMs, targetMs) === 'breached',
      };
    });
  }

  /**
   * The board's requests that went to arbitration, one each, whose arbitration was first asked
   * for, or decided, from `from` (included) to `to` (excluded).
   */
  async arbitrationsBetween(
    boardId: string,
    from: Date,
    to: Date,
  ): Promise<ArbitrationCountRecord[]> {
    const rows = await this.arbitrations.countedOnBoard(boardId, from, to);
    return rows.map((row) => ({
      requestId: row.request_id,
      requestedAt: new Date(row.requested_at),
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
      outcome: row.outcome,
    }));
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
