import { describe, expect, it } from 'vitest';
import {
  buildRrule,
  describeRecurrence,
  isLastWeekdayOfMonth,
  planSeries,
  weekOfMonth,
  type RecurrenceInput,
} from './recurrence';

// 2026-12-01 is a Tuesday; 2026-12-29 the fifth (and last) Tuesday of December; 2026-12-28 the
// fourth Monday and also the last; 2026-12-31 the fifth Thursday.
const input = (overrides: Partial<RecurrenceInput>): RecurrenceInput => ({
  repeat: 'weekly',
  startDate: '2026-12-01',
  end: { kind: 'count', count: 6 },
  ...overrides,
});

describe('buildRrule', () => {
  it.each<[string, Partial<RecurrenceInput>, string]>([
    ['weekly, count', {}, 'FREQ=WEEKLY;BYDAY=TU;COUNT=6'],
    ['weekly, one meeting', { end: { kind: 'count', count: 1 } }, 'FREQ=WEEKLY;BYDAY=TU;COUNT=1'],
    [
      'weekly, until a date',
      { end: { kind: 'until', date: '2027-03-30' } },
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270330',
    ],
    ['weekly on a Monday', { startDate: '2026-12-07' }, 'FREQ=WEEKLY;BYDAY=MO;COUNT=6'],
    ['weekly on a Sunday', { startDate: '2026-12-06' }, 'FREQ=WEEKLY;BYDAY=SU;COUNT=6'],
    ['every two weeks, count', { repeat: 'biweekly' }, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6'],
    [
      'every two weeks, until',
      { repeat: 'biweekly', startDate: '2026-12-03', end: { kind: 'until', date: '2027-06-30' } },
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270630',
    ],
    ['monthly, first Tuesday', { repeat: 'monthly' }, 'FREQ=MONTHLY;BYDAY=1TU;COUNT=6'],
    [
      'monthly, second Wednesday',
      { repeat: 'monthly', startDate: '2026-12-09' },
      'FREQ=MONTHLY;BYDAY=2WE;COUNT=6',
    ],
    [
      'monthly, third Friday, until',
      { repeat: 'monthly', startDate: '2026-12-18', end: { kind: 'until', date: '2027-12-31' } },
      'FREQ=MONTHLY;BYDAY=3FR;UNTIL=20271231',
    ],
    [
      'monthly, fourth Monday (nth chosen)',
      { repeat: 'monthly', startDate: '2026-12-28', monthlyWeek: 'nth' },
      'FREQ=MONTHLY;BYDAY=4MO;COUNT=6',
    ],
    [
      'monthly, last Monday (last chosen)',
      { repeat: 'monthly', startDate: '2026-12-28', monthlyWeek: 'last' },
      'FREQ=MONTHLY;BYDAY=-1MO;COUNT=6',
    ],
    [
      'monthly, a fifth weekday becomes the last',
      { repeat: 'monthly', startDate: '2026-12-31' },
      'FREQ=MONTHLY;BYDAY=-1TH;COUNT=6',
    ],
    [
      'monthly, last Tuesday, until',
      {
        repeat: 'monthly',
        startDate: '2026-12-29',
        monthlyWeek: 'last',
        end: { kind: 'until', date: '2027-06-01' },
      },
      'FREQ=MONTHLY;BYDAY=-1TU;UNTIL=20270601',
    ],
    [
      'the monthly choice is ignored for weekly rules',
      { repeat: 'weekly', startDate: '2026-12-29', monthlyWeek: 'last' },
      'FREQ=WEEKLY;BYDAY=TU;COUNT=6',
    ],
  ])('%s → %s', (_name, overrides, rule) => {
    const built = buildRrule(input(overrides));
    expect(built).toBe(rule);
    // Never both ends, never the parts the server refuses.
    expect(built.includes('COUNT=') && built.includes('UNTIL=')).toBe(false);
    expect(built).not.toMatch(/DTSTART|TZID/);
  });

  it.each<[string, Partial<RecurrenceInput>]>([
    ['a count of zero', { end: { kind: 'count', count: 0 } }],
    ['a fractional count', { end: { kind: 'count', count: 2.5 } }],
    ['an impossible start date', { startDate: '2026-02-30' }],
    ['an impossible end date', { end: { kind: 'until', date: '2026-13-01' } }],
  ])('refuses %s', (_name, overrides) => {
    expect(() => buildRrule(input(overrides))).toThrow();
  });
});

describe('weeks of the month', () => {
  it.each<[string, number, boolean]>([
    ['2026-12-01', 1, false],
    ['2026-12-08', 2, false],
    ['2026-12-15', 3, false],
    ['2026-12-22', 4, false],
    ['2026-12-24', 4, false],
    ['2026-12-28', 4, true],
    ['2026-12-29', 5, true],
    ['2027-02-22', 4, true],
  ])('%s is week %i (last: %s)', (date, week, last) => {
    expect(weekOfMonth(date)).toBe(week);
    expect(isLastWeekdayOfMonth(date)).toBe(last);
  });
});

describe('describeRecurrence', () => {
  it.each<[Partial<RecurrenceInput>, string]>([
    [{}, 'Every Tuesday, 6 meetings'],
    [{ end: { kind: 'count', count: 1 } }, 'Every Tuesday, 1 meeting'],
    [
      { repeat: 'biweekly', end: { kind: 'until', date: '2027-03-30' } },
      'Every two weeks on Tuesday, until 30 Mar 2027',
    ],
    [{ repeat: 'monthly' }, 'Monthly on the first Tuesday, 6 meetings'],
    [{ repeat: 'monthly', startDate: '2026-12-31' }, 'Monthly on the last Thursday, 6 meetings'],
  ])('%j → %s', (overrides, words) => {
    expect(describeRecurrence(input(overrides))).toBe(words);
  });
});

describe('planSeries', () => {
  it.each<
    [
      string,
      Partial<RecurrenceInput>,
      string,
      {
        horizonDays: number;
        cutOffAfter: string | null;
        tooManyOccurrences: boolean;
        startsTooLate?: boolean;
      },
    ]
  >([
    [
      'six weekly meetings starting next week need 44 days (a day of margin), not the default',
      { startDate: '2026-12-08' },
      '2026-12-01',
      { horizonDays: 44, cutOffAfter: null, tooManyOccurrences: false },
    ],
    [
      'a short series still asks for the minimum horizon',
      { startDate: '2026-12-02', repeat: 'weekly', end: { kind: 'count', count: 1 } },
      '2026-12-01',
      { horizonDays: 7, cutOffAfter: null, tooManyOccurrences: false },
    ],
    [
      'until a date a year away',
      { end: { kind: 'until', date: '2027-12-01' } },
      '2026-12-01',
      { horizonDays: 367, cutOffAfter: null, tooManyOccurrences: false },
    ],
    [
      'until a date beyond two years is cut off',
      { end: { kind: 'until', date: '2029-12-01' } },
      '2026-12-01',
      { horizonDays: 730, cutOffAfter: '2028-11-29', tooManyOccurrences: true },
    ],
    [
      'more than 100 meetings',
      { end: { kind: 'count', count: 101 } },
      '2026-12-01',
      { horizonDays: 702, cutOffAfter: null, tooManyOccurrences: true },
    ],
    [
      'a series starting beyond two years cannot be scheduled yet',
      { startDate: '2028-12-05' },
      '2026-12-01',
      {
        horizonDays: 730,
        cutOffAfter: '2028-11-29',
        tooManyOccurrences: false,
        startsTooLate: true,
      },
    ],
  ])('%s', (_name, overrides, today, plan) => {
    expect(planSeries(input(overrides), today)).toEqual({ startsTooLate: false, ...plan });
  });
});
