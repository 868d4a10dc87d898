import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import {
  COC_REQUIRED_SPECIALTIES,
  QualityMetricsView,
  RecommendationContent,
  SecondOpinionPriority,
  Specialty,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { ClinicalCase, Staging, firstTreatmentOf, isStagingComplete } from '@app/cases';
import { DomainEventBus, InvalidInput } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { QualityMetricsFormat } from './dto/quality-metrics.dto';
import {
  Adherence,
  DeliveredOpinionRecord,
  DeviationReason,
  FollowUpRecord,
  MeetingAttendanceRecord,
  PresentedCaseRecord,
  QualityMetrics,
  ReportingPeriod,
  SlaEvent,
  isConcordanceClass,
  isProspective,
  qualityMetrics,
  qualityMetricsCsvRows,
  slaClock,
  slaTargetFor,
  toCsv,
} from './domain';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';

/** What the caller asks for: local dates in the board's time zone, `to` included. */
export interface QualityMetricsRequest {
  from: string;
  to: string;
  analyticCaseload: number;
}

export interface QualityMetricsCsv {
  fileName: string;
  content: string;
}

/** The longest period one export covers. */
const MAX_PERIOD_YEARS = 3;

/** Meetings that took place: they went live, and may since have ended. */
const HELD_MEETING_STATUSES = ['live', 'ended'];

interface DeliveredRow {
  request_id: string;
  issued_at: Date;
  classification: string | null;
  priority: SecondOpinionPriority;
}

interface TimelineRow {
  request_id: string;
  type: SlaEvent['type'];
  at: Date;
}

interface FollowUpRow {
  subject_id: string;
  interval_days: number;
  recorded_at: Date;
  adherence: Adherence;
  deviation_reason: DeviationReason | null;
}

interface PresentationRow extends Pick<
  ClinicalCase,
  'firstTreatmentStatus' | 'firstTreatmentStartedOn'
> {
  case_id: string;
  starts_at: Date;
  staging: Staging | null;
}

interface MeetingRow {
  id: string;
  starts_at: Date;
  specialties: Specialty[];
}

/**
 * A board's quality metrics for a period, from what is already recorded:
 * - second opinions delivered (first version of the written opinion issued in the period): their
 *   concordance class, and turnaround from their timeline, read at delivery, against the target
 *   of their priority;
 * - follow-ups of the board's published recommendations recorded in the period;
 * - cases discussed at the board's meetings held (live or ended) in the period, dated by the
 *   meeting's start: staging complete on the case, and a guideline cited or a clinical trial
 *   discussed (a referral, or the clinical trial modality) in any published version of its
 *   recommendation; and whether they were discussed before their first treatment began, from
 *   the case's first-treatment record as it stands, against the meeting's day in the board's
 *   time zone, a treatment begun that same day counting as after the discussion (see
 *   `isProspective`);
 * - attendance at those meetings by the attendee's specialty, for the Commission on Cancer's
 *   required specialties and any other the board's quorum policy requires.
 * Coordinators and administrators only; every export is audited.
 */
@Injectable()
export class QualityMetricsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
  ) {}

  async metrics(
    user: AuthenticatedUser,
    boardId: string,
    request: QualityMetricsRequest,
  ): Promise<QualityMetricsView> {
    const { metrics, timezone } = await this.compute(user, boardId, request, 'json');
    return {
      boardId,
      period: {
        fromDate: request.from,
        toDate: request.to,
        timezone,
        from: metrics.period.from.toISOString(),
        to: metrics.period.to.toISOString(),
      },
      analyticCaseload: request.analyticCaseload,
      concordance: metrics.concordance,
      turnaround: metrics.turnaround,
      adherence: metrics.adherence,
      caseConference: metrics.caseConference,
    };
  }

  /** The same figures as RFC 4180 CSV (see `qualityMetricsCsvRows`). */
  async csv(
    user: AuthenticatedUser,
    boardId: string,
    request: QualityMetricsRequest,
  ): Promise<QualityMetricsCsv> {
    const { metrics } = await this.compute(user, boardId, request, 'csv');
    return {
      fileName: `quality-metrics-${boardId}-${request.from}-${request.to}.csv`,
      content: toCsv(qualityMetricsCsvRows(metrics)),
    };
  }

  private async compute(
    user: AuthenticatedUser,
    boardId: string,
    request: QualityMetricsRequest,
    format: QualityMetricsFormat,
  ): Promise<{ metrics: QualityMetrics; timezone: string }> {
    const { board } = await this.boards.require(boardId, user, BoardAction.Manage);
    const period = reportingPeriod(request.from, request.to, board.timezone);
    const metrics = await this.uow.run(async (db) => {
      const computed = qualityMetrics({
        period,
        opinions: await this.deliveredOpinions(db, boardId, period),
        followUps: await this.followUps(db, boardId, period),
        cases: await this.presentedCases(db, boardId, board.timezone, period),
        meetings: await this.meetingsHeld(db, boardId, period),
        analyticCaseload: request.analyticCaseload,
        requiredSpecialties: [
          ...COC_REQUIRED_SPECIALTIES,
          ...board.quorumPolicy.requiredSpecialties,
        ],
      });
      await this.events.publish({
        type: 'domain',
        action: 'quality_metrics.exported',
        targetType: 'board',
        targetId: boardId,
        details: {
          format,
          from: request.from,
          to: request.to,
          analyticCaseload: request.analyticCaseload,
        },
      });
      return computed;
    });
    return { metrics, timezone: board.timezone };
  }

  private async deliveredOpinions(
    db: EntityManager,
    boardId: string,
    period: ReportingPeriod,
  ): Promise<DeliveredOpinionRecord[]> {
    const delivered: DeliveredRow[] = await db.query(
      `SELECT o.request_id, o.issued_at, o.content -> 'concordance' ->> 'classification' AS classification,
         r.priority
       FROM second_opinion_opinion o JOIN second_opinion_request r ON r.id = o.request_id
       WHERE r.board_id = $1 AND o.version = 1 AND o.issued_at >= $2 AND o.issued_at < $3`,
      [boardId, period.from, period.to],
    );
    const timeline: TimelineRow[] = await db.query(
      `SELECT request_id, type, at FROM second_opinion_event
       WHERE request_id = ANY($1::uuid[])
         AND type IN ('records_requested', 'records_complete', 'opinion_delivered')
       ORDER BY request_id, at, id`,
      [delivered.map((row) => row.request_id)],
    );
    const eventsByRequest = groupBy(timeline, (event) => event.request_id);
    return delivered.map((row) => {
      const { classification } = row;
      if (classification === null || !isConcordanceClass(classification))
        throw new Error(
          `second opinion ${row.request_id} was delivered with no known concordance class`,
        );
      const events = (eventsByRequest.get(row.request_id) ?? []).map((event) => ({
        type: event.type,
        at: new Date(event.at),
      }));
      return {
        requestId: row.request_id,
        deliveredAt: new Date(row.issued_at),
        concordance: classification,
        turnaroundMs: turnaroundAtDelivery(row.request_id, events),
        targetMs: slaTargetFor(row.priority, this.settings.slaTargets),
      };
    });
  }

  private async followUps(
    db: EntityManager,
    boardId: string,
    period: ReportingPeriod,
  ): Promise<FollowUpRecord[]> {
    const rows: FollowUpRow[] = await db.query(
      `SELECT subject_id, interval_days, recorded_at, adherence, deviation_reason FROM outcome_follow_up
       WHERE board_id = $1 AND subject_type = 'recommendation' AND recorded_at >= $2 AND recorded_at < $3`,
      [boardId, period.from, period.to],
    );
    return rows.map((row) => ({
      recommendationId: row.subject_id,
      intervalDays: row.interval_days,
      recordedAt: new Date(row.recorded_at),
      adherence: row.adherence,
      deviationReason: row.deviation_reason,
    }));
  }

  private async presentedCases(
    db: EntityManager,
    boardId: string,
    timezone: string,
    period: ReportingPeriod,
  ): Promise<PresentedCaseRecord[]> {
    const presentations: PresentationRow[] = await db.query(
      `SELECT a.case_id, m.starts_at, c.staging,
         c.first_treatment_status AS "firstTreatmentStatus",
         to_char(c.first_treatment_started_on, 'YYYY-MM-DD') AS "firstTreatmentStartedOn"
       FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id JOIN clinical_case c ON c.id = a.case_id
       WHERE m.board_id = $1 AND m.status = ANY($2::text[]) AND a.status = 'discussed'
         AND m.starts_at >= $3 AND m.starts_at < $4
       ORDER BY m.starts_at, a.position, a.id`,
      [boardId, HELD_MEETING_STATUSES, period.from, period.to],
    );
    const published: Array<{ case_id: string; content: RecommendationContent }> = await db.query(
      `SELECT case_id, content FROM recommendation
       WHERE status = 'published' AND case_id = ANY($1::uuid[])`,
      [[...new Set(presentations.map((row) => row.case_id))]],
    );
    const recommendationsByCase = groupBy(published, (recommendation) => recommendation.case_id);
    return presentations.map((row) => {
      const recommendations = (recommendationsByCase.get(row.case_id) ?? []).map(
        (recommendation) => recommendation.content,
      );
      const presentedAt = new Date(row.starts_at);
      return {
        caseId: row.case_id,
        presentedAt,
        prospective: isProspective(firstTreatmentOf(row), presentedAt, timezone),
        stageDocumented: isStagingComplete(row.staging),
        guidelineCited: recommendations.some(citesGuideline),
        clinicalTrialDiscussed: recommendations.some(discussesTrial),
      };
    });
  }

  private async meetingsHeld(
    db: EntityManager,
    boardId: string,
    period: ReportingPeriod,
  ): Promise<MeetingAttendanceRecord[]> {
    const rows: MeetingRow[] = await db.query(
      `SELECT m.id, m.starts_at,
         coalesce(array_agg(DISTINCT u.specialty) FILTER (WHERE u.specialty IS NOT NULL), '{}') AS specialties
       FROM meeting m
       LEFT JOIN meeting_attendance a ON a.meeting_id = m.id
       LEFT JOIN app_user u ON u.id = a.user_id
       WHERE m.board_id = $1 AND m.status = ANY($2::text[]) AND m.starts_at >= $3 AND m.starts_at < $4
       GROUP BY m.id, m.starts_at`,
      [boardId, HELD_MEETING_STATUSES, period.from, period.to],
    );
    return rows.map((row) => ({
      meetingId: row.id,
      heldAt: new Date(row.starts_at),
      specialtiesPresent: row.specialties,
    }));
  }
}

