/**
 * Orders identifiers by UTF-16 code units, the same order as `Array.prototype.sort()` without a
 * comparator: unlike `localeCompare`, it is the same on every server whatever its locale.
 */
export function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
