import { UndiscussedChoice } from '@app/contracts';

export interface AgendaEntry {
  itemId: string;
  minutesAllotted: number;
  status: 'pending' | 'in_discussion' | 'discussed' | 'deferred';
}

export interface CaseTimer {
  itemId: string;
  allottedSeconds: number;
  /** seconds accumulated before the current run */
  elapsedSeconds: number;
  /** ISO time the current run started, null when paused */
  runningSince: string | null;
}

export interface SpeakingQueue {
  /** userIds in the order hands went up */
  raised: string[];
  /** userId who has the floor */
  floor: string | null;
}

export interface RoomState {
  meetingId: string;
  status: 'scheduled' | 'live' | 'ended';
  focusedItemId: string | null;
  timers: Record<string, CaseTimer>;
  queue: SpeakingQueue;
  /** Increments on every accepted command, so clients can order snapshots. */
  version: number;
}

export type RoomCommand =
  | { type: 'start' }
  | { type: 'end' }
  | { type: 'focus'; itemId: string }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'raise_hand'; userId: string }
  | { type: 'lower_hand'; userId: string }
  | { type: 'give_floor'; userId: string }
  | { type: 'release_floor' }
  | { type: 'item_discussed'; itemId: string }
  | { type: 'item_deferred'; itemId: string };

export interface Refusal {
  ok: false;
  code: string;
  message: string;
}

export type RoomResult = { ok: true; state: RoomState } | Refusal;

export interface TimerView {
  itemId: string;
  allottedSeconds: number;
  elapsedSeconds: number;
  running: boolean;
  overrun: boolean;
  overrunSeconds: number;
}

type RoomErrorCode =
  | 'not_live'
  | 'already_started'
  | 'already_ended'
  | 'unknown_item'
  | 'item_deferred'
  | 'no_next'
  | 'no_previous'
  | 'not_in_queue'
  | 'undiscussed_items';

/** What a command handler returns: the changed parts, or null when nothing changes. */
type Outcome = RoomResult | Omit<RoomState, 'version'> | null;

export function initialRoomState(meetingId: string): RoomState {
  return {
    meetingId,
    status: 'scheduled',
    focusedItemId: null,
    timers: {},
    queue: { raised: [], floor: null },
    version: 0,
  };
}

// ---------------------------------------------------------------- timers

/** Whole seconds a timer has run in its current run; a clock behind the start counts as 0. */
function currentRunSeconds(timer: CaseTimer, now: Date): number {
  if (timer.runningSince === null) return 0;
  const ms = now.getTime() - new Date(timer.runningSince).getTime();
  return Math.max(0, Math.floor(ms / 1000));
}

export function timerView(timer: CaseTimer, now: Date): TimerView {
  const elapsedSeconds = timer.elapsedSeconds + currentRunSeconds(timer, now);
  const overrunSeconds = Math.max(0, elapsedSeconds - timer.allottedSeconds);
  return {
    itemId: timer.itemId,
    allottedSeconds: timer.allottedSeconds,
    elapsedSeconds,
    running: timer.runningSince !== null,
    overrun: elapsedSeconds > timer.allottedSeconds,
    overrunSeconds,
  };
}

/**
 * Folds the current run into `elapsedSeconds` using the same whole-second rule as
 * `timerView`, so the displayed time does not jump when a timer is paused.
 */
function pauseTimer(timer: CaseTimer, now: Date): CaseTimer {
  if (timer.runningSince === null) return timer;
  return {
    ...timer,
    elapsedSeconds: timer.elapsedSeconds + currentRunSeconds(timer, now),
    runningSince: null,
  };
}

/** Pauses every running timer (normally only the focused one runs). */
function pauseAll(timers: Record<string, CaseTimer>, now: Date): Record<string, CaseTimer> {
  const paused: Record<string, CaseTimer> = {};
  for (const [itemId, timer] of Object.entries(timers)) paused[itemId] = pauseTimer(timer, now);
  return paused;
}

/** Resumes the item's timer, creating it from the agenda's allotment when it does not exist yet. */
function resumeTimer(
  timers: Record<string, CaseTimer>,
  entry: AgendaEntry,
  now: Date,
): Record<string, CaseTimer> {
  const existing: CaseTimer = timers[entry.itemId] ?? {
    itemId: entry.itemId,
    allottedSeconds: entry.minutesAllotted * 60,
    elapsedSeconds: 0,
    runningSince: null,
  };
  const running =
    existing.runningSince === null ? { ...existing, runningSince: now.toISOString() } : existing;
  return { ...timers, [entry.itemId]: running };
}

