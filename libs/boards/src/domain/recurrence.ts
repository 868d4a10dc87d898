import { DateTime, IANAZone } from 'luxon';
import { Options, RRule } from 'rrule';

/**
 * Board meeting series. The rule is expanded in "floating" time: each wall-clock
 * date-time is carried in the UTC fields of a Date, so the board keeps meeting
 * at the same local time whatever the DST season, and only then placed on the
 * timeline in the board's timezone.
 */

export interface RecurrenceRequest {
  /** RFC 5545 RRULE body without DTSTART, e.g. 'FREQ=WEEKLY;BYDAY=TU' or 'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10'. */
  rrule: string;
  /** Local wall-clock start of the first occurrence, ISO without offset: '2026-03-03T07:30' or '2026-03-03T07:30:00'. */
  firstStartLocal: string;
  /** IANA timezone of the board, e.g. 'Europe/Paris'. */
  timezone: string;
  durationMinutes: number;
  /** Only occurrences starting before this instant (exclusive). */
  until: Date;
  /** Hard cap on the number of occurrences returned. */
  limit: number;
}

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
  /** local wall-clock start 'YYYY-MM-DDTHH:mm' in the board's timezone */
  localStart: string;
}

export type RecurrenceResult =
  { ok: true; occurrences: Occurrence[] } | { ok: false; problem: string };

export const MIN_MEETING_MINUTES = 5;
export const MAX_MEETING_MINUTES = 720;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The shape of an IANA zone name ("Europe/Paris", "UTC", "Etc/GMT+5"): it begins with a letter. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * Whether `timezone` is a named IANA zone. A fixed UTC offset ("+01:00"), which newer ICU versions
 * (Node 22) accept as a time zone, is not one: it knows no daylight saving time, so meetings in it
 * would drift from the board's wall clock twice a year.
 */
export function isValidTimezone(timezone: string): boolean {
  return typeof timezone === 'string' && ZONE_NAME.test(timezone) && IANAZone.isValidZone(timezone);
}

/**
 * Wall clock → instant in `timezone`, following RFC 5545 §3.3.5: a time in the
 * spring-forward gap is read with the offset in force before the gap (02:30
 * becomes 03:30), an ambiguous fall-back time is its first occurrence.
 */
export function localToInstant(localIso: string, timezone: string): Date | null {
  const wallMs = parseWallClock(localIso);
  if (wallMs === null || !isValidTimezone(timezone)) return null;
  return new Date(wallClockToInstant(wallMs, IANAZone.create(timezone)));
}

export function expandRecurrence(request: RecurrenceRequest): RecurrenceResult {
  const problem = requestProblem(request);
  if (problem) return { ok: false, problem };
  const startWall = parseWallClock(request.firstStartLocal);
  if (startWall === null) {
    return {
      ok: false,
      problem: `first start '${request.firstStartLocal}' is not a valid local date-time (YYYY-MM-DDTHH:mm)`,
    };
  }
  const parsed = parseRule(request.rrule);
  if (!parsed.ok) return parsed;

  const zone = IANAZone.create(request.timezone);
  const untilMs = request.until.getTime();
  const ruleEnd = parsed.end;
  const withinRuleEnd = (wall: number, instant: number): boolean =>
    ruleEnd === null || (ruleEnd.kind === 'instant' ? instant <= ruleEnd.at : wall <= ruleEnd.at);

  // Bounding the floating iteration keeps rules that never match from spinning to year 9999.
  const bounds = [toWallClock(untilMs, zone) + DAY_MS];
  if (ruleEnd) {
    bounds.push(ruleEnd.kind === 'wall' ? ruleEnd.at : toWallClock(ruleEnd.at, zone) + DAY_MS);
  }

  const rule = new RRule(
    {
      ...parsed.options,
      dtstart: new Date(startWall),
      until: new Date(Math.min(...bounds)),
      tzid: null,
    },
    true,
  );
  const walls = rule.all((wall, index) => {
    const instant = wallClockToInstant(wall.getTime(), zone);
    return index < request.limit && instant < untilMs && withinRuleEnd(wall.getTime(), instant);
  });
  return {
    ok: true,
    occurrences: walls.map((wall) => toOccurrence(wall.getTime(), zone, request.durationMinutes)),
  };
}

