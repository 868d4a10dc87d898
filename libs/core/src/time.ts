/** One day of wall-clock time: 24 hours, whatever the calendar or daylight saving does locally. */
export const MS_PER_DAY = 86_400_000;

/** `count` days of 24 hours, in milliseconds; `count` is a whole number, zero or more. */
export function days(count: number): number {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`a number of days is a whole number ≥ 0, got ${count}`);
  return count * MS_PER_DAY;
}
