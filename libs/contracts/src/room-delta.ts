import type {
  LiveTimerView,
  MeetingStateView,
  PresenceEntry,
  QuorumView,
  RoomAgendaItem,
} from './live';

/**
 * A keyed list's change: entries added or changed (whole), keys removed, and, when what that
 * leaves is not in the new order (new keys go last), the keys in their new order.
 */
export interface ListDelta<T> {
  upsert: T[];
  remove: string[];
  order?: string[];
}

export type AgendaDelta = ListDelta<RoomAgendaItem>;
export type TimersDelta = ListDelta<LiveTimerView>;
export type PresenceDelta = ListDelta<PresenceEntry>;

/**
 * A change of the room, a few hundred bytes where the whole state of a full room is tens of
 * kilobytes (its presence list): only the fields that changed, lists by entry. `quorum` comes
 * with every presence change. Presence is a set: its order carries no meaning.
 */
export interface MeetingStateDelta {
  meetingId: string;
  /** The `seq` of the state this applies to. */
  base: number;
  /** The state's `seq` once applied. */
  seq: number;
  status?: MeetingStateView['status'];
  focusedItemId?: string | null;
  version?: number;
  queue?: MeetingStateView['queue'];
  quorum?: QuorumView;
  agenda?: AgendaDelta;
  timers?: TimersDelta;
  presence?: PresenceDelta;
}

const itemKey = (entry: { itemId: string }) => entry.itemId;
const userKey = (entry: { userId: string }) => entry.userId;

/**
 * What turns `before` into `after` (same meeting), to be sent as the broadcast numbered `seq`
 * following `before.seq`; null when nothing a client shows changed.
 */
export function diffRoomState(
  before: MeetingStateView,
  after: MeetingStateView,
  seq: number,
): MeetingStateDelta | null {
  const delta: MeetingStateDelta = { meetingId: after.meetingId, base: before.seq, seq };
  let changed = false;
  if (before.status !== after.status) {
    delta.status = after.status;
    changed = true;
  }
  if (before.focusedItemId !== after.focusedItemId) {
    delta.focusedItemId = after.focusedItemId;
    changed = true;
  }
  if (before.version !== after.version) {
    delta.version = after.version;
    changed = true;
  }
  if (!sameValue(before.queue, after.queue)) {
    delta.queue = after.queue;
    changed = true;
  }
  const agenda = diffList(before.agenda, after.agenda, itemKey, true);
  if (agenda) {
    delta.agenda = agenda;
    changed = true;
  }
  const timers = diffList(before.timers, after.timers, itemKey, true);
  if (timers) {
    delta.timers = timers;
    changed = true;
  }
  const presence = diffList(before.presence, after.presence, userKey, false);
  if (presence || !sameValue(before.quorum, after.quorum)) {
    if (presence) delta.presence = presence;
    delta.quorum = after.quorum;
    changed = true;
  }
  return changed ? delta : null;
}

/**
 * The state `delta` makes of `state`; null when `state` is not the one it applies to (a
 * broadcast was missed: ask for the whole state again).
 */
export function applyRoomDelta(
  state: MeetingStateView,
  delta: MeetingStateDelta,
): MeetingStateView | null {
  if (delta.meetingId !== state.meetingId || delta.base !== state.seq) return null;
  return {
    meetingId: state.meetingId,
    status: delta.status ?? state.status,
    focusedItemId: delta.focusedItemId !== undefined ? delta.focusedItemId : state.focusedItemId,
    version: delta.version ?? state.version,
    queue: delta.queue ?? state.queue,
    quorum: delta.quorum ?? state.quorum,
    agenda: delta.agenda ? applyList(state.agenda, delta.agenda, itemKey) : state.agenda,
    timers: delta.timers ? applyList(state.timers, delta.timers, itemKey) : state.timers,
    presence: delta.presence ? applyList(state.presence, delta.presence, userKey) : state.presence,
    seq: delta.seq,
  };
}

function diffList<T>(
  before: T[],
  after: T[],
  key: (entry: T) => string,
  ordered: boolean,
): ListDelta<T> | null {
  const old = new Map(before.map((entry) => [key(entry), entry]));
  const keys = new Set(after.map(key));
  const upsert = after.filter((entry) => {
    const previous = old.get(key(entry));
    return previous === undefined || !sameValue(previous, entry);
  });
  const remove = [...old.keys()].filter((name) => !keys.has(name));
  const order = after.map(key);
  const reordered =
    ordered && !sameValue(order, keysAfter(before.map(key), upsert.map(key), new Set(remove)));
  if (upsert.length === 0 && remove.length === 0 && !reordered) return null;
  return reordered ? { upsert, remove, order } : { upsert, remove };
}

/** The keys a list has once `remove`d keys are gone and new `upsert` keys appended. */
function keysAfter(before: string[], upserted: string[], removed: Set<string>): string[] {
  const kept = before.filter((name) => !removed.has(name));
  const known = new Set(kept);
  return [...kept, ...upserted.filter((name) => !known.has(name))];
}

function applyList<T>(list: T[], delta: ListDelta<T>, key: (entry: T) => string): T[] {
  const removed = new Set(delta.remove);
  const entries = new Map(list.filter((entry) => !removed.has(key(entry))).map((e) => [key(e), e]));
  for (const entry of delta.upsert) entries.set(key(entry), entry);
  const order = delta.order ?? keysAfter(list.map(key), delta.upsert.map(key), removed);
  return order.flatMap((name) => {
    const entry = entries.get(name);
    return entry === undefined ? [] : [entry];
  });
}

/** Equality of plain JSON values (what the room's state is made of), key order aside. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((value, index) => sameValue(value, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((name) => Object.hasOwn(right, name) && sameValue(left[name], right[name]))
  );
}
