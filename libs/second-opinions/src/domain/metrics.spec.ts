import { COC_REQUIRED_SPECIALTIES, Specialty } from '@app/contracts';
import { ConcordanceClass } from './concordance';
import { toCsv } from './csv';
import { Adherence, DeviationReason } from './follow-up-schedule';
import {
  adherenceMetrics,
  caseConferenceMetrics,
  concordanceMetrics,
  DeliveredOpinionRecord,
  FollowUpRecord,
  isProspective,
  MeetingAttendanceRecord,
  nearestRankPercentile,
  PresentedCaseRecord,
  proportion,
  Proportion,
  QUALITY_METRICS_CSV_HEADER,
  qualityMetrics,
  QualityMetricsInput,
  qualityMetricsCsvRows,
  ReportingPeriod,
  turnaroundMetrics,
  withinPeriod,
} from './metrics';
import { days } from './time';

const {
  MedicalOncology: MED,
  RadiationOncology: RAD_ONC,
  SurgicalOncology: SURG,
  Pathology: PATH,
  Radiology: RADIOLOGY,
  Genetics: GEN,
} = Specialty;

const Q1: ReportingPeriod = {
  from: new Date('2024-01-01T00:00:00Z'),
  to: new Date('2024-04-01T00:00:00Z'),
};
const at = (iso: string): Date => new Date(iso);

/** Share helper: the expected proportion, percent written by hand. */
const share = (numerator: number, denominator: number, percent: number | null): Proportion => ({
  numerator,
  denominator,
  percent,
});

const opinion = (
  requestId: string,
  deliveredAt: string,
  concordance: ConcordanceClass,
  turnaroundDays: number,
  targetDays = 10,
): DeliveredOpinionRecord => ({
  requestId,
  deliveredAt: at(deliveredAt),
  concordance,
  turnaroundMs: days(turnaroundDays),
  targetMs: days(targetDays),
});

const followUp = (
  recommendationId: string,
  intervalDays: number,
  recordedAt: string,
  adherence: Adherence,
  deviationReason: DeviationReason | null = null,
): FollowUpRecord => ({
  recommendationId,
  intervalDays,
  recordedAt: at(recordedAt),
  adherence,
  deviationReason,
});

interface CaseFlags {
  stage?: boolean;
  guideline?: boolean;
  trial?: boolean;
}

const presented = (
  caseId: string,
  presentedAt: string,
  prospective: PresentedCaseRecord['prospective'],
  flags: CaseFlags = {},
): PresentedCaseRecord => ({
  caseId,
  presentedAt: at(presentedAt),
  prospective,
  stageDocumented: flags.stage ?? false,
  guidelineCited: flags.guideline ?? false,
  clinicalTrialDiscussed: flags.trial ?? false,
});

const meeting = (
  meetingId: string,
  heldAt: string,
  ...specialtiesPresent: Specialty[]
): MeetingAttendanceRecord => ({ meetingId, heldAt: at(heldAt), specialtiesPresent });

describe('proportion', () => {
  it.each<[number, number, number | null]>([
    [0, 0, null],
    [3, 0, null],
    [0, 5, 0],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 6, 16.7],
    [1, 8, 12.5],
    [1, 16, 6.3],
    [3, 16, 18.8],
    [1, 2000, 0.1],
    [1, 2001, 0],
    [999, 1000, 99.9],
    [1999, 2000, 100],
    [5, 5, 100],
    [7, 5, 140],
    [4, 30, 13.3],
  ])('%i of %i → %p %', (numerator, denominator, percent) => {
    expect(proportion(numerator, denominator)).toEqual({ numerator, denominator, percent });
  });

  it.each<[number, number]>([
    [-1, 3],
    [1, -3],
    [0.5, 3],
    [1, 2.5],
    [Number.NaN, 3],
    [1, Number.POSITIVE_INFINITY],
  ])('refuses %p of %p', (numerator, denominator) => {
    expect(() => proportion(numerator, denominator)).toThrow('whole numbers');
  });
});