function requestProblem(request: RecurrenceRequest): string | null {
  if (!isValidTimezone(request.timezone))
    return `'${request.timezone}' is not a known IANA timezone`;
  const { durationMinutes: minutes } = request;
  if (
    !Number.isInteger(minutes) ||
    minutes < MIN_MEETING_MINUTES ||
    minutes > MAX_MEETING_MINUTES
  ) {
    return `a meeting lasts between ${MIN_MEETING_MINUTES} and ${MAX_MEETING_MINUTES} whole minutes (got ${minutes})`;
  }
  if (!Number.isInteger(request.limit) || request.limit < 1) {
    return `limit must be a whole number of at least 1 (got ${request.limit})`;
  }
  if (!(request.until instanceof Date) || Number.isNaN(request.until.getTime())) {
    return 'until must be a valid date';
  }
  return null;
}

function toOccurrence(wallMs: number, zone: IANAZone, durationMinutes: number): Occurrence {
  const startMs = wallClockToInstant(wallMs, zone);
  return {
    startsAt: new Date(startMs),
    endsAt: new Date(startMs + durationMinutes * MINUTE_MS),
    localStart: DateTime.fromMillis(startMs, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"),
  };
}

/** 'YYYY-MM-DDTHH:mm[:ss]' → its wall clock carried in UTC fields (ms), or null. */
function parseWallClock(localIso: string): number | null {
  const match = typeof localIso === 'string' ? LOCAL_ISO.exec(localIso) : null;
  if (!match) return null;
  const [year, month, day, hour, minute, second = '0'] = match.slice(1);
  if (+hour > 23) return null; // luxon would read 24:00 as the next midnight
  const wall = DateTime.fromObject(
    { year: +year, month: +month, day: +day, hour: +hour, minute: +minute, second: +second },
    { zone: 'utc' },
  );
  return wall.isValid ? wall.toMillis() : null;
}

function toWallClock(instantMs: number, zone: IANAZone): number {
  return instantMs + zone.offset(instantMs) * MINUTE_MS;
}

function wallClockToInstant(wallMs: number, zone: IANAZone): number {
  // The real instant lies within ±14 h of the wall clock, so these samples see the offsets on both
  // sides of any nearby transition.
  const offsets = new Set([wallMs - DAY_MS, wallMs, wallMs + DAY_MS].map((t) => zone.offset(t)));
  const candidates = [...offsets]
    .map((offset) => wallMs - offset * MINUTE_MS)
    .filter((instant) => toWallClock(instant, zone) === wallMs);
  if (candidates.length > 0) return Math.min(...candidates);
  return wallMs - zone.offset(wallMs - DAY_MS) * MINUTE_MS;
}

// ---------------------------------------------------------------------------
// RRULE text: validated part by part (rrule.js itself is lenient, e.g. a negative
// INTERVAL never terminates), UNTIL kept aside to be compared in the right frame.

type RuleEnd = { kind: 'instant'; at: number } | { kind: 'wall'; at: number };
type ParsedRule =
  { ok: true; options: Partial<Options>; end: RuleEnd | null } | { ok: false; problem: string };

const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'];
const SUB_DAILY_FREQUENCIES = ['HOURLY', 'MINUTELY', 'SECONDLY'];
const SUB_DAILY_PARTS = ['BYHOUR', 'BYMINUTE', 'BYSECOND'];
const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const BYDAY_ITEM = new RegExp(`^([+-]?\\d{1,2})?${WEEKDAY}$`);
const UNTIL_VALUE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/;

type PartCheck = (value: string, freq: string) => string | null;

const PART_CHECKS: Record<string, PartCheck> = {
  FREQ: () => null,
  INTERVAL: (value) =>
    isPositiveInteger(value) ? null : 'INTERVAL must be a positive whole number',
  COUNT: (value) => (isPositiveInteger(value) ? null : 'COUNT must be a positive whole number'),
  UNTIL: (value) =>
    parseUntil(value) ? null : `UNTIL '${value}' is not a valid date or date-time`,
  BYDAY: checkByDay,
  BYMONTHDAY: (value, freq) =>
    freq === 'WEEKLY'
      ? 'BYMONTHDAY cannot be used with FREQ=WEEKLY'
      : numberListProblem('BYMONTHDAY', value, 31, true),
  BYYEARDAY: (value, freq) =>
    freq !== 'YEARLY'
      ? 'BYYEARDAY can only be used with FREQ=YEARLY'
      : numberListProblem('BYYEARDAY', value, 366, true),
  BYWEEKNO: (value, freq) =>
    freq !== 'YEARLY'
      ? 'BYWEEKNO can only be used with FREQ=YEARLY'
      : numberListProblem('BYWEEKNO', value, 53, true),
  BYMONTH: (value) => numberListProblem('BYMONTH', value, 12, false),
  BYSETPOS: (value) => numberListProblem('BYSETPOS', value, 366, true),
  WKST: (value) =>
    new RegExp(`^${WEEKDAY}$`).test(value) ? null : `WKST '${value}' is not a weekday`,
};

function parseRule(text: string): ParsedRule {
  const fail = (problem: string): ParsedRule => ({ ok: false, problem });
  if (typeof text !== 'string' || text.trim() === '') return fail('the recurrence rule is empty');
  const body = text
    .trim()
    .toUpperCase()
    .replace(/^RRULE:/, '');
  if (/DTSTART|TZID/.test(body)) {
    return fail(
      'the rule must not contain DTSTART or TZID: the first start and the timezone are set on the board',
    );
  }
  if (/[\r\n]/.test(body)) return fail('only a single RRULE line is accepted');

  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const match = /^([A-Z]+)=(.+)$/.exec(part);
    if (!match) return fail(`'${part}' is not a NAME=VALUE rule part`);
    if (parts.has(match[1])) return fail(`${match[1]} appears more than once`);
    parts.set(match[1], match[2]);
  }

  const freq = parts.get('FREQ');
  if (freq === undefined) return fail('the rule needs a FREQ');
  if (SUB_DAILY_FREQUENCIES.includes(freq)) {
    return fail(`FREQ=${freq} is finer than daily: a board meets at most once a day`);
  }
  if (!FREQUENCIES.includes(freq)) return fail(`FREQ=${freq} is not a known frequency`);
  if (parts.has('COUNT') && parts.has('UNTIL')) return fail('COUNT and UNTIL cannot be combined');
  if (
    parts.has('BYSETPOS') &&
    ![...parts.keys()].some((k) => k.startsWith('BY') && k !== 'BYSETPOS')
  ) {
    return fail('BYSETPOS needs another BY… part to select from');
  }

  for (const [name, value] of parts) {
    if (SUB_DAILY_PARTS.includes(name)) {
      return fail(`${name} is not supported: a board meets once a day at its start time`);
    }
    const check = PART_CHECKS[name];
    if (!check) return fail(`${name} is not a supported RRULE part`);
    const problem = check(value, freq);
    if (problem) return fail(problem);
  }

  const untilText = parts.get('UNTIL');
  parts.delete('UNTIL');
  const options = RRule.parseString(
    [...parts].map(([name, value]) => `${name}=${value}`).join(';'),
  );
  return { ok: true, options, end: untilText === undefined ? null : parseUntil(untilText) };
}

