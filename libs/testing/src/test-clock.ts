import { Clock } from '@app/core';

/**
 * The application's Clock in a test: the system time until the test sets an instant, then that
 * instant until it sets another. Every "now" the application reads (its time rules and the times
 * it stores) follows it; the system time does not move.
 */
export class TestClock implements Clock {
  private instant: Date | null = null;

  now(): Date {
    return this.instant ? new Date(this.instant) : new Date();
  }

  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }
}
