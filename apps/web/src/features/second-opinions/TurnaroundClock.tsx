import { Badge } from '../../ui/Page';
import { durationWords } from '../../ui/time';
import {
  CLOCK_STATE_LABELS,
  CLOCK_STATUS_LABELS,
  NOT_STARTED,
  elapsedOfTarget,
  isWaitingForRecords,
  type TurnaroundClock,
} from './clock';

/**
 * A request's turnaround clock: its status against the target (on track, at risk, breached),
 * the time used of the target, and whether it runs, waits for records or has stopped.
 */
export function TurnaroundClockSummary({
  clock,
  layout = 'stacked',
}: {
  clock: TurnaroundClock;
  layout?: 'stacked' | 'inline';
}) {
  // A clock that has not started has no standing against its target yet: only the target.
  const started = clock.state !== 'not_started';
  const status = started ? CLOCK_STATUS_LABELS[clock.status] : NOT_STARTED;
  return (
    <span className={`so-clock so-clock-${layout}`}>
      <span className="so-clock-line">
        <Badge tone={status.tone}>{status.label}</Badge>{' '}
        <span>{started ? elapsedOfTarget(clock) : `target ${durationWords(clock.targetMs)}`}</span>
      </span>{' '}
      <span
        className={
          isWaitingForRecords(clock)
            ? 'so-clock-state so-clock-paused'
            : 'so-clock-state muted small'
        }
      >
        {CLOCK_STATE_LABELS[clock.state]}
      </span>
    </span>
  );
}
