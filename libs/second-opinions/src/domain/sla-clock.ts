import { SecondOpinionPriority, TurnaroundClockView } from '@app/contracts';
import { assertInstant, days } from '@app/core';

/**
 * What moves a second opinion's turnaround clock:
 * - `records_complete`: the records checklist is complete (or the coordinator waived what is
 *   missing); the clock starts, or runs again after a pause;
 * - `records_requested`: records were requested from the referrer; once the clock has started,
 *   it pauses until the records are complete again;
 * - `opinion_delivered`: the written opinion went to the referrer; the clock stops for good.
 */
export type SlaEventType = 'records_complete' | 'records_requested' | 'opinion_delivered';

export interface SlaEvent {
  type: SlaEventType;
  at: Date;
}

/**
 * - `not_started`: the records have never been complete, so turnaround has not begun;
 * - `running`: the reviewers have everything and the clock counts;
 * - `paused`: records are awaited from the referrer and the clock does not count;
 * - `stopped`: the opinion was delivered.
 */
export type SlaClockState = 'not_started' | 'running' | 'paused' | 'stopped';

/** A time the clock stood still while records were awaited; `to` is null while they still are. */
export interface PauseInterval {
  from: Date;
  to: Date | null;
}

export interface SlaClock {
  state: SlaClockState;
  /** When the records were first complete; null before. */
  startedAt: Date | null;
  /** When the opinion was delivered; null before. */
  stoppedAt: Date | null;
  /** Wall-clock milliseconds the clock ran: start to delivery (or now), pauses left out. */
  elapsedMs: number;
  /** Wall-clock milliseconds spent in pauses, an open pause counted up to now. */
  pausedMs: number;
  /** Every pause since the start, oldest first. */
  pauses: PauseInterval[];
}

/** Turnaround target per priority, in wall-clock milliseconds (see `days`). */
export type SlaTargets = Readonly<Record<SecondOpinionPriority, number>>;

/**
 * Default targets: 10 days for a routine request, 3 days for an urgent one, counted as
 * wall-clock days of 24 hours (weekends and holidays included) of running clock.
 */
export const DEFAULT_SLA_TARGETS: SlaTargets = Object.freeze({
  routine: days(10),
  urgent: days(3),
});

/** A clock at or beyond this percent of its target, but not beyond the target, is at risk. */
export const SLA_AT_RISK_PERCENT = 80;

/**
 * - `on_track`: below 80 % of the target;
 * - `at_risk`: from 80 % of the target up to the target itself (delivering exactly on the
 *   target meets it);
 * - `breached`: beyond the target.
 */
export type SlaStatus = 'on_track' | 'at_risk' | 'breached';

interface ClockProgress {
  state: SlaClockState;
  startedAt: Date | null;
  stoppedAt: Date | null;
  pauses: PauseInterval[];
}

/**
 * The turnaround clock of a second opinion at `now`, from its events in the order they happened.
 *
 * The clock starts at the first `records_complete` and stops at `opinion_delivered`. Each
 * `records_requested` after the start (including after a first completion, when the reviewer
 * finds something missing) opens a pause that the next `records_complete` closes; requesting
 * more records while already paused keeps the one open pause. Requests before the start are the
 * initial collection: they leave the clock not started and open no pause.
 *
 * Refused as programming errors (throw), so that a stored history is never silently reread:
 * - an event earlier than the one before it (equal instants are fine: list order decides);
 * - `records_complete` while records are already complete (clock running);
 * - `opinion_delivered` before the records were ever complete, or while records are awaited
 *   (the coordinator first marks them complete or waives them);
 * - any event after the opinion was delivered;
 * - an Invalid Date, or `now` earlier than the last event.
 *
 * Elapsed and paused times are wall-clock milliseconds; a running or paused clock is measured up
 * to `now`, a stopped one up to delivery.
 */
export function slaClock(events: readonly SlaEvent[], now: Date): SlaClock {
  assertChronological(events, now);
  const progress = events.reduce<ClockProgress>(advance, {
    state: 'not_started',
    startedAt: null,
    stoppedAt: null,
    pauses: [],
  });
  const end = progress.stoppedAt ?? now;
  const pausedMs = progress.pauses.reduce(
    (total, pause) => total + ((pause.to ?? end).getTime() - pause.from.getTime()),
    0,
  );
  const runningMs = progress.startedAt === null ? 0 : end.getTime() - progress.startedAt.getTime();
  return { ...progress, elapsedMs: runningMs - pausedMs, pausedMs };
}

/**
 * Where a clock that has run `elapsedMs` stands against `targetMs` (see `SlaStatus`). The
 * comparison with 80 % is done in whole-number arithmetic (100·elapsed ≥ 80·target).
 */
