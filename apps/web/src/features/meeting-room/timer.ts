import type { LiveTimerView } from '@app/contracts';

export interface TimerReading {
  /** Seconds spent on the item so far. */
  elapsed: number;
  /** Seconds left of its allotted time; negative once it overruns. */
  remaining: number;
  overrun: boolean;
  running: boolean;
}

/** The item's timer now: the server's figures at `receivedAt`, advanced while it runs. */
export function readTimer(timer: LiveTimerView, receivedAt: number, now: number): TimerReading {
  const since = timer.running ? Math.max(0, Math.floor((now - receivedAt) / 1000)) : 0;
  const elapsed = timer.elapsedSeconds + since;
  const remaining = timer.allottedSeconds - elapsed;
  return { elapsed, remaining, overrun: remaining < 0, running: timer.running };
}

/** "4:05", "0:09", "1:02:03": minutes and seconds, hours when there are any. */
export function clock(seconds: number): string {
  const whole = Math.abs(Math.trunc(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** What a screen reader hears: "3 minutes 5 seconds left" or "1 minute over time". */
export function timerWords(reading: TimerReading): string {
  const seconds = Math.abs(reading.remaining);
  const minutes = Math.floor(seconds / 60);
  const parts = [
    minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : null,
    minutes < 5 ? `${seconds % 60} second${seconds % 60 === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  return `${parts.join(' ') || '0 seconds'} ${reading.overrun ? 'over time' : 'left'}`;
}
