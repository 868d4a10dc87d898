import { Badge } from '../../ui/Page';
import {
  CLOCK_STATE_LABELS,
  CLOCK_STATUS_LABELS,
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
  const status = CLOCK_STATUS_LABELS[clock.status];
  const waiting = isWaitingForRecords(clock);
  return (
    <span className={`so-clock so-clock-${layout}`}>
      <span className="so-clock-line">
        <Badge tone={status.tone}>{status.label}</Badge> <span>{elapsedOfTarget(clock)}</span>
      </span>{' '}
      <span className={waiting ? 'so-clock-state so-clock-paused' : 'so-clock-state muted small'}>
        {waiting ? (
          <>
            <span aria-hidden="true">⏸ </span>
            {CLOCK_STATE_LABELS[clock.state]}
          </>
        ) : (
          CLOCK_STATE_LABELS[clock.state]
        )}
      </span>
    </span>
  );
}