// ---------------------------------------------------------------- agenda

function isOpen(entry: AgendaEntry): boolean {
  return entry.status !== 'discussed' && entry.status !== 'deferred';
}

function isNavigable(entry: AgendaEntry): boolean {
  return entry.status !== 'deferred';
}

/**
 * The adjacent non-deferred item in `direction`. The position is that of the focused item in
 * the full agenda, so a focused item that has since been deferred still has neighbours.
 * With nothing focused (or a focused item no longer on the agenda), next is the first
 * non-deferred item and there is no previous.
 */
function adjacent(
  agenda: AgendaEntry[],
  focusedItemId: string | null,
  direction: 1 | -1,
): AgendaEntry | undefined {
  const index = agenda.findIndex((entry) => entry.itemId === focusedItemId);
  if (index === -1) return direction === 1 ? agenda.find(isNavigable) : undefined;
  const candidates = direction === 1 ? agenda.slice(index + 1) : agenda.slice(0, index).reverse();
  return candidates.find(isNavigable);
}

// ---------------------------------------------------------------- commands

function fail(code: RoomErrorCode, message: string): Refusal {
  return { ok: false, code, message };
}

function isResult(outcome: Outcome): outcome is RoomResult {
  return outcome !== null && 'ok' in outcome;
}

/** Moves the focus to `entry`: pauses whatever runs and resumes the entry's timer. */
function focusOn(state: RoomState, entry: AgendaEntry, now: Date): Omit<RoomState, 'version'> {
  return {
    ...state,
    focusedItemId: entry.itemId,
    timers: resumeTimer(pauseAll(state.timers, now), entry, now),
  };
}

function start(state: RoomState, agenda: AgendaEntry[], now: Date): Outcome {
  if (state.status === 'live') return fail('already_started', 'The meeting is already live');
  if (state.status === 'ended') return fail('already_ended', 'The meeting has ended');
  const live = { ...state, status: 'live' as const };
  const first = agenda.find(isOpen);
  return first ? focusOn(live, first, now) : { ...live, focusedItemId: null };
}

/**
 * Whether the meeting may end now, and the cases the chair's choice applies to: those neither
 * discussed nor deferred (pending or in discussion). With any left, the meeting ends only once
 * the chair has chosen to carry them over or return them to the board's cases; with none, no
 * choice is needed.
 */
export function planEnd(
  state: RoomState,
  agenda: AgendaEntry[],
  choice: UndiscussedChoice | null,
): { ok: true; undiscussedItemIds: string[] } | Refusal {
  if (state.status === 'scheduled') return fail('not_live', 'The meeting has not started');
  if (state.status === 'ended') return fail('already_ended', 'The meeting has already ended');
  const undiscussed = agenda.filter(isOpen).map((entry) => entry.itemId);
  if (undiscussed.length > 0 && choice === null)
    return fail('undiscussed_items', undiscussedMessage(undiscussed.length));
  return { ok: true, undiscussedItemIds: undiscussed };
}

function undiscussedMessage(count: number): string {
  return count === 1
    ? "1 case was not discussed: carry it to the next meeting or return it to the board's cases"
    : `${count} cases were not discussed: carry them to the next meeting or return them to the board's cases`;
}

/** The agenda changes first (carried over or returned): a meeting never ends with a case left undiscussed. */
function end(state: RoomState, agenda: AgendaEntry[], now: Date): Outcome {
  const plan = planEnd(state, agenda, null);
  if (!plan.ok) return plan;
  return {
    ...state,
    status: 'ended',
    focusedItemId: null,
    timers: pauseAll(state.timers, now),
    queue: { raised: [], floor: null },
  };
}

function focus(state: RoomState, itemId: string, agenda: AgendaEntry[], now: Date): Outcome {
  const entry = agenda.find((candidate) => candidate.itemId === itemId);
  if (!entry) return fail('unknown_item', `Item ${itemId} is not on the agenda`);
  if (!isNavigable(entry)) return fail('item_deferred', `Item ${itemId} is deferred`);
  if (state.focusedItemId === itemId) return null;
  return focusOn(state, entry, now);
}

function step(state: RoomState, direction: 1 | -1, agenda: AgendaEntry[], now: Date): Outcome {
  const target = adjacent(agenda, state.focusedItemId, direction);
  if (!target) {
    return direction === 1
      ? fail('no_next', 'There is no next item on the agenda')
      : fail('no_previous', 'There is no previous item on the agenda');
  }
  return focusOn(state, target, now);
}

