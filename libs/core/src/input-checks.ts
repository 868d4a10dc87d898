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

/**
 * How deep input may nest: no request or event needs more, and deeper input is refused before
 * anything walks it recursively (class-transformer runs out of stack near 2,000 levels).
 */
export const MAX_INPUT_DEPTH = 32;

/** Whether objects and arrays in `value` nest more than `limit` levels deep; walks no deeper. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  return Object.values(value).some((item) => nestedDeeperThan(item, limit - 1));
}

/** Keys that are never legitimate input: refusing them rules out prototype pollution. */
export const FORBIDDEN_INPUT_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor']);

/**
 * The first place in an input value holding a NUL character, as a dotted path ('' for the value
 * itself). PostgreSQL text cannot hold one, and no clinical text needs one.
 */
export function nulCharacterPath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulCharacterPath(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
