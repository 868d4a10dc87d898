import { days } from '@app/core';
import {
  Adherence,
  ADHERENCE_LEVELS,
  DeviationReason,
  FollowUpRefusal,
  DEFAULT_FOLLOW_UP_GRACE_DAYS,
  DEFAULT_FOLLOW_UP_INTERVAL_DAYS,
  DEVIATION_REASONS,
  followUpSchedule,
  FollowUpScheduleInput,
  FollowUpOutcomeInput,
  FollowUpStatus,
  FollowUpValidation,
  isAdherence,
  isDeviationReason,
  RecordedFollowUp,
  validateFollowUpOutcome,
} from './follow-up-schedule';

const PUBLISHED = new Date('2024-01-15T10:00:00Z');
/** `n` days (fractions allowed) after publication. */
const day = (n: number): Date => new Date(PUBLISHED.getTime() + n * days(1));
const recorded = (intervalDays: number, atDay: number): RecordedFollowUp => ({
  intervalDays,
  recordedAt: day(atDay),
});
const statuses = (input: Partial<FollowUpScheduleInput> & { now: Date }): FollowUpStatus[] =>
  followUpSchedule({ publishedAt: PUBLISHED, recorded: [], ...input }).map((f) => f.status);

describe('followUpSchedule', () => {
  it('defaults to 30, 90 and 365 days with 14 days of grace', () => {
    expect(DEFAULT_FOLLOW_UP_INTERVAL_DAYS).toEqual([30, 90, 365]);
    expect(DEFAULT_FOLLOW_UP_GRACE_DAYS).toBe(14);
    expect(followUpSchedule({ publishedAt: PUBLISHED, now: PUBLISHED, recorded: [] })).toEqual([
      {
        intervalDays: 30,
        dueAt: new Date('2024-02-14T10:00:00Z'),
        overdueAfter: new Date('2024-02-28T10:00:00Z'),
        status: 'upcoming',
        recordedAt: null,
      },
      {
        intervalDays: 90,
        dueAt: new Date('2024-04-14T10:00:00Z'),
        overdueAfter: new Date('2024-04-28T10:00:00Z'),
        status: 'upcoming',
        recordedAt: null,
      },
      {
        intervalDays: 365,
        dueAt: new Date('2025-01-14T10:00:00Z'),
        overdueAfter: new Date('2025-01-28T10:00:00Z'),
        status: 'upcoming',
        recordedAt: null,
      },
    ]);
  });

  it('counts days of 24 hours across a daylight-saving change and a leap day', () => {
    const publishedAt = new Date('2024-03-01T00:30:00+01:00');
    const [due] = followUpSchedule({
      publishedAt,
      now: publishedAt,
      recorded: [],
      intervalDays: [30],
    });
    expect(due.dueAt.toISOString()).toBe('2024-03-30T23:30:00.000Z');
  });

  it.each<[string, number, RecordedFollowUp[], FollowUpStatus[]]>([
    ['at publication', 0, [], ['upcoming', 'upcoming', 'upcoming']],
    ['just before the first due date', 29.99, [], ['upcoming', 'upcoming', 'upcoming']],
    ['on the first due date', 30, [], ['due', 'upcoming', 'upcoming']],
    ['last instant of grace', 44, [], ['due', 'upcoming', 'upcoming']],
    ['just after grace', 44.0001, [], ['overdue', 'upcoming', 'upcoming']],
    ['first recorded on time', 44.0001, [recorded(30, 31)], ['done', 'upcoming', 'upcoming']],
    ['first recorded early', 10, [recorded(30, 5)], ['done', 'upcoming', 'upcoming']],
    ['first recorded late', 100, [recorded(30, 80)], ['done', 'due', 'upcoming']],
    ['at publication, recorded at once', 0, [recorded(30, 0)], ['done', 'upcoming', 'upcoming']],
    ['two overdue, one due', 370, [], ['overdue', 'overdue', 'due']],
    ['all overdue', 380, [], ['overdue', 'overdue', 'overdue']],
    [
      'all done, recorded in any order',
      400,
      [recorded(365, 366), recorded(30, 30), recorded(90, 95)],
      ['done', 'done', 'done'],
    ],
  ])('%s (day %p)', (_name, now, records, expected) => {
    expect(statuses({ now: day(now), recorded: records })).toEqual(expected);
  });

  it.each<[string, number[], number, number, FollowUpStatus[]]>([
    ['no grace: overdue right after the due instant', [7], 0, 7.00001, ['overdue']],
    ['no grace: due at the due instant', [7], 0, 7, ['due']],
    ['custom intervals come back sorted', [180, 7, 60], 3, 62, ['overdue', 'due', 'upcoming']],
    ['no follow-ups configured', [], 14, 1000, []],
  ])('%s', (_name, intervalDays, graceDays, now, expected) => {
    const schedule = followUpSchedule({
      publishedAt: PUBLISHED,
      now: day(now),
      recorded: [],
      intervalDays,
      graceDays,
    });
    expect(schedule.map((f) => f.status)).toEqual(expected);
    expect(schedule.map((f) => f.intervalDays)).toEqual([...intervalDays].sort((a, b) => a - b));
    schedule.forEach((f) => {
      expect(f.dueAt).toEqual(day(f.intervalDays));
      expect(f.overdueAfter).toEqual(day(f.intervalDays + graceDays));
    });
  });

  it('reports when each follow-up was recorded', () => {
    const schedule = followUpSchedule({
      publishedAt: PUBLISHED,
      now: day(100),
      recorded: [recorded(90, 92)],
    });
    expect(schedule.map((f) => f.recordedAt)).toEqual([null, day(92), null]);
  });

  it.each<[string, Partial<FollowUpScheduleInput>, string]>([
    ['a zero interval', { intervalDays: [0, 30] }, 'got 0'],
    ['a negative interval', { intervalDays: [-30] }, 'got -30'],
    ['a fractional interval', { intervalDays: [30.5] }, 'got 30.5'],
    ['an interval twice', { intervalDays: [30, 90, 30] }, 'follow-up interval 30 is listed twice'],
    ['a negative grace', { graceDays: -1 }, 'whole number'],
    ['a fractional grace', { graceDays: 0.5 }, 'whole number'],
    [
      'a record for no interval',
      { recorded: [recorded(60, 61)] },
      'the 60-day follow-up is not in the schedule',
    ],
    [
      'two records for one interval',
      { recorded: [recorded(30, 30), recorded(30, 31)] },
      'the 30-day follow-up is recorded twice',
    ],
    [
      'a record before publication',
      { recorded: [recorded(30, -1)] },
      'the 30-day follow-up is recorded before the recommendation was published',
    ],
    [
      'an invalid record date',
      { recorded: [{ intervalDays: 30, recordedAt: new Date('x') }] },
      "the 30-day follow-up's recordedAt is not a valid date",
    ],
    [
      'an invalid publication date',
      { publishedAt: new Date('x') },
      'publishedAt is not a valid date',
    ],
    ['an invalid now', { now: new Date('x') }, 'now is not a valid date'],
  ])('refuses %s', (_name, override, message) => {
    expect(() =>
      followUpSchedule({ publishedAt: PUBLISHED, now: day(1), recorded: [], ...override }),
    ).toThrow(message);
  });
});

