/**
 * Reporting periods as the quality metrics take them: local calendar dates (YYYY-MM-DD) in the
 * board's time zone, both included. The server reads a date as that day in the board's zone, so
 * a month's dates are that month in the board's zone wherever the browser is; only "today" needs
 * the zone.
 */

export interface Period {
  from: string;
  to: string;
}

export type PeriodPreset = 'this_quarter' | 'last_quarter' | 'this_year' | 'custom';

export const PRESET_LABELS: Record<PeriodPreset, string> = {
  this_quarter: 'This quarter so far',
  last_quarter: 'Last quarter',
  this_year: 'This year so far',
  custom: 'Custom dates',
};

/** One calendar month of a period, cut to the period at either end. */
export interface MonthSlice extends Period {
  /** YYYY-MM */
  month: string;
  /** "Jan 2026" */
  label: string;
}

/** The longest period the server reports on (`MAX_PERIOD_YEARS` in libs/quality). */
export const MAX_PERIOD_YEARS = 3;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Day {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

function parse(date: string): Day | null {
  const match = LOCAL_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

/** A date from its parts; a month or day out of range rolls over (month 13 is next January). */
function format(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  return parse(date) !== null;
}

/** Today's date in `timeZone` at `now`. */
export function todayInZone(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The period a preset stands for on `today` (a date in the board's zone): this quarter or this
 * year from its first day to today; last quarter whole.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string): Period {
  const day = parse(today);
  if (!day) throw new Error(`not a calendar date: ${today}`);
  const quarterStart = day.month - ((day.month - 1) % 3);
  if (preset === 'this_year') return { from: format(day.year, 1, 1), to: today };
  if (preset === 'this_quarter') return { from: format(day.year, quarterStart, 1), to: today };
  return {
    from: format(day.year, quarterStart - 3, 1),
    to: format(day.year, quarterStart, 0),
  };
}

const MONTH_LABEL = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  month: 'short',
  year: 'numeric',
});

/** The calendar months a valid period touches, earliest first, the first and last cut to it. */
export function monthsOf(period: Period): MonthSlice[] {
  const start = parse(period.from);
  const end = parse(period.to);
  if (!start || !end || period.to < period.from) return [];
  const months: MonthSlice[] = [];
  let { year, month } = start;
  while (year < end.year || (year === end.year && month <= end.month)) {
    const first = format(year, month, 1);
    const last = format(year, month + 1, 0);
    months.push({
      month: first.slice(0, 7),
      label: MONTH_LABEL.format(new Date(Date.UTC(year, month - 1, 1))),
      from: first < period.from ? period.from : first,
      to: last > period.to ? period.to : last,
    });
    year += Math.floor(month / 12);
    month = (month % 12) + 1;
  }
  return months;
}

/**
 * Why the server would refuse the period, on the field to correct, or null: dates that are not
 * real, an end before the start, or more than `MAX_PERIOD_YEARS` years (the day after `to` may be
 * at most that many years after `from`).
 */
export function periodProblem(period: Period): { field: keyof Period; message: string } | null {
  const start = parse(period.from);
  if (!start) return { field: 'from', message: 'Enter the first day of the period.' };
  if (!parse(period.to)) return { field: 'to', message: 'Enter the last day of the period.' };
  if (period.to < period.from)
    return { field: 'to', message: 'The last day must be on or after the first day.' };
  // As the server counts years: 29 February plus a year is 28 February.
  const limitYear = start.year + MAX_PERIOD_YEARS;
  const limitDay = Math.min(start.day, Number(format(limitYear, start.month + 1, 0).slice(8)));
  if (period.to >= format(limitYear, start.month, limitDay))
    return {
      field: 'to',
      message: `A period covers at most ${MAX_PERIOD_YEARS} years; choose an earlier last day.`,
    };
  return null;
}

const DAY_LABEL = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** "1 Jan 2026 – 31 Mar 2026". */
export function periodLabel(period: Period): string {
  const label = (date: string) => {
    const day = parse(date);
    return day ? DAY_LABEL.format(new Date(Date.UTC(day.year, day.month - 1, day.day))) : date;
  };
  return `${label(period.from)} – ${label(period.to)}`;
}

/** The largest analytic caseload the server accepts (`MAX_ANALYTIC_CASELOAD` in libs/quality). */
export const MAX_ANALYTIC_CASELOAD = 1_000_000;

/** Why the server would refuse the caseload, or null. */
export function caseloadProblem(caseload: number | null): string | null {
  if (caseload === null) return 'Enter the analytic caseload from the cancer registry.';
  if (!Number.isInteger(caseload) || caseload < 0 || caseload > MAX_ANALYTIC_CASELOAD)
    return `Enter a whole number from 0 to ${MAX_ANALYTIC_CASELOAD.toLocaleString('en-GB')}.`;
  return null;
}
