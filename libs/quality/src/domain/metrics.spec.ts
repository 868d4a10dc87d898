import {
  CaseFirstTreatment,
  COC_REQUIRED_SPECIALTIES,
  ConcordanceClassName,
  Specialty,
} from '@app/contracts';
import { days } from '@app/core';
import type { ArbitrationCountRecord, DeliveredOpinionRecord } from '@app/second-opinions';
import { toCsv } from './csv';
import { Adherence, DeviationReason } from './follow-up-schedule';
import {
  adherenceMetrics,
  arbitrationMetrics,
  caseConferenceMetrics,
  concordanceMetrics,
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
  concordance: ConcordanceClassName,
  turnaroundDays: number,
  breached = false,
): DeliveredOpinionRecord => ({
  requestId,
  deliveredAt: at(deliveredAt),
  concordance,
  turnaroundMs: days(turnaroundDays),
  breached,
});

const arbitration = (
  requestId: string,
  requestedAt: string,
  decision: [string, ArbitrationCountRecord['outcome']] | null = null,
): ArbitrationCountRecord => ({
  requestId,
  requestedAt: at(requestedAt),
  decidedAt: decision ? at(decision[0]) : null,
  outcome: decision ? decision[1] : null,
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
  const NOT_STARTED: CaseFirstTreatment = { status: 'not_started' };
  const startedOn = (date: string): CaseFirstTreatment => ({ status: 'started', startedOn: date });
  const PARIS = 'Europe/Paris';

  it.each<[string, boolean | null, CaseFirstTreatment | null, string, string]>([
    // 2024-02-14T16:00Z is 17:00 on 14 February in Paris.
    ['not recorded', null, null, '2024-02-14T16:00:00Z', PARIS],
    ['not started', true, NOT_STARTED, '2024-02-14T16:00:00Z', PARIS],
    ['started the day after', true, startedOn('2024-02-15'), '2024-02-14T16:00:00Z', PARIS],
    ['started years after', true, startedOn('2031-01-01'), '2024-02-14T16:00:00Z', PARIS],
    ['started the same day', true, startedOn('2024-02-14'), '2024-02-14T16:00:00Z', PARIS],
    ['started the day before', false, startedOn('2024-02-13'), '2024-02-14T16:00:00Z', PARIS],
    ['started years before', false, startedOn('1990-05-01'), '2024-02-14T16:00:00Z', PARIS],
    ['started on 1900-01-01', false, startedOn('1900-01-01'), '2024-02-14T16:00:00Z', PARIS],
    // The meeting's day is the board's: 2024-02-14T23:30Z is already 15 February in Paris…
    ['Paris, 00:30 the next day', false, startedOn('2024-02-14'), '2024-02-14T23:30:00Z', PARIS],
    ['Paris, the next day itself', true, startedOn('2024-02-15'), '2024-02-14T23:30:00Z', PARIS],
    // … but still 14 February (18:30) in New York …
    [
      'New York, same day',
      true,
      startedOn('2024-02-14'),
      '2024-02-14T23:30:00Z',
      'America/New_York',
    ],
    [
      'New York, the day before',
      false,
      startedOn('2024-02-13'),
      '2024-02-14T23:30:00Z',
      'America/New_York',
    ],
    // … and 15 February (02:00) at UTC+14 from 12:00Z.
    [
      'UTC+14, the UTC day',
      false,
      startedOn('2024-02-14'),
      '2024-02-14T12:00:00Z',
      'Pacific/Kiritimati',
    ],
    [
      'UTC+14, its own day',
      true,
      startedOn('2024-02-15'),
      '2024-02-14T12:00:00Z',
      'Pacific/Kiritimati',
    ],
    [
      'UTC, the last instant of the day',
      true,
      startedOn('2024-02-14'),
      '2024-02-14T23:59:59.999Z',
      'UTC',
    ],
    [
      'UTC, the first instant of the next',
      false,
      startedOn('2024-02-14'),
      '2024-02-15T00:00:00.000Z',
      'UTC',
    ],
    // Local midnight starts the day: 2024-02-13T23:00Z is 14 February 00:00 in Paris.
    ['Paris midnight, same day', true, startedOn('2024-02-14'), '2024-02-13T23:00:00Z', PARIS],
    [
      'Paris midnight, the day before',
      false,
      startedOn('2024-02-13'),
      '2024-02-13T23:00:00Z',
      PARIS,
    ],
    [
      'Paris, a millisecond before midnight',
      true,
      startedOn('2024-02-13'),
      '2024-02-13T22:59:59.999Z',
      PARIS,
    ],
    // Summer time begins in Paris on 31 March 2024 at 02:00 (UTC+1 → UTC+2).
    [
      'Paris, 00:30 CET on the change',
      true,
      startedOn('2024-03-31'),
      '2024-03-30T23:30:00Z',
      PARIS,
    ],
    [
      'Paris, 00:30 CET, the day before',
      false,
      startedOn('2024-03-30'),
      '2024-03-30T23:30:00Z',
      PARIS,
    ],
    [
      'Paris, 00:30 CEST the next day',
      false,
      startedOn('2024-03-31'),
      '2024-03-31T22:30:00Z',
      PARIS,
    ],
    ['a leap day, same day', true, startedOn('2024-02-29'), '2024-02-29T08:00:00Z', PARIS],
  ])('%s → %p', (_name, expected, firstTreatment, presentedAt, timezone) => {
    expect(isProspective(firstTreatment, at(presentedAt), timezone)).toBe(expected);
  });

  it.each<[string, CaseFirstTreatment | null, Date, string, string]>([
    [
      'an unknown time zone',
      null,
      at('2024-02-14T16:00:00Z'),
      'Mars/Olympus',
      'time zone Mars/Olympus is not known',
    ],
    ['an empty time zone', NOT_STARTED, at('2024-02-14T16:00:00Z'), '', 'time zone  is not known'],
    [
      'an Invalid Date of presentation',
      null,
      new Date('x'),
      PARIS,
      'the presentation is not a valid date',
    ],
    [
      'a day that does not exist',
      startedOn('2023-02-29'),
      at('2024-02-14T16:00:00Z'),
      PARIS,
      '2023-02-29 is not a date',
    ],
    [
      'a date without leading zeros',
      startedOn('2024-2-1'),
      at('2024-02-14T16:00:00Z'),
      PARIS,
      '2024-2-1 is not a date',
    ],
    [
      'a day-first date',
      startedOn('14/02/2024'),
      at('2024-02-14T16:00:00Z'),
      PARIS,
      '14/02/2024 is not a date',
    ],
    [
      'a date-time',
      startedOn('2024-02-14T08:00'),
      at('2024-02-14T16:00:00Z'),
      PARIS,
      'is not a date',
    ],
  ])('refuses %s', (_name, firstTreatment, presentedAt, timezone, message) => {
    expect(() => isProspective(firstTreatment, presentedAt, timezone)).toThrow(message);
  });
});