describe('validateFollowUpOutcome', () => {
  const ok = (
    adherence: Adherence,
    deviationReason: DeviationReason | null = null,
    deviationDetail: string | null = null,
    outcomeNotes: string | null = null,
  ): FollowUpValidation => ({
    ok: true,
    value: { adherence, deviationReason, deviationDetail, outcomeNotes },
  });
  const no = (code: FollowUpRefusal, message: string): FollowUpValidation => ({
    ok: false,
    code,
    message,
  });

  it.each<[string, FollowUpOutcomeInput, FollowUpValidation]>([
    ['fully implemented', { adherence: 'implemented_fully' }, ok('implemented_fully')],
    [
      'fully implemented with notes, trimmed',
      { adherence: 'implemented_fully', outcomeNotes: '  NED at 3 months ' },
      ok('implemented_fully', null, null, 'NED at 3 months'),
    ],
    [
      'fully implemented, blank reason and detail count as none',
      {
        adherence: 'implemented_fully',
        deviationReason: ' ',
        deviationDetail: '',
        outcomeNotes: ' ',
      },
      ok('implemented_fully'),
    ],
    [
      'fully implemented with a reason',
      { adherence: 'implemented_fully', deviationReason: 'comorbidity' },
      no(
        'deviation_not_applicable',
        'a recommendation implemented fully has no deviation to explain',
      ),
    ],
    [
      'fully implemented with a detail',
      { adherence: 'implemented_fully', deviationDetail: 'dose reduced' },
      no(
        'deviation_not_applicable',
        'a recommendation implemented fully has no deviation to explain',
      ),
    ],
    ...(['implemented_partly', 'not_implemented'] as const).flatMap(
      (adherence): Array<[string, FollowUpOutcomeInput, FollowUpValidation]> => [
        [
          `${adherence} without a reason`,
          { adherence },
          no(
            'deviation_reason_required',
            `a deviation reason is required when the recommendation was ${adherence.replace(/_/g, ' ')}`,
          ),
        ],
        [
          `${adherence} with a blank reason`,
          { adherence, deviationReason: '  ' },
          no(
            'deviation_reason_required',
            `a deviation reason is required when the recommendation was ${adherence.replace(/_/g, ' ')}`,
          ),
        ],
        ...DEVIATION_REASONS.filter((reason) => reason !== 'other').map(
          (reason): [string, FollowUpOutcomeInput, FollowUpValidation] => [
            `${adherence} for ${reason}`,
            { adherence, deviationReason: reason },
            ok(adherence, reason),
          ],
        ),
        [
          `${adherence} for other, described`,
          { adherence, deviationReason: 'other', deviationDetail: ' moved abroad ' },
          ok(adherence, 'other', 'moved abroad'),
        ],
        [
          `${adherence} for other, undescribed`,
          { adherence, deviationReason: 'other', deviationDetail: ' ' },
          no('deviation_detail_required', 'describe the deviation when the reason is other'),
        ],
        [
          `${adherence} for comorbidity with detail and notes`,
          {
            adherence,
            deviationReason: 'comorbidity',
            deviationDetail: 'eGFR 25',
            outcomeNotes: 'stable',
          },
          ok(adherence, 'comorbidity', 'eGFR 25', 'stable'),
        ],
        [
          `${adherence} for an unknown reason`,
          { adherence, deviationReason: 'cost' },
          no('unknown_deviation_reason', 'unknown deviation reason "cost"'),
        ],
      ],
    ),
    [
      'unknown adherence, checked first',
      { adherence: 'implemented', deviationReason: 'cost' },
      no('unknown_adherence', 'unknown adherence "implemented"'),
    ],
    ['empty adherence', { adherence: '' }, no('unknown_adherence', 'unknown adherence ""')],
  ])('%s', (_name, input, expected) => {
    expect(validateFollowUpOutcome(input)).toEqual(expected);
  });

  it('knows the adherence levels and deviation reasons', () => {
    expect(ADHERENCE_LEVELS).toEqual([
      'implemented_fully',
      'implemented_partly',
      'not_implemented',
    ]);
    expect(DEVIATION_REASONS).toEqual([
      'patient_preference',
      'comorbidity',
      'progression',
      'recommendation_not_documented',
      'recommendation_not_received',
      'other',
    ]);
    expect(ADHERENCE_LEVELS.every(isAdherence)).toBe(true);
    expect(DEVIATION_REASONS.every(isDeviationReason)).toBe(true);
    expect(isAdherence('fully')).toBe(false);
    expect(isDeviationReason('Other')).toBe(false);
  });
});
