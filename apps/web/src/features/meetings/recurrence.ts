/**
 * The recurring-meeting rule the server expects (ScheduleMeetingDto.rrule): an RFC 5545 RRULE body
 * without DTSTART or TZID (the first start and the board's zone travel separately), expanded by the
 * server in the board's wall-clock time. The server accepts COUNT or UNTIL (never both); a bare
 * UNTIL date includes that whole day in the board's zone. It materialises at most 100 occurrences
 * and only those within `horizonDays` (7..730, default 182) of today, so the form asks for the
 * horizon the chosen end needs.
 */

export type Repeat = 'weekly' | 'biweekly' | 'monthly';

/** For a monthly rule: the start date's nth weekday of the month, or the last one. */
export type MonthlyWeek = 'nth' | 'last';

export type SeriesEnd = { kind: 'count'; count: number } | { kind: 'until'; date: string };

export interface RecurrenceInput {
  repeat: Repeat;
  /** The first meeting's date in the board's zone, YYYY-MM-DD; the weekday is read from it. */
  startDate: string;
  monthlyWeek?: MonthlyWeek;
  end: SeriesEnd;
}

/** What the server will schedule at most (MeetingsService MAX_OCCURRENCES). */
export const MAX_OCCURRENCES = 100;
export const MIN_HORIZON_DAYS = 7;
export const MAX_HORIZON_DAYS = 730;

const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const DAY_MS = 86_400_000;

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export function parseDate(value: string): CalendarDay | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return null;
  return { year, month, day };
}

function utcDay({ year, month, day }: CalendarDay): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function daysInMonth({ year, month }: CalendarDay): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function weekdayOf(date: string): number {
  const parsed = parseDate(date);
  if (!parsed) throw new Error(`not a date: ${date}`);
  return utcDay(parsed).getUTCDay();
}

/** 1 for the first such weekday of its month … 5 for the fifth. */
export function weekOfMonth(date: string): number {
  const parsed = parseDate(date);
  if (!parsed) throw new Error(`not a date: ${date}`);
  return Math.ceil(parsed.day / 7);
}

/** "Tuesday" for '2026-12-01'. */
export function weekdayName(date: string): string {
  return WEEKDAY_NAMES[weekdayOf(date)] ?? '';
}

/** "first" … "fifth". */
export function ordinalWord(n: number): string {
  return ORDINALS[n - 1] ?? `${n}th`;
}

/** Whether the date is the last such weekday of its month (so "last Tuesday" can be offered). */
export function isLastWeekdayOfMonth(date: string): boolean {
  const parsed = parseDate(date);
  if (!parsed) return false;
  return parsed.day + 7 > daysInMonth(parsed);
}

/** The fifth weekday of a month does not exist every month; only "last" repeats reliably. */
function monthlyOrdinal(input: RecurrenceInput): number {
  const nth = weekOfMonth(input.startDate);
  if (input.monthlyWeek === 'last' || nth === 5) return -1;
  return nth;
}

/** The RRULE body for the server, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6`. */
export function buildRrule(input: RecurrenceInput): string {
  if (!parseDate(input.startDate)) throw new Error(`not a date: ${input.startDate}`);
  const weekday = WEEKDAY_CODES[weekdayOf(input.startDate)];
  const parts: string[] = [];
  switch (input.repeat) {
    case 'weekly':
      parts.push('FREQ=WEEKLY', `BYDAY=${weekday}`);
      break;
    case 'biweekly':
      parts.push('FREQ=WEEKLY', 'INTERVAL=2', `BYDAY=${weekday}`);
      break;
    case 'monthly':
      parts.push('FREQ=MONTHLY', `BYDAY=${monthlyOrdinal(input)}${weekday}`);
      break;
  }
  if (input.end.kind === 'count') {
    if (!Number.isInteger(input.end.count) || input.end.count < 1)
      throw new Error('the count must be a whole number of at least 1');
    parts.push(`COUNT=${input.end.count}`);
  } else {
    if (!parseDate(input.end.date)) throw new Error(`not a date: ${input.end.date}`);
    parts.push(`UNTIL=${input.end.date.replaceAll('-', '')}`);
  }
  return parts.join(';');
}