function withQueue(state: RoomState, queue: SpeakingQueue): Omit<RoomState, 'version'> {
  return { ...state, queue };
}

function raiseHand(state: RoomState, userId: string): Outcome {
  if (state.queue.raised.includes(userId)) return null;
  return withQueue(state, { ...state.queue, raised: [...state.queue.raised, userId] });
}

function lowerHand(state: RoomState, userId: string): Outcome {
  if (!state.queue.raised.includes(userId)) return null;
  const raised = state.queue.raised.filter((id) => id !== userId);
  return withQueue(state, { ...state.queue, raised });
}

/** Whoever held the floor before simply loses it; they are not put back in the queue. */
function giveFloor(state: RoomState, userId: string): Outcome {
  if (!state.queue.raised.includes(userId)) {
    return fail('not_in_queue', `User ${userId} has not raised a hand`);
  }
  const raised = state.queue.raised.filter((id) => id !== userId);
  return withQueue(state, { raised, floor: userId });
}

function releaseFloor(state: RoomState): Outcome {
  if (state.queue.floor === null) return null;
  return withQueue(state, { ...state.queue, floor: null });
}

/** Stops the clock of one item, leaving every other timer as it is. */
function pauseItem(state: RoomState, itemId: string, now: Date): Record<string, CaseTimer> {
  const timer = state.timers[itemId];
  return timer ? { ...state.timers, [itemId]: pauseTimer(timer, now) } : state.timers;
}

/**
 * The case has been marked discussed: its timer stops and it stays focused, so the panel can
 * still see it (e.g. while voting on it). Always a change: the agenda moved on.
 */
function itemDiscussed(
  state: RoomState,
  itemId: string,
  agenda: AgendaEntry[],
  now: Date,
): Outcome {
  if (!agenda.some((entry) => entry.itemId === itemId))
    return fail('unknown_item', `Item ${itemId} is not on the agenda`);
  return { ...state, timers: pauseItem(state, itemId, now) };
}

/**
 * The case has been deferred to a later meeting (the agenda passed in shows it deferred, in
 * its former place). Its timer stops; if it was focused, the focus moves on to the next
 * item that is not deferred, or to nothing when it was the last.
 */
function itemDeferred(state: RoomState, itemId: string, agenda: AgendaEntry[], now: Date): Outcome {
  if (!agenda.some((entry) => entry.itemId === itemId))
    return fail('unknown_item', `Item ${itemId} is not on the agenda`);
  const paused = { ...state, timers: pauseItem(state, itemId, now) };
  if (state.focusedItemId !== itemId) return paused;
  const next = adjacent(agenda, itemId, 1);
  return next ? focusOn(paused, next, now) : { ...paused, focusedItemId: null };
}

/** Commands that only make sense while the meeting is live. */
function liveCommand(
  state: RoomState,
  command: Exclude<RoomCommand, { type: 'start' } | { type: 'end' }>,
  agenda: AgendaEntry[],
  now: Date,
): Outcome {
  if (state.status !== 'live') return fail('not_live', `The meeting is ${state.status}, not live`);
  switch (command.type) {
    case 'focus':
      return focus(state, command.itemId, agenda, now);
    case 'next':
      return step(state, 1, agenda, now);
    case 'previous':
      return step(state, -1, agenda, now);
    case 'raise_hand':
      return raiseHand(state, command.userId);
    case 'lower_hand':
      return lowerHand(state, command.userId);
    case 'give_floor':
      return giveFloor(state, command.userId);
    case 'release_floor':
      return releaseFloor(state);
    case 'item_discussed':
      return itemDiscussed(state, command.itemId, agenda, now);
    case 'item_deferred':
      return itemDeferred(state, command.itemId, agenda, now);
  }
}

/**
 * The only way the room state changes. Accepted commands return a new state with `version`
 * incremented; a command that is accepted but changes nothing (focusing the focused item,
 * raising a raised hand, lowering an absent one, releasing a free floor) returns the input
 * state itself, version unchanged. The input is never mutated.
 */
export function applyRoomCommand(
  state: RoomState,
  command: RoomCommand,
  agenda: AgendaEntry[],
  now: Date,
): RoomResult {
  const outcome =
    command.type === 'start'
      ? start(state, agenda, now)
      : command.type === 'end'
        ? end(state, agenda, now)
        : liveCommand(state, command, agenda, now);
  if (outcome === null) return { ok: true, state };
  if (isResult(outcome)) return outcome;
  return { ok: true, state: { ...outcome, version: state.version + 1 } };
}
