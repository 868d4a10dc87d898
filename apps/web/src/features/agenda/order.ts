/** Reordering an agenda: pure list moves, sent to the server as the full list of item ids. */

/** The ids with `id` moved `delta` places (−1 up, +1 down); unchanged at either end. */
export function moveBy(ids: readonly string[], id: string, delta: number): string[] {
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

/** The ids with `moving` (in their current order) dropped before or after `target`. */
export function moveTo(
  ids: readonly string[],
  moving: ReadonlySet<string>,
  target: string,
  position: 'before' | 'after',
): string[] {
  if (moving.has(target)) return [...ids];
  const moved = ids.filter((id) => moving.has(id));
  const rest = ids.filter((id) => !moving.has(id));
  const at = rest.indexOf(target);
  if (at < 0) return [...ids];
  const index = position === 'before' ? at : at + 1;
  return [...rest.slice(0, index), ...moved, ...rest.slice(index)];
}

export function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}