/** "Every two weeks on Tuesday, 6 meetings" — the rule in words, for the form and confirmations. */
export function describeRecurrence(input: RecurrenceInput): string {
  const weekday = WEEKDAY_NAMES[weekdayOf(input.startDate)];
  let rhythm: string;
  switch (input.repeat) {
    case 'weekly':
      rhythm = `Every ${weekday}`;
      break;
    case 'biweekly':
      rhythm = `Every two weeks on ${weekday}`;
      break;
    case 'monthly': {
      const ordinal = monthlyOrdinal(input);
      rhythm = `Monthly on the ${ordinal === -1 ? 'last' : ORDINALS[ordinal - 1]} ${weekday}`;
      break;
    }
  }
  if (input.end.kind === 'count')
    return `${rhythm}, ${input.end.count} ${input.end.count === 1 ? 'meeting' : 'meetings'}`;
  return `${rhythm}, until ${formatDate(input.end.date)}`;
}

function formatDate(date: string): string {
  const parsed = parseDate(date);
  if (!parsed) return date;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(utcDay(parsed));
}

function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  if (!a || !b) return 0;
  return Math.round((utcDay(b).getTime() - utcDay(a).getTime()) / DAY_MS);
}

function addDays(date: string, days: number): string {
  const parsed = parseDate(date);
  if (!parsed) return date;
  return new Date(utcDay(parsed).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The last date the series can reach: the UNTIL date, or for a COUNT an upper bound on the last
 * occurrence (a monthly nth weekday can fall up to 35 days after the previous one).
 */
export function lastPossibleDate(input: RecurrenceInput): string {
  if (input.end.kind === 'until') return input.end.date;
  const more = Math.max(input.end.count - 1, 0);
  switch (input.repeat) {
    case 'weekly':
      return addDays(input.startDate, more * 7);
    case 'biweekly':
      return addDays(input.startDate, more * 14);
    case 'monthly':
      return addDays(input.startDate, more * 35 + 6);
  }
}

export interface SeriesPlan {
  /** What to send as horizonDays: enough days for the whole series, within the server's bounds. */
  horizonDays: number;
  /** When the server will stop short of the chosen end, the date after which nothing is scheduled yet. */
  cutOffAfter: string | null;
  /** When the series needs more than the server schedules at once. */
  tooManyOccurrences: boolean;
  /** When even the first meeting lies beyond the furthest horizon (the server would refuse). */
  startsTooLate: boolean;
}

/**
 * How far ahead to schedule, counted from today in the board's zone. The server counts the horizon
 * from its own "now", so a day's margin keeps a last meeting late in the day inside it; the rule's
 * own COUNT or UNTIL still ends the series exactly.
 */
export function planSeries(input: RecurrenceInput, today: string): SeriesPlan {
  const needed = daysBetween(today, lastPossibleDate(input)) + 2;
  const horizonDays = Math.min(Math.max(needed, MIN_HORIZON_DAYS), MAX_HORIZON_DAYS);
  const cutOffAfter = needed > MAX_HORIZON_DAYS ? addDays(today, MAX_HORIZON_DAYS - 1) : null;
  const tooManyOccurrences =
    input.end.kind === 'count'
      ? input.end.count > MAX_OCCURRENCES
      : estimatedOccurrences(input) > MAX_OCCURRENCES;
  const startsTooLate = daysBetween(today, input.startDate) + 1 >= MAX_HORIZON_DAYS;
  return { horizonDays, cutOffAfter, tooManyOccurrences, startsTooLate };
}

function estimatedOccurrences(input: RecurrenceInput): number {
  if (input.end.kind === 'count') return input.end.count;
  const span = daysBetween(input.startDate, input.end.date);
  if (span < 0) return 0;
  switch (input.repeat) {
    case 'weekly':
      return Math.floor(span / 7) + 1;
    case 'biweekly':
      return Math.floor(span / 14) + 1;
    case 'monthly':
      return Math.floor(span / 28) + 1;
  }
}
