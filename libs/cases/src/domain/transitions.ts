/** Shared shape of the status machines of this context (cases, agenda items). */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export type TransitionCheck<S> = { ok: true } | { ok: false; allowed: S[]; message: string };

export function allowedFrom<S extends string>(table: TransitionTable<S>, from: S): S[] {
  return [...(table[from] ?? [])];
}

/**
 * `subject` names the thing in its current status, e.g. 'a scheduled case'.
 * Staying in the same status is not a transition and is refused like any other.
 */
export function checkTransition<S extends string>(
  table: TransitionTable<S>,
  from: S,
  to: S,
  subject: string,
): TransitionCheck<S> {
  const allowed = allowedFrom(table, from);
  if (allowed.includes(to)) return { ok: true };
  const message =
    allowed.length === 0
      ? `${subject} is final and cannot change status`
      : `${subject} can only become: ${allowed.join(', ')}`;
  return { ok: false, allowed, message };
}
