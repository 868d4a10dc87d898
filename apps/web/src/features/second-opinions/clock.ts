import type { Schemas } from '../../api/types';
import { durationWords } from '../../ui/time';

export type TurnaroundClock = Schemas['TurnaroundClockView'];

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

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
  return `${durationWords(clock.elapsedMs)} of ${durationWords(clock.targetMs)}`;
}

/** Whether the clock waits on records (not yet started, or paused for more). */
export function isWaitingForRecords(clock: TurnaroundClock): boolean {
  return clock.state === 'not_started' || clock.state === 'paused';
}