/**
 * From `fromDate` 00:00 to the day after `toDate` 00:00, both in `timezone`. Refused (400): a
 * period that ends before it starts, or one longer than `MAX_PERIOD_YEARS`.
 */
function reportingPeriod(fromDate: string, toDate: string, timezone: string): ReportingPeriod {
  const start = DateTime.fromISO(fromDate, { zone: timezone }).startOf('day');
  const end = DateTime.fromISO(toDate, { zone: timezone }).startOf('day').plus({ days: 1 });
  if (end.toMillis() <= start.toMillis())
    throw new InvalidInput('the period ends before it starts', [
      { field: 'to', message: 'to must be on or after from' },
    ]);
  if (end.toMillis() > start.plus({ years: MAX_PERIOD_YEARS }).toMillis())
    throw new InvalidInput(`a period covers at most ${MAX_PERIOD_YEARS} years`, [
      { field: 'to', message: `to must be within ${MAX_PERIOD_YEARS} years of from` },
    ]);
  return { from: start.toJSDate(), to: end.toJSDate() };
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

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function citesGuideline(content: RecommendationContent): boolean {
  return content.guidelineReferences.length > 0;
}

function discussesTrial(content: RecommendationContent): boolean {
  return (
    content.trialReferrals.length > 0 ||
    content.recommendation.modalities.includes('clinical_trial')
  );
}
