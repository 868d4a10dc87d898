import { describe, expect, it } from 'vitest';
import {
  caseloadProblem,
  isCalendarDate,
  monthsOf,
  periodLabel,
  periodProblem,
  presetPeriod,
  todayInZone,
  type PeriodPreset,
} from './period';

describe('presets, from the instant and the board’s time zone', () => {
  it.each<[string, string, string, Exclude<PeriodPreset, 'custom'>, string, string, string[]]>([
    // [what, now, zone, preset, from, to, months]
    [
      'mid-quarter',
      '2026-05-14T09:00:00Z',
      'Europe/Paris',
      'this_quarter',
      '2026-04-01',
      '2026-05-14',
      ['2026-04', '2026-05'],
    ],
    [
      'last quarter from the second quarter',
      '2026-05-14T09:00:00Z',
      'Europe/Paris',
      'last_quarter',
      '2026-01-01',
      '2026-03-31',
      ['2026-01', '2026-02', '2026-03'],
    ],
    [
      'last quarter across the year boundary',
      '2026-02-10T09:00:00Z',
      'America/New_York',
      'last_quarter',
      '2025-10-01',
      '2025-12-31',
      ['2025-10', '2025-11', '2025-12'],
    ],
    [
      // New Year's Eve in UTC is already New Year's Day in Auckland.
      'this year, a zone ahead of UTC already in the new year',
      '2026-12-31T12:00:00Z',
      'Pacific/Auckland',
      'this_year',
      '2027-01-01',
      '2027-01-01',
      ['2027-01'],
    ],
    [
      'this year, a zone behind UTC still in the old year',
      '2027-01-01T03:00:00Z',
      'America/Los_Angeles',
      'this_year',
      '2026-01-01',
      '2026-12-31',
      [
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
        '2026-12',
      ],
    ],
    [
      'this quarter on its first day, after midnight in the zone only',
      '2026-06-30T22:30:00Z',
      'Europe/Berlin',
      'this_quarter',
      '2026-07-01',
      '2026-07-01',
      ['2026-07'],
    ],
    [
      'last quarter from the first quarter, in a zone behind UTC',
      '2026-01-01T04:00:00Z',
      'America/Chicago',
      'last_quarter',
      '2025-07-01',
      '2025-09-30',
      ['2025-07', '2025-08', '2025-09'],
    ],
  ])('%s', (_what, now, zone, preset, from, to, months) => {
    const period = presetPeriod(preset, todayInZone(zone, new Date(now)));
    expect(period).toEqual({ from, to });
    expect(monthsOf(period).map((month) => month.month)).toEqual(months);
    expect(periodProblem(period)).toBeNull();
  });
});

describe('monthsOf', () => {
  it('cuts the first and last month to the period, across a year boundary', () => {
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-10' })).toEqual([
      { month: '2025-11', label: 'Nov 2025', from: '2025-11-15', to: '2025-11-30' },
      { month: '2025-12', label: 'Dec 2025', from: '2025-12-01', to: '2025-12-31' },
      { month: '2026-01', label: 'Jan 2026', from: '2026-01-01', to: '2026-01-31' },
      { month: '2026-02', label: 'Feb 2026', from: '2026-02-01', to: '2026-02-10' },
    ]);
  });

  it.each([
    ['a leap February', { from: '2028-02-01', to: '2028-02-29' }, [['2028-02-01', '2028-02-29']]],
    [
      'a common February',
      { from: '2027-02-01', to: '2027-03-01' },
      [
        ['2027-02-01', '2027-02-28'],
        ['2027-03-01', '2027-03-01'],
      ],
    ],
    ['one day', { from: '2026-07-04', to: '2026-07-04' }, [['2026-07-04', '2026-07-04']]],
  ])('%s', (_what, period, ranges) => {
    expect(monthsOf(period).map((month) => [month.from, month.to])).toEqual(ranges);
  });

  it('has 36 months for the longest period the server reports on', () => {
    const months = monthsOf({ from: '2024-01-01', to: '2026-12-31' });
    expect(months).toHaveLength(36);
    expect(months.at(-1)).toMatchObject({ month: '2026-12', to: '2026-12-31' });
  });

  it('is empty for a period the server would refuse', () => {
    expect(monthsOf({ from: '2026-03-01', to: '2026-02-01' })).toEqual([]);
    expect(monthsOf({ from: '2026-02-30', to: '2026-03-01' })).toEqual([]);
  });
});

describe('periodProblem: as the server refuses a period', () => {
  it.each<[string, string, string, 'from' | 'to' | null]>([
    ['a valid quarter', '2026-01-01', '2026-03-31', null],
    ['an impossible date', '2026-02-30', '2026-03-31', 'from'],
    ['a missing last day', '2026-01-01', '', 'to'],
    ['an end before the start', '2026-03-31', '2026-01-01', 'to'],
    ['exactly three years', '2024-01-01', '2026-12-31', null],
    ['three years and a day', '2024-01-01', '2027-01-01', 'to'],
    // Luxon, on the server, puts 29 February plus three years on 28 February.
    ['from a leap day, the last day allowed', '2024-02-29', '2027-02-27', null],
    ['from a leap day, one day too many', '2024-02-29', '2027-02-28', 'to'],
  ])('%s', (_what, from, to, field) => {
    expect(periodProblem({ from, to })?.field ?? null).toBe(field);
  });
});

describe('the rest of the selection', () => {
  it('checks calendar dates and the caseload', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-2-28')).toBe(false);
    expect(caseloadProblem(null)).toMatch(/cancer registry/);
    expect(caseloadProblem(0)).toBeNull();
    expect(caseloadProblem(1.5)).toMatch(/whole number/);
    expect(caseloadProblem(1_000_001)).toMatch(/whole number/);
  });

  it('labels a period', () => {
    expect(periodLabel({ from: '2026-01-01', to: '2026-03-31' })).toBe('1 Jan 2026 – 31 Mar 2026');
  });
});
