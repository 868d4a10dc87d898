/**
 * The time source: every "now" the server reads comes from the Clock the application provides
 * (the system clock, or a fixed one in a test), so every rule that depends on it can be
 * evaluated at any instant. An abstract class so that it is its own injection token:
 * `constructor(private readonly clock: Clock)`.
 */
export abstract class Clock {
  abstract now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
