import type { Schemas } from '../../api/types';

export type TurnaroundClock = Schemas['TurnaroundClockView'];

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration as a coordinator reads it: "4 d 6 h", "5 h 20 min", "12 min". */
export function duration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe >= DAY) {
    const days = Math.floor(safe / DAY);
    const hours = Math.floor((safe % DAY) / HOUR);
    return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  }
  if (safe >= HOUR) {
    const hours = Math.floor(safe / HOUR);
    const minutes = Math.floor((safe % HOUR) / MINUTE);
    return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  return `${Math.floor(safe / MINUTE)} min`;
}

export const CLOCK_STATUS_LABELS: Record<TurnaroundClock['status'], { label: string; tone: Tone }> =
  {
    on_track: { label: 'On track', tone: 'success' },
    at_risk: { label: 'At risk', tone: 'warning' },
    breached: { label: 'Breached', tone: 'danger' },
  };

/** The badge of a clock that has not started: it stands neither on track nor behind. */
export const NOT_STARTED: { label: string; tone: Tone } = { label: 'Not started', tone: 'neutral' };

/** What the clock is doing, in words: it runs only while the records are complete. */
export const CLOCK_STATE_LABELS: Record<TurnaroundClock['state'], string> = {
  not_started: 'Waiting for the records',
  running: 'Running',
  paused: 'Paused: records awaited',
  stopped: 'Stopped: opinion delivered',
};

/** "2 d 4 h of 10 d": the turnaround used against the target for the request's priority. */
export function elapsedOfTarget(clock: TurnaroundClock): string {
  return `${duration(clock.elapsedMs)} of ${duration(clock.targetMs)}`;
}

/** Whether the clock waits on records (not yet started, or paused for more). */
export function isWaitingForRecords(clock: TurnaroundClock): boolean {
  return clock.state === 'not_started' || clock.state === 'paused';
}