describe('nearestRankPercentile', () => {
  const oneToTen = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => 20 - i);
  it.each<[string, number[], number, number | null]>([
    ['no values, median', [], 50, null],
    ['no values, p90', [], 90, null],
    ['one value, median', [7], 50, 7],
    ['one value, p90', [7], 90, 7],
    ['two values, median is the lower', [8, 2], 50, 2],
    ['1..4, median rank 2', [4, 3, 2, 1], 50, 2],
    ['1..5, median rank 3', [5, 4, 3, 2, 1], 50, 3],
    ['1..10, median rank 5', oneToTen, 50, 5],
    ['1..10, p90 rank 9', oneToTen, 90, 9],
    ['1..10, p10 rank 1', oneToTen, 10, 1],
    ['1..10, p100 is the maximum', oneToTen, 100, 10],
    ['1..10, p91 rounds the rank up to 10', oneToTen, 91, 10],
    ['1..20, p90 rank 18', oneToTwenty, 90, 18],
    ['ties', [5, 5, 5, 1], 50, 5],
    ['numeric, not text, order', [100, 9, 20], 50, 20],
  ])('%s', (_name, values, percentile, expected) => {
    expect(nearestRankPercentile(values, percentile)).toBe(expected);
  });

  it('leaves its input in its order', () => {
    const values = [3, 1, 2];
    nearestRankPercentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it.each([0, -10, 100.5, Number.NaN])('refuses percentile %p', (percentile) => {
    expect(() => nearestRankPercentile([1], percentile)).toThrow('percentile');
  });
});

describe('withinPeriod', () => {
  it.each<[string, boolean]>([
    ['2023-12-31T23:59:59.999Z', false],
    ['2024-01-01T00:00:00.000Z', true],
    ['2024-02-29T12:00:00.000Z', true],
    ['2024-03-31T23:59:59.999Z', true],
    ['2024-04-01T00:00:00.000Z', false],
  ])('%s → %p', (iso, expected) => {
    expect(withinPeriod(at(iso), Q1)).toBe(expected);
  });

  it('refuses an Invalid Date', () => {
    expect(() => withinPeriod(new Date('x'), Q1)).toThrow('not a valid date');
  });
});

describe('isProspective', () => {
  const PRESENTED = '2024-02-14T16:00:00Z';
  it.each<[string, PresentedCaseRecord['prospective'], boolean]>([
    ['recorded prospective', true, true],
    ['recorded retrospective', false, false],
    ['not treated yet', { firstTreatmentAt: null }, true],
    ['treated the next day', { firstTreatmentAt: at('2024-02-15T08:00:00Z') }, true],
    ['treated a millisecond later', { firstTreatmentAt: at('2024-02-14T16:00:00.001Z') }, true],
    ['treated at the very instant', { firstTreatmentAt: at(PRESENTED) }, false],
    ['treated the day before', { firstTreatmentAt: at('2024-02-13T08:00:00Z') }, false],
  ])('%s → %p', (_name, prospective, expected) => {
    expect(isProspective(presented('c1', PRESENTED, prospective))).toBe(expected);
  });

  it('refuses an Invalid Date of first treatment', () => {
    expect(() =>
      isProspective(presented('c9', PRESENTED, { firstTreatmentAt: new Date('x') })),
    ).toThrow('first treatment of case c9 is not a valid date');
  });
});

describe('concordanceMetrics and turnaroundMetrics', () => {
  it.each<[string, number[], number[], number | null, number | null, Proportion]>([
    ['nothing delivered', [], [], null, null, share(0, 0, null)],
    ['one on time', [4], [10], days(4), days(4), share(0, 1, 0)],
    ['exactly on target is met', [10], [10], days(10), days(10), share(0, 1, 0)],
    ['urgent target missed', [4, 2], [3, 3], days(2), days(4), share(1, 2, 50)],
    [
      'ten deliveries',
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 11],
      [10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
      days(5),
      days(9),
      share(1, 10, 10),
    ],
  ])('%s', (_name, turnarounds, targets, p50, p90, breaches) => {
    const opinions = turnarounds.map((turnaround, i) =>
      opinion(`r${i}`, '2024-01-10T00:00:00Z', 'confirmed', turnaround, targets[i]),
    );
    expect(turnaroundMetrics(opinions)).toEqual({
      delivered: opinions.length,
      p50Ms: p50,
      p90Ms: p90,
      breaches,
    });
  });

  it('counts a turnaround one millisecond over its target as a breach', () => {
    const late = { ...opinion('r1', '2024-01-10T00:00:00Z', 'confirmed', 3, 3) };
    late.turnaroundMs += 1;
    expect(turnaroundMetrics([late]).breaches).toEqual(share(1, 1, 100));
  });

  it('lists every concordance class, most severe first, with nothing delivered', () => {
    expect(concordanceMetrics([])).toEqual({
      classified: 0,
      classes: [
        { classification: 'diagnosis_changed', share: share(0, 0, null) },
        { classification: 'treatment_changed', share: share(0, 0, null) },
        { classification: 'clarified', share: share(0, 0, null) },
        { classification: 'confirmed', share: share(0, 0, null) },
      ],
    });
  });

  it.each<[string, ConcordanceClass[], [number, number, number, number]]>([
    ['all confirmed', ['confirmed', 'confirmed'], [0, 0, 0, 2]],
    [
      'one of each',
      ['confirmed', 'clarified', 'treatment_changed', 'diagnosis_changed'],
      [1, 1, 1, 1],
    ],
    [
      'three changed',
      ['diagnosis_changed', 'diagnosis_changed', 'treatment_changed'],
      [2, 1, 0, 0],
    ],
  ])('%s', (_name, classes, [diagnosis, treatment, clarified, confirmed]) => {
    const metrics = concordanceMetrics(
      classes.map((concordance, i) => opinion(`r${i}`, '2024-01-10T00:00:00Z', concordance, 1)),
    );
    expect(metrics.classes.map((entry) => entry.share.numerator)).toEqual([
      diagnosis,
      treatment,
      clarified,
      confirmed,
    ]);
    expect(metrics.classes.every((entry) => entry.share.denominator === classes.length)).toBe(true);
  });

  it('refuses a request delivered twice', () => {
    const twice = [
      opinion('r1', '2024-01-10T00:00:00Z', 'confirmed', 1),
      opinion('r1', '2024-01-11T00:00:00Z', 'clarified', 1),
    ];
    expect(() => concordanceMetrics(twice)).toThrow('delivered opinion r1 is listed twice');
    expect(() => turnaroundMetrics(twice)).toThrow('delivered opinion r1 is listed twice');
  });

  it('refuses a negative turnaround', () => {
    const odd = { ...opinion('r1', '2024-01-10T00:00:00Z', 'confirmed', 1), turnaroundMs: -1 };
    expect(() => turnaroundMetrics([odd])).toThrow('elapsed time');
  });
});

describe('adherenceMetrics', () => {
  it('is empty without follow-ups', () => {
    expect(adherenceMetrics([])).toEqual([]);
  });

  it('groups by interval, shortest first, never pooling intervals', () => {
    const metrics = adherenceMetrics([
      followUp('rec1', 365, '2024-01-02T00:00:00Z', 'not_implemented', 'progression'),
      followUp('rec1', 30, '2024-01-03T00:00:00Z', 'implemented_fully'),
      followUp('rec2', 30, '2024-01-04T00:00:00Z', 'implemented_partly', 'other'),
      followUp('rec3', 30, '2024-01-05T00:00:00Z', 'implemented_partly', 'other'),
    ]);
    expect(metrics).toEqual([
      {
        intervalDays: 30,
        followUps: 3,
        levels: [
          { adherence: 'implemented_fully', share: share(1, 3, 33.3) },
          { adherence: 'implemented_partly', share: share(2, 3, 66.7) },
          { adherence: 'not_implemented', share: share(0, 3, 0) },
        ],
        deviationReasons: [
          { reason: 'patient_preference', count: 0 },
          { reason: 'comorbidity', count: 0 },
          { reason: 'progression', count: 0 },
          { reason: 'recommendation_not_documented', count: 0 },
          { reason: 'recommendation_not_received', count: 0 },
          { reason: 'other', count: 2 },
        ],
      },
      {
        intervalDays: 365,
        followUps: 1,
        levels: [
          { adherence: 'implemented_fully', share: share(0, 1, 0) },
          { adherence: 'implemented_partly', share: share(0, 1, 0) },
          { adherence: 'not_implemented', share: share(1, 1, 100) },
        ],
        deviationReasons: [
          { reason: 'patient_preference', count: 0 },
          { reason: 'comorbidity', count: 0 },
          { reason: 'progression', count: 1 },
          { reason: 'recommendation_not_documented', count: 0 },
          { reason: 'recommendation_not_received', count: 0 },
          { reason: 'other', count: 0 },
        ],
      },
    ]);
  });

  it('refuses two follow-ups of one recommendation at one interval', () => {
    expect(() =>
      adherenceMetrics([
        followUp('rec1', 30, '2024-01-03T00:00:00Z', 'implemented_fully'),
        followUp('rec1', 30, '2024-01-04T00:00:00Z', 'not_implemented', 'comorbidity'),
      ]),
    ).toThrow('follow-up of recommendation rec1 at 30 days is listed twice');
  });
});

describe('caseConferenceMetrics', () => {
  it('gives null percentages, not NaN, with nothing to count', () => {
    expect(caseConferenceMetrics([], [], 0)).toEqual({
      casesPresented: share(0, 0, null),
      prospective: share(0, 0, null),
      stageDocumented: share(0, 0, null),
      guidelineCited: share(0, 0, null),
      clinicalTrialDiscussed: share(0, 0, null),
      meetings: 0,
      attendance: COC_REQUIRED_SPECIALTIES.map((specialty) => ({
        specialty,
        share: share(0, 0, null),
      })),
    });
  });

  it('counts a case presented twice once, with the flags of any presentation', () => {
    const metrics = caseConferenceMetrics(
      [
        presented('c1', '2024-01-10T16:00:00Z', { firstTreatmentAt: null }, { stage: true }),
        presented(
          'c1',
          '2024-02-14T16:00:00Z',
          { firstTreatmentAt: at('2024-01-20T00:00:00Z') },
          {
            guideline: true,
          },
        ),
        presented('c2', '2024-02-14T16:00:00Z', false, { trial: true }),
      ],
      [],
      10,
    );
    expect(metrics.casesPresented).toEqual(share(2, 10, 20));
    expect(metrics.prospective).toEqual(share(1, 2, 50));
    expect(metrics.stageDocumented).toEqual(share(1, 2, 50));
    expect(metrics.guidelineCited).toEqual(share(1, 2, 50));
    expect(metrics.clinicalTrialDiscussed).toEqual(share(1, 2, 50));
  });

  it('reports attendance for the required specialties given, each once, in their order', () => {
    const metrics = caseConferenceMetrics(
      [],
      [
        meeting('m1', '2024-01-10T16:00:00Z', PATH, GEN),
        meeting('m2', '2024-02-14T16:00:00Z', GEN, GEN),
      ],
      0,
      [GEN, PATH, GEN, RAD_ONC],
    );
    expect(metrics.meetings).toBe(2);
    expect(metrics.attendance).toEqual([
      { specialty: GEN, share: share(2, 2, 100) },
      { specialty: PATH, share: share(1, 2, 50) },
      { specialty: RAD_ONC, share: share(0, 2, 0) },
    ]);
  });

  it.each<[string, number, string]>([
    ['a negative caseload', -1, 'analytic caseload'],
    ['a fractional caseload', 2.5, 'analytic caseload'],
  ])('refuses %s', (_name, caseload, message) => {
    expect(() => caseConferenceMetrics([], [], caseload)).toThrow(message);
  });

  it('refuses a meeting listed twice', () => {
    expect(() =>
      caseConferenceMetrics(
        [],
        [meeting('m1', '2024-01-10T16:00:00Z', MED), meeting('m1', '2024-01-10T16:00:00Z', PATH)],
        5,
      ),
    ).toThrow('meeting m1 is listed twice');
  });
});

describe('qualityMetrics: one quarter of a board, counted by hand', () => {
  const INPUT: QualityMetricsInput = {
    period: Q1,
    opinions: [
      opinion('o1', '2024-01-05T09:00:00Z', 'confirmed', 4),
      opinion('o2', '2024-01-20T09:00:00Z', 'clarified', 9),
      opinion('o3', '2024-02-10T09:00:00Z', 'treatment_changed', 10),
      opinion('o4', '2024-02-11T09:00:00Z', 'diagnosis_changed', 4, 3),
      opinion('o5', '2024-03-31T23:59:59.999Z', 'confirmed', 12),
      opinion('o6', '2024-04-01T00:00:00Z', 'confirmed', 1),
      opinion('o7', '2023-12-31T23:59:59.999Z', 'diagnosis_changed', 30),
    ],
    followUps: [
      followUp('r1', 30, '2024-01-15T00:00:00Z', 'implemented_fully'),
      followUp('r2', 30, '2024-01-16T00:00:00Z', 'implemented_partly', 'patient_preference'),
      followUp('r3', 30, '2024-02-01T00:00:00Z', 'not_implemented', 'comorbidity'),
      followUp('r4', 30, '2024-03-01T00:00:00Z', 'implemented_fully'),
      followUp('r1', 90, '2024-03-20T00:00:00Z', 'implemented_partly', 'progression'),
      followUp('r5', 365, '2024-04-01T00:00:00Z', 'not_implemented', 'other'),
    ],
    cases: [
      presented('c1', '2024-01-10T16:00:00Z', true, { stage: true, guideline: true }),
      presented(
        'c2',
        '2024-01-10T16:00:00Z',
        { firstTreatmentAt: at('2024-01-09T08:00:00Z') },
        {
          stage: true,
        },
      ),
      presented(
        'c2',
        '2024-02-14T16:00:00Z',
        { firstTreatmentAt: at('2024-01-09T08:00:00Z') },
        {
          trial: true,
        },
      ),
      presented('c3', '2024-02-14T16:00:00Z', { firstTreatmentAt: null }, { guideline: true }),
      presented(
        'c4',
        '2024-03-20T16:00:00Z',
        { firstTreatmentAt: at('2024-03-20T16:00:00Z') },
        {
          stage: true,
          guideline: true,
          trial: true,
        },
      ),
      presented('c5', '2024-04-02T16:00:00Z', true, { stage: true, guideline: true, trial: true }),
    ],
    meetings: [
      meeting('m1', '2024-01-10T16:00:00Z', MED, RAD_ONC, SURG, PATH, RADIOLOGY),
      meeting('m2', '2024-02-14T16:00:00Z', MED, SURG, PATH, RADIOLOGY, GEN),
      meeting('m3', '2024-03-20T16:00:00Z', MED, PATH, MED),
      meeting('m4', '2024-04-03T16:00:00Z', RAD_ONC),
    ],
    analyticCaseload: 30,
  };

  const metrics = qualityMetrics(INPUT);

  it('counts the five opinions delivered in the quarter', () => {
    expect(metrics.period).toBe(Q1);
    expect(metrics.concordance).toEqual({
      classified: 5,
      classes: [
        { classification: 'diagnosis_changed', share: share(1, 5, 20) },
        { classification: 'treatment_changed', share: share(1, 5, 20) },
        { classification: 'clarified', share: share(1, 5, 20) },
        { classification: 'confirmed', share: share(2, 5, 40) },
      ],
    });
  });

  it('turnaround 4, 4, 9, 10, 12 days: p50 9, p90 12, two breaches', () => {
    expect(metrics.turnaround).toEqual({
      delivered: 5,
      p50Ms: days(9),
      p90Ms: days(12),
      breaches: share(2, 5, 40),
    });
  });

  it('adherence of follow-ups recorded in the quarter', () => {
    expect(
      metrics.adherence.map((entry) => ({
        intervalDays: entry.intervalDays,
        followUps: entry.followUps,
        percents: entry.levels.map((level) => level.share.percent),
        reasons: entry.deviationReasons.filter((r) => r.count > 0),
      })),
    ).toEqual([
      {
        intervalDays: 30,
        followUps: 4,
        percents: [50, 25, 25],
        reasons: [
          { reason: 'patient_preference', count: 1 },
          { reason: 'comorbidity', count: 1 },
        ],
      },
      {
        intervalDays: 90,
        followUps: 1,
        percents: [0, 100, 0],
        reasons: [{ reason: 'progression', count: 1 }],
      },
    ]);
  });

  it('case conference figures for c1 to c4 and meetings m1 to m3', () => {
    expect(metrics.caseConference).toEqual({
      casesPresented: share(4, 30, 13.3),
      prospective: share(2, 4, 50),
      stageDocumented: share(3, 4, 75),
      guidelineCited: share(3, 4, 75),
      clinicalTrialDiscussed: share(2, 4, 50),
      meetings: 3,
      attendance: [
        { specialty: MED, share: share(3, 3, 100) },
        { specialty: RAD_ONC, share: share(1, 3, 33.3) },
        { specialty: SURG, share: share(2, 3, 66.7) },
        { specialty: PATH, share: share(3, 3, 100) },
        { specialty: RADIOLOGY, share: share(2, 3, 66.7) },
      ],
    });
  });

  it('does not depend on the order of the records', () => {
    const reversed = qualityMetrics({
      ...INPUT,
      opinions: [...INPUT.opinions].reverse(),
      followUps: [...INPUT.followUps].reverse(),
      cases: [...INPUT.cases].reverse(),
      meetings: [...INPUT.meetings].reverse(),
    });
    expect(reversed).toEqual(metrics);
  });

  it('is all zeros and nulls for an empty quarter', () => {
    const empty = qualityMetrics({
      ...INPUT,
      period: { from: at('2030-01-01'), to: at('2030-04-01') },
    });
    expect(empty.concordance.classified).toBe(0);
    expect(empty.turnaround).toEqual({
      delivered: 0,
      p50Ms: null,
      p90Ms: null,
      breaches: share(0, 0, null),
    });
    expect(empty.adherence).toEqual([]);
    expect(empty.caseConference.casesPresented).toEqual(share(0, 30, 0));
    expect(empty.caseConference.prospective.percent).toBeNull();
    expect(empty.caseConference.attendance.every((entry) => entry.share.percent === null)).toBe(
      true,
    );
    expect(JSON.stringify(empty)).not.toContain('NaN');
  });

  it('exports as CSV rows', () => {
    const csv = toCsv(qualityMetricsCsvRows(metrics)).split('\r\n');
    expect(csv[0]).toBe(QUALITY_METRICS_CSV_HEADER.join(','));
    expect(csv).toEqual([
      'section,item,numerator,denominator,percent,value',
      'period,from,,,,2024-01-01T00:00:00.000Z',
      'period,to,,,,2024-04-01T00:00:00.000Z',
      'concordance,classified,,,,5',
      'concordance,diagnosis_changed,1,5,20,',
      'concordance,treatment_changed,1,5,20,',
      'concordance,clarified,1,5,20,',
      'concordance,confirmed,2,5,40,',
      'turnaround,delivered,,,,5',
      'turnaround,p50_ms,,,,777600000',
      'turnaround,p90_ms,,,,1036800000',
      'turnaround,breaches,2,5,40,',
      'adherence_30d,follow_ups,,,,4',
      'adherence_30d,implemented_fully,2,4,50,',
      'adherence_30d,implemented_partly,1,4,25,',
      'adherence_30d,not_implemented,1,4,25,',
      'adherence_30d,deviation:patient_preference,,,,1',
      'adherence_30d,deviation:comorbidity,,,,1',
      'adherence_30d,deviation:progression,,,,0',
      'adherence_30d,deviation:recommendation_not_documented,,,,0',
      'adherence_30d,deviation:recommendation_not_received,,,,0',
      'adherence_30d,deviation:other,,,,0',
      'adherence_90d,follow_ups,,,,1',
      'adherence_90d,implemented_fully,0,1,0,',
      'adherence_90d,implemented_partly,1,1,100,',
      'adherence_90d,not_implemented,0,1,0,',
      'adherence_90d,deviation:patient_preference,,,,0',
      'adherence_90d,deviation:comorbidity,,,,0',
      'adherence_90d,deviation:progression,,,,1',
      'adherence_90d,deviation:recommendation_not_documented,,,,0',
      'adherence_90d,deviation:recommendation_not_received,,,,0',
      'adherence_90d,deviation:other,,,,0',
      'case_conference,cases_presented,4,30,13.3,',
      'case_conference,prospective,2,4,50,',
      'case_conference,stage_documented,3,4,75,',
      'case_conference,guideline_cited,3,4,75,',
      'case_conference,clinical_trial_discussed,2,4,50,',
      'case_conference,meetings,,,,3',
      'case_conference,attendance:medical_oncology,3,3,100,',
      'case_conference,attendance:radiation_oncology,1,3,33.3,',
      'case_conference,attendance:surgical_oncology,2,3,66.7,',
      'case_conference,attendance:pathology,3,3,100,',
      'case_conference,attendance:radiology,2,3,66.7,',
      '',
    ]);
  });

  it('writes an empty percent cell, not NaN, for an empty quarter', () => {
    const empty = qualityMetrics({
      ...INPUT,
      period: { from: at('2030-01-01'), to: at('2030-04-01') },
    });
    const csv = toCsv(qualityMetricsCsvRows(empty));
    expect(csv).toContain('turnaround,p50_ms,,,,\r\n');
    expect(csv).toContain('case_conference,prospective,0,0,,\r\n');
    expect(csv).not.toContain('NaN');
  });

  it.each<[string, ReportingPeriod]>([
    ['ends when it starts', { from: Q1.from, to: Q1.from }],
    ['ends before it starts', { from: Q1.to, to: Q1.from }],
  ])('refuses a period that %s', (_name, period) => {
    expect(() => qualityMetrics({ ...INPUT, period })).toThrow('must end after it starts');
  });

  it('refuses an invalid period bound', () => {
    expect(() => qualityMetrics({ ...INPUT, period: { from: new Date('x'), to: Q1.to } })).toThrow(
      'the period start is not a valid date',
    );
  });
});
