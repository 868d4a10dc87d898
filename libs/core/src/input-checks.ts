/**
 * Checks for input that only a programming error can produce: the rules throw on it rather than
 * compute a figure from it.
 */

/** Throws unless `value` is a real instant: an `Invalid Date` is never read as some date. */
export function assertInstant(value: Date, what: string): void {
  if (Number.isNaN(value.getTime())) throw new Error(`${what} is not a valid date`);
}

/** Throws on the first key met a second time, naming it: "`what` `key` is listed twice". */
export function assertUnique(keys: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new Error(`${what} ${key} is listed twice`);
    seen.add(key);
  }
}