export function slaStatus(elapsedMs: number, targetMs: number): SlaStatus {
  if (!Number.isFinite(elapsedMs) || elapsedMs < 0)
    throw new Error(`elapsed time must be a finite number ≥ 0, got ${elapsedMs}`);
  assertTarget(targetMs);
  if (elapsedMs > targetMs) return 'breached';
  if (100 * elapsedMs >= SLA_AT_RISK_PERCENT * targetMs) return 'at_risk';
  return 'on_track';
}

/** The turnaround target for `priority`; every target must be a whole number of ms above 0. */
export function slaTargetFor(
  priority: SecondOpinionPriority,
  targets: SlaTargets = DEFAULT_SLA_TARGETS,
): number {
  const target = targets[priority];
  assertTarget(target);
  return target;
}

/** `slaStatus` of a clock against the target of its request's priority. */
export function slaStatusFor(
  clock: SlaClock,
  priority: SecondOpinionPriority,
  targets: SlaTargets = DEFAULT_SLA_TARGETS,
): SlaStatus {
  return slaStatus(clock.elapsedMs, slaTargetFor(priority, targets));
}

/** The turnaround clock of a request of this priority at `now`, from its events, as the API shows it. */
export function turnaroundClockView(
  events: readonly SlaEvent[],
  priority: SecondOpinionPriority,
  targets: SlaTargets,
  now: Date,
): TurnaroundClockView {
  const clock = slaClock(events, now);
  return {
    state: clock.state,
    startedAt: clock.startedAt?.toISOString() ?? null,
    stoppedAt: clock.stoppedAt?.toISOString() ?? null,
    elapsedMs: clock.elapsedMs,
    pausedMs: clock.pausedMs,
    pauses: clock.pauses.map((pause) => ({
      from: pause.from.toISOString(),
      to: pause.to?.toISOString() ?? null,
    })),
    targetMs: slaTargetFor(priority, targets),
    status: slaStatusFor(clock, priority, targets),
  };
}

function assertTarget(targetMs: number): void {
  if (!Number.isInteger(targetMs) || targetMs <= 0)
    throw new Error(`an SLA target is a whole number of milliseconds > 0, got ${targetMs}`);
}

function eventLabel(event: SlaEvent, index: number): string {
  return `event ${index} (${event.type} at ${event.at.toISOString()})`;
}

function assertChronological(events: readonly SlaEvent[], now: Date): void {
  events.forEach((event, index) => assertInstant(event.at, `event ${index} (${event.type})`));
  assertInstant(now, 'now');
  events.forEach((event, index) => {
    const previous = events[index - 1];
    if (previous !== undefined && event.at.getTime() < previous.at.getTime())
      throw new Error(
        `${eventLabel(event, index)} is earlier than ${eventLabel(previous, index - 1)}`,
      );
  });
  const last = events[events.length - 1];
  if (last !== undefined && now.getTime() < last.at.getTime())
    throw new Error(`now (${now.toISOString()}) is earlier than the last event`);
}

function advance(progress: ClockProgress, event: SlaEvent, index: number): ClockProgress {
  const refuse = (reason: string): never => {
    throw new Error(`${eventLabel(event, index)}: ${reason}`);
  };
  if (progress.state === 'stopped') return refuse('the opinion was already delivered');
  switch (event.type) {
    case 'records_complete':
      return recordsComplete(progress, event.at) ?? refuse('the records are already complete');
    case 'records_requested':
      return recordsRequested(progress, event.at);
    case 'opinion_delivered':
      return opinionDelivered(progress, event.at) ?? refuse(deliveryRefusal(progress.state));
  }
}

function recordsComplete(progress: ClockProgress, at: Date): ClockProgress | null {
  if (progress.state === 'not_started') return { ...progress, state: 'running', startedAt: at };
  if (progress.state !== 'paused') return null;
  const closed = progress.pauses.map((pause) => (pause.to === null ? { ...pause, to: at } : pause));
  return { ...progress, state: 'running', pauses: closed };
}

function recordsRequested(progress: ClockProgress, at: Date): ClockProgress {
  if (progress.state !== 'running') return progress;
  return { ...progress, state: 'paused', pauses: [...progress.pauses, { from: at, to: null }] };
}

function opinionDelivered(progress: ClockProgress, at: Date): ClockProgress | null {
  if (progress.state !== 'running') return null;
  return { ...progress, state: 'stopped', stoppedAt: at };
}

function deliveryRefusal(state: SlaClockState): string {
  return state === 'not_started'
    ? 'an opinion cannot be delivered before the records are complete'
    : 'records are still awaited: mark them complete or waived before delivering';
}
