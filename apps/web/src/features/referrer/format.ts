import type { IntlShape } from 'react-intl';

/**
 * Dates, sizes and durations in the chosen language, through the browser's Intl formatters.
 * Times name their zone: the referrer may be in another country than the board or the patient.
 */
type Formats = Pick<IntlShape, 'formatDate' | 'formatNumber'>;

const KIB = 1024;
const MIB = 1024 * 1024;

/** A date and time, in `timeZone` (the browser's own when left out), with the zone named. */
export function dateTime(intl: Formats, iso: string, timeZone?: string): string {
  return intl.formatDate(new Date(iso), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
}

/** A day, in the browser's zone. */
export function calendarDay(intl: Formats, iso: string): string {
  return intl.formatDate(new Date(iso), { year: 'numeric', month: 'long', day: 'numeric' });
}

/** "4.2 MB", "830 kB", "512 bytes": sizes as people read them (1 MB = 1024 × 1024 bytes, like the server's limit). */
export function fileSize(intl: Formats, bytes: number): string {
  if (bytes < KIB) return exactSize(intl, bytes);
  if (bytes < MIB)
    return intl.formatNumber(Math.round(bytes / KIB), { style: 'unit', unit: 'kilobyte' });
  return intl.formatNumber(bytes / MIB, {
    style: 'unit',
    unit: 'megabyte',
    maximumFractionDigits: 1,
  });
}

/**
 * A size beside a limit: rounded, unless rounding would make them read the same (a file just
 * over the limit), then to the byte.
 */
export function sizeAndLimit(intl: Formats, bytes: number, limit: number): [string, string] {
  const size = fileSize(intl, bytes);
  const rounded = fileSize(intl, limit);
  return size === rounded ? [exactSize(intl, bytes), exactSize(intl, limit)] : [size, rounded];
}

function exactSize(intl: Formats, bytes: number): string {
  return intl.formatNumber(bytes, { style: 'unit', unit: 'byte', unitDisplay: 'long' });
}

/** A duration in minutes, in words ("45 minutes", "45 Minuten"). */
export function minutes(intl: Formats, count: number): string {
  return intl.formatNumber(count, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
}

/** The first 12 hex digits of a SHA-256: enough to compare by eye. */
export function shortFingerprint(sha256: string): string {
  return sha256.slice(0, 12);
}

/** "America/New_York" as people read it. */
export function zoneName(timeZone: string): string {
  return timeZone.replaceAll('_', ' ');
}

/** Text written by a person (a file name, a reason), isolated so it reads right in either direction. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