function isPositiveInteger(value: string): boolean {
  return /^\d{1,4}$/.test(value) && Number(value) >= 1;
}

function numberListProblem(
  name: string,
  value: string,
  max: number,
  signed: boolean,
): string | null {
  const pattern = signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/;
  const valid = value.split(',').every((item) => {
    const magnitude = Math.abs(Number(item));
    return pattern.test(item) && magnitude >= 1 && magnitude <= max;
  });
  const range = signed ? `±1..${max}` : `1..${max}`;
  return valid ? null : `${name} values must be in ${range} (got '${value}')`;
}

/** An ordinal weekday ('1TU', '-1FR') only makes sense within a month or a year. */
function checkByDay(value: string, freq: string): string | null {
  for (const item of value.split(',')) {
    const match = BYDAY_ITEM.exec(item);
    if (!match) return `BYDAY '${item}' is not a weekday such as TU or 1TU`;
    if (match[1] === undefined) continue;
    const ordinal = Math.abs(Number(match[1]));
    const max = freq === 'MONTHLY' ? 5 : freq === 'YEARLY' ? 53 : 0;
    if (max === 0) return `BYDAY '${item}': an ordinal weekday needs FREQ=MONTHLY or FREQ=YEARLY`;
    if (ordinal < 1 || ordinal > max) return `BYDAY '${item}': the ordinal must be in ±1..${max}`;
  }
  return null;
}

/**
 * UNTIL in UTC ('…T063000Z') is an instant. A local date-time, or a bare date
 * (through the end of that day), is a wall clock in the board's timezone.
 */
function parseUntil(value: string): RuleEnd | null {
  const match = UNTIL_VALUE.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second, utc] = match.slice(1);
  const dateOnly = hour === undefined;
  if (!dateOnly && +hour > 23) return null;
  const moment = DateTime.fromObject(
    {
      year: +year,
      month: +month,
      day: +day,
      hour: dateOnly ? 23 : +hour,
      minute: dateOnly ? 59 : +minute,
      second: dateOnly ? 59 : +second,
    },
    { zone: 'utc' },
  );
  if (!moment.isValid) return null;
  return { kind: utc ? 'instant' : 'wall', at: moment.toMillis() };
}
