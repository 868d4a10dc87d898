import { Specialty } from './enums';
import { OutcomeAdherence, OutcomeDeviationReason } from './outcomes';
import { ArbitrationOutcome, ConcordanceClassName } from './second-opinions';

/**
 * An exact share, `numerator` out of `denominator`, with a percent rounded to one decimal
 * (halves up); the percent is null when there is nothing to divide by.
 */
export interface QualityMetricsShareView {
  numerator: number;
  denominator: number;
  percent: number | null;
}

/** The quality metrics of one board for one reporting period. */
export interface QualityMetricsView {
  boardId: string;
  /**
   * The local dates asked for, read in the board's time zone: from `fromDate` 00:00 included to
   * the day after `toDate` 00:00 excluded; `from` and `to` are those instants in ISO 8601.
   */
  period: { fromDate: string; toDate: string; timezone: string; from: string; to: string };
  /** The analytic caseload for the period given by the caller (from the cancer registry). */
  analyticCaseload: number;
  /** Second opinions delivered in the period (first delivery), by concordance class. */
  concordance: {
    classified: number;
    /** Most severe first. */
    classes: Array<{ classification: ConcordanceClassName; share: QualityMetricsShareView }>;
    /** Arbitrations by a third reviewer asked for, and decided, in the period. */
    arbitration: {
      requested: number;
      decided: number;
      /** Outcomes of those decided, in the order of `ARBITRATION_OUTCOMES`. */
      outcomes: Array<{ outcome: ArbitrationOutcome; share: QualityMetricsShareView }>;
    };
  };
  /** Turnaround of the second opinions delivered in the period. */
  turnaround: {
    delivered: number;
    /** Nearest-rank percentiles of the turnaround clock at delivery; null without deliveries. */
    p50Ms: number | null;
    p90Ms: number | null;
    /** Deliveries beyond the target of their priority. */
    breaches: QualityMetricsShareView;
  };
  /** Follow-ups of published recommendations recorded in the period, per interval, shortest first. */
  adherence: Array<{
    intervalDays: number;
    followUps: number;
    levels: Array<{ adherence: OutcomeAdherence; share: QualityMetricsShareView }>;
    deviationReasons: Array<{ reason: OutcomeDeviationReason; count: number }>;
  }>;
  /**
   * Commission on Cancer case-conference figures: cases discussed at the board's meetings held
   * (live or ended) in the period, and attendance at those meetings.
   */
  caseConference: {
    /** Distinct cases presented out of the analytic caseload (may exceed 100 %). */
    casesPresented: QualityMetricsShareView;
    /**
     * Distinct cases discussed before their first cancer-directed treatment began, out of those
     * presented whose case records it (`CaseDetailView.firstTreatment`): not started, or started
     * on or after the day of the meeting in the board's time zone (the same day counts as
     * before). A case presented several times is prospective if it was at any presentation.
     */
    prospective: QualityMetricsShareView;
    /** Distinct cases presented with no first-treatment record: left out of `prospective`. */
    prospectiveNotRecorded: number;
    /** The following three: out of the distinct cases presented. */
    stageDocumented: QualityMetricsShareView;
    guidelineCited: QualityMetricsShareView;
    clinicalTrialDiscussed: QualityMetricsShareView;
    meetings: number;
    /**
     * The Commission on Cancer's required specialties, then any other the board's quorum policy
     * requires: meetings with at least one attendee of the specialty, out of the meetings held.
     */
    attendance: Array<{ specialty: Specialty; share: QualityMetricsShareView }>;
  };
}
