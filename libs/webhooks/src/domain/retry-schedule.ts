/** No retry is ever scheduled further out than this (1 hour). */
export const MAX_WEBHOOK_RETRY_DELAY_MS = 3_600_000;

/**
 * How long to wait before the next attempt after `attempt` attempts have
 * failed: `baseMs · 2^(attempt − 1)`, capped at `capMs` (1 hour by default).
 * Deliberately without jitter, so the schedule is predictable and testable;
 * the dispatcher spreads load by claiming in batches instead.
 *
 * With the default base of 30 s: 30 s, 1 min, 2 min, 4 min, 8 min, 16 min,
 * 32 min, then 1 h for every later attempt; eight attempts span about 63 min.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  capMs = MAX_WEBHOOK_RETRY_DELAY_MS,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a whole number ≥ 1 (got ${attempt})`);
  }
  if (!Number.isFinite(baseMs) || baseMs <= 0) {
    throw new RangeError(`baseMs must be a positive number (got ${baseMs})`);
  }
  if (!Number.isFinite(capMs) || capMs < baseMs) {
    throw new RangeError(`capMs must be at least baseMs (got ${capMs})`);
  }
  // 2^(attempt-1) overflows to Infinity for huge attempts; the cap absorbs it.
  return Math.min(baseMs * 2 ** (attempt - 1), capMs);
}
