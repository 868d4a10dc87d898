/**
 * Dates and times as clinicians read them: in the board's time zone, with the zone named, so a
 * coordinator in another city never mistakes a meeting's hour.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    cache.set(key, format);
  }
  return format;
}

/** The zone's short name at that instant ("EST", "CET"; an offset where the zone has none). */
export function zoneAbbreviation(iso: string, timeZone: string): string {
  // British English names European zones (CET, BST), American English American ones (EST).
  let offset = timeZone;
  for (const locale of ['en-GB', 'en-US']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name && !name.startsWith('GMT') && !name.startsWith('UTC')) return name;
    if (name) offset = name;
  }
  return offset;
}

/** "America/New York": the IANA name as people read it. */
export function zoneName(timeZone: string): string {
  return timeZone.replaceAll('_', ' ');
}

/** "Tue 8 Dec 2026, 07:30 EST (America/New York)". */
export function dateTimeInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const day = formatter(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(date);
  return `${day}, ${timeInZone(iso, timeZone)} ${zoneAbbreviation(iso, timeZone)} (${zoneName(timeZone)})`;
}

/** "Tue 8 Dec": a day in the zone, for date columns. */
export function shortDayInZone(iso: string, timeZone: string): string {
  return formatter(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }).format(
    new Date(iso),
  );
}

export function timeInZone(iso: string, timeZone: string): string {
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function dayInZone(iso: string, timeZone: string): string {
  return formatter(timeZone, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as "8 Dec 2026"; no zone applies to a date. */
export function calendarDate(value: string | null | undefined): string {
  if (!value) return '—';
  const [year, month, day] = value.split('-').map(Number);
  if (!year || !month || !day) return value;
  return formatter('UTC', { day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

/** The user's own zone, for times that belong to no board (audit entries). */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function durationMinutes(startIso: string, endIso: string): number {
  return Math.round((new Date(endIso).getTime() - new Date(startIso).getTime()) / 60_000);
}

/** A duration as people say it: "4 d 6 h", "5 h 20 min", "12 min". */
export function durationWords(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}
