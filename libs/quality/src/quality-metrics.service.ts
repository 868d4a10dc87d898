import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { COC_REQUIRED_SPECIALTIES, QualityMetricsView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { DomainEventBus, InvalidInput } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { SecondOpinionLookup } from '@app/second-opinions';
import { CaseConferenceRecords } from './case-conference-records';
import { QualityMetricsFormat } from './dto/quality-metrics.dto';
import {
  FollowUpRecord,
  QualityMetrics,
  ReportingPeriod,
  qualityMetrics,
  qualityMetricsCsvRows,
  toCsv,
} from './domain';
import { OutcomeFollowUpRepository } from './outcome-follow-up.repository';

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

/**
 * A board's quality metrics for a period, from what is already recorded:
 * - second opinions delivered (first version of the written opinion issued in the period): their
 *   concordance class, and turnaround from their timeline, read at delivery, against the target
 *   of their priority; and arbitrations of disputed opinions asked for and decided in the period;
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
    private readonly secondOpinions: SecondOpinionLookup,
    private readonly followUps: OutcomeFollowUpRepository,
    private readonly caseConferences: CaseConferenceRecords,
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
    const { board } = await this.boards.requireAccess(user, boardId, BoardAction.Manage);
    const period = reportingPeriod(request.from, request.to, board.timezone);
    const metrics = await this.uow.run(async () => {
      const opinions = await this.secondOpinions.deliveredBetween(boardId, period.from, period.to);
      const arbitrations = await this.secondOpinions.arbitrationsBetween(
        boardId,
        period.from,
        period.to,
      );
      const followUps = await this.recommendationFollowUps(boardId, period);
      const conferences = await this.caseConferences.of(boardId, board.timezone, period);
      const computed = qualityMetrics({
        period,
        opinions,
        arbitrations,
        followUps,
        cases: conferences.cases,
        meetings: conferences.meetings,
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

  private async recommendationFollowUps(
    boardId: string,
    period: ReportingPeriod,
  ): Promise<FollowUpRecord[]> {
    const rows = await this.followUps.ofRecommendationsRecordedBetween(
      boardId,
      period.from,
      period.to,
    );
    return rows.map((row) => ({
      recommendationId: row.subject_id,
      intervalDays: row.interval_days,
      recordedAt: new Date(row.recorded_at),
      adherence: row.adherence,
      deviationReason: row.deviation_reason,
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