describe('concordanceMetrics and turnaroundMetrics', () => {
  it.each<[string, number[], boolean[], number | null, number | null, Proportion]>([
    ['nothing delivered', [], [], null, null, share(0, 0, null)],
    ['one on time', [4], [false], days(4), days(4), share(0, 1, 0)],
    ['one on its last day', [10], [false], days(10), days(10), share(0, 1, 0)],
    ['urgent target missed', [4, 2], [true, false], days(2), days(4), share(1, 2, 50)],
    [
      'ten deliveries',
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 11],
      [false, false, false, false, false, false, false, false, false, true],
      days(5),
      days(9),
      share(1, 10, 10),
    ],
  ])('%s', (_name, turnarounds, breached, p50, p90, breaches) => {
    const opinions = turnarounds.map((turnaround, i) =>
      opinion(`r${i}`, '2024-01-10T00:00:00Z', 'confirmed', turnaround, breached[i]),
    );
    expect(turnaroundMetrics(opinions)).toEqual({
      delivered: opinions.length,
      p50Ms: p50,
      p90Ms: p90,
      breaches,
    });
  });

  it('counts the breaches the second-opinion program judged, not the turnarounds', () => {
    const late = { ...opinion('r1', '2024-01-10T00:00:00Z', 'confirmed', 3, true) };
    const onTime = opinion('r2', '2024-01-10T00:00:00Z', 'confirmed', 9);
    expect(turnaroundMetrics([late, onTime]).breaches).toEqual(share(1, 2, 50));
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

  it.each<[string, ConcordanceClassName[], [number, number, number, number]]>([
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
      prospectiveNotRecorded: 0,
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
        presented('c1', '2024-01-10T16:00:00Z', true, { stage: true }),
        presented('c1', '2024-02-14T16:00:00Z', false, { guideline: true }),
        presented('c2', '2024-02-14T16:00:00Z', false, { trial: true }),
      ],
      [],
      10,
    );
    expect(metrics.casesPresented).toEqual(share(2, 10, 20));
    expect(metrics.prospective).toEqual(share(1, 2, 50));
    expect(metrics.prospectiveNotRecorded).toBe(0);
    expect(metrics.stageDocumented).toEqual(share(1, 2, 50));
    expect(metrics.guidelineCited).toEqual(share(1, 2, 50));
    expect(metrics.clinicalTrialDiscussed).toEqual(share(1, 2, 50));
  });

  it.each<[string, Array<[string, boolean | null]>, Proportion, number]>([
    ['one case, prospective', [['c1', true]], share(1, 1, 100), 0],
    ['one case, not prospective', [['c1', false]], share(0, 1, 0), 0],
    ['one case, not recorded', [['c1', null]], share(0, 0, null), 1],
    [
      'twice, not recorded then prospective',
      [
        ['c1', null],
        ['c1', true],
      ],
      share(1, 1, 100),
      0,
    ],
    [
      'twice, prospective then not recorded',
      [
        ['c1', true],
        ['c1', null],
      ],
      share(1, 1, 100),
      0,
    ],
    [
      'twice, not recorded then not',
      [
        ['c1', null],
        ['c1', false],
      ],
      share(0, 1, 0),
      0,
    ],
    [
      'twice, not then not recorded',
      [
        ['c1', false],
        ['c1', null],
      ],
      share(0, 1, 0),
      0,
    ],
    [
      'twice, not then prospective',
      [
        ['c1', false],
        ['c1', true],
      ],
      share(1, 1, 100),
      0,
    ],
    [
      'twice, prospective then not',
      [
        ['c1', true],
        ['c1', false],
      ],
      share(1, 1, 100),
      0,
    ],
    [
      'twice, not both times',
      [
        ['c1', false],
        ['c1', false],
      ],
      share(0, 1, 0),
      0,
    ],
    [
      'twice, not recorded both times',
      [
        ['c1', null],
        ['c1', null],
      ],
      share(0, 0, null),
      1,
    ],
    [
      'thrice, not recorded, not, prospective',
      [
        ['c1', null],
        ['c1', false],
        ['c1', true],
      ],
      share(1, 1, 100),
      0,
    ],
    [
      'two cases, none recorded',
      [
        ['c1', null],
        ['c2', null],
      ],
      share(0, 0, null),
      2,
    ],
    [
      // c1 and c5 prospective; c2 and c4 not (c4 known at its second presentation); c3, c6 unknown.
      'six cases',
      [
        ['c1', true],
        ['c2', false],
        ['c3', null],
        ['c4', null],
        ['c4', false],
        ['c5', false],
        ['c5', true],
        ['c6', null],
        ['c6', null],
      ],
      share(2, 4, 50),
      2,
    ],
  ])(
    'prospective share over the cases known, %s',
    (_name, presentations, expected, notRecorded) => {
      const metrics = caseConferenceMetrics(
        presentations.map(([caseId, prospective], i) =>
          presented(caseId, `2024-01-${String(10 + i)}T16:00:00Z`, prospective),
        ),
        [],
        10,
      );
      expect(metrics.prospective).toEqual(expected);
      expect(metrics.prospectiveNotRecorded).toBe(notRecorded);
      expect(metrics.prospective.denominator + metrics.prospectiveNotRecorded).toBe(
        metrics.casesPresented.numerator,
      );
    },
  );

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

describe('arbitrationMetrics', () => {
  it('lists every outcome, in order, with nothing asked for', () => {
    expect(arbitrationMetrics([], Q1)).toEqual({
      requested: 0,
      decided: 0,
      outcomes: [
        { outcome: 'second_opinion_upheld', share: share(0, 0, null) },
        { outcome: 'first_opinion_upheld', share: share(0, 0, null) },
        { outcome: 'neither_upheld', share: share(0, 0, null) },
      ],
    });
  });

  it.each<[string, ArbitrationCountRecord[], number, number, [number, number, number]]>([
    ['asked for, not decided', [arbitration('a', '2024-01-02T00:00:00Z')], 1, 0, [0, 0, 0]],
    [
      'asked for and decided in the period',
      [arbitration('a', '2024-01-02T00:00:00Z', ['2024-01-09T00:00:00Z', 'first_opinion_upheld'])],
      1,
      1,
      [0, 1, 0],
    ],
    [
      'asked for before the period, decided in it: decided only',
      [arbitration('a', '2023-12-20T00:00:00Z', ['2024-01-03T00:00:00Z', 'neither_upheld'])],
      0,
      1,
      [0, 0, 1],
    ],
    [
      'asked for in the period, decided after it: requested only',
      [arbitration('a', '2024-03-30T00:00:00Z', ['2024-04-01T00:00:00Z', 'second_opinion_upheld'])],
      1,
      0,
      [0, 0, 0],
    ],
    [
      'outside the period altogether',
      [
        arbitration('a', '2023-11-01T00:00:00Z', ['2023-11-05T00:00:00Z', 'neither_upheld']),
        arbitration('b', '2024-04-01T00:00:00Z'),
      ],
      0,
      0,
      [0, 0, 0],
    ],
    [
      'several decided: a share per outcome',
      [
        arbitration('a', '2024-01-02T00:00:00Z', ['2024-01-05T00:00:00Z', 'second_opinion_upheld']),
        arbitration('b', '2024-01-03T00:00:00Z', ['2024-02-05T00:00:00Z', 'second_opinion_upheld']),
        arbitration('c', '2024-02-03T00:00:00Z', ['2024-03-31T23:59:59.999Z', 'neither_upheld']),
        arbitration('d', '2024-03-03T00:00:00Z'),
      ],
      4,
      3,
      [2, 0, 1],
    ],
  ])('%s', (_name, records, requested, decided, counts) => {
    const metrics = arbitrationMetrics(records, Q1);
    expect(metrics.requested).toBe(requested);
    expect(metrics.decided).toBe(decided);
    expect(metrics.outcomes.map((entry) => entry.share.numerator)).toEqual(counts);
    expect(metrics.outcomes.every((entry) => entry.share.denominator === decided)).toBe(true);
  });

  it('rounds the shares of the outcomes', () => {
    const metrics = arbitrationMetrics(
      [
        arbitration('a', '2024-01-02T00:00:00Z', ['2024-01-05T00:00:00Z', 'second_opinion_upheld']),
        arbitration('b', '2024-01-03T00:00:00Z', ['2024-01-06T00:00:00Z', 'first_opinion_upheld']),
        arbitration('c', '2024-01-04T00:00:00Z', ['2024-01-07T00:00:00Z', 'first_opinion_upheld']),
      ],
      Q1,
    );
    expect(metrics.outcomes.map((entry) => entry.share.percent)).toEqual([33.3, 66.7, 0]);
  });

  it.each<[string, ArbitrationCountRecord[], string]>([
    [
      'a request listed twice',
      [arbitration('a', '2024-01-02T00:00:00Z'), arbitration('a', '2024-01-03T00:00:00Z')],
      'arbitrated request a is listed twice',
    ],
    [
      'a decision date without an outcome',
      [{ ...arbitration('a', '2024-01-02T00:00:00Z'), decidedAt: at('2024-01-03T00:00:00Z') }],
      'a decision date or an outcome, not both',
    ],
    [
      'an outcome without a decision date',
      [{ ...arbitration('a', '2024-01-02T00:00:00Z'), outcome: 'neither_upheld' }],
      'a decision date or an outcome, not both',
    ],
    [
      'a decision before the request',
      [arbitration('a', '2024-01-05T00:00:00Z', ['2024-01-04T00:00:00Z', 'neither_upheld'])],
      'decided before it was asked for',
    ],
    [
      'an invalid request date',
      [arbitration('a', 'not a date')],
      'the arbitration of a is not a valid date',
    ],
  ])('refuses %s', (_name, records, message) => {
    expect(() => arbitrationMetrics(records, Q1)).toThrow(message);
  });
});

describe('qualityMetrics: one quarter of a board, counted by hand', () => {
  const INPUT: QualityMetricsInput = {
    period: Q1,
    opinions: [
      opinion('o1', '2024-01-05T09:00:00Z', 'confirmed', 4),
      opinion('o2', '2024-01-20T09:00:00Z', 'clarified', 9),
      opinion('o3', '2024-02-10T09:00:00Z', 'treatment_changed', 10),
      opinion('o4', '2024-02-11T09:00:00Z', 'diagnosis_changed', 4, true),
      opinion('o5', '2024-03-31T23:59:59.999Z', 'confirmed', 12, true),
      opinion('o6', '2024-04-01T00:00:00Z', 'confirmed', 1),
      opinion('o7', '2023-12-31T23:59:59.999Z', 'diagnosis_changed', 30, true),
    ],
    arbitrations: [
      arbitration('o7', '2024-01-03T09:00:00Z', ['2024-01-12T09:00:00Z', 'second_opinion_upheld']),
      arbitration('o3', '2024-03-25T09:00:00Z'),
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
      presented('c2', '2024-01-10T16:00:00Z', null, { stage: true }),
      presented('c2', '2024-02-14T16:00:00Z', false, { trial: true }),
      presented('c3', '2024-02-14T16:00:00Z', true, { guideline: true }),
      presented('c4', '2024-03-20T16:00:00Z', null, { stage: true, guideline: true, trial: true }),
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
      arbitration: {
        requested: 2,
        decided: 1,
        outcomes: [
          { outcome: 'second_opinion_upheld', share: share(1, 1, 100) },
          { outcome: 'first_opinion_upheld', share: share(0, 1, 0) },
          { outcome: 'neither_upheld', share: share(0, 1, 0) },
        ],
      },
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
    // Prospective: c1 and c3 yes, c2 no (known at its second presentation), c4 not recorded.
    expect(metrics.caseConference).toEqual({
      casesPresented: share(4, 30, 13.3),
      prospective: share(2, 3, 66.7),
      prospectiveNotRecorded: 1,
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
      arbitrations: [...INPUT.arbitrations].reverse(),
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
    expect(empty.concordance.arbitration.requested).toBe(0);
    expect(empty.concordance.arbitration.decided).toBe(0);
    expect(empty.turnaround).toEqual({
      delivered: 0,
      p50Ms: null,
      p90Ms: null,
      breaches: share(0, 0, null),
    });
    expect(empty.adherence).toEqual([]);
    expect(empty.caseConference.casesPresented).toEqual(share(0, 30, 0));
    expect(empty.caseConference.prospective).toEqual(share(0, 0, null));
    expect(empty.caseConference.prospectiveNotRecorded).toBe(0);
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
      'arbitration,requested,,,,2',
      'arbitration,decided,,,,1',
      'arbitration,second_opinion_upheld,1,1,100,',
      'arbitration,first_opinion_upheld,0,1,0,',
      'arbitration,neither_upheld,0,1,0,',
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
      'case_conference,prospective,2,3,66.7,',
      'case_conference,prospective_not_recorded,,,,1',
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
    expect(csv).toContain('case_conference,prospective_not_recorded,,,,0\r\n');
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
