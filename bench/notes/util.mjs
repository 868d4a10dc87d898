// Small helpers shared by the notes benchmark: timing, waiting, statistics, logging.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wall-clock milliseconds with sub-millisecond precision, comparable across clients in this process. */
export const now = () => performance.timeOrigin + performance.now();

export function progress(message) {
  const elapsed = ((performance.now() / 1000) | 0).toString().padStart(4, ' ');
  process.stderr.write(`[notes-bench ${elapsed}s] ${message}\n`);
}

/** Rejects with a readable message when `promise` does not settle within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` (sync or async) until it returns a truthy value, or fails after `ms`. */
export async function waitFor(check, ms, what, intervalMs = 50) {
  const deadline = performance.now() + ms;
  let lastError = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      if (error?.fatal) throw error;
      lastError = error;
    }
    if (performance.now() > deadline) {
      const cause = lastError ? ` (last error: ${lastError.message ?? lastError})` : '';
      throw new Error(`timed out after ${ms} ms waiting for ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}

export const round = (value, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value)
    ? null
    : Number(value.toFixed(digits));

/** Nearest-rank percentiles of a list of numbers (the list is sorted in place). */
export function summarise(samples) {
  if (samples.length === 0)
    return { samples: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  samples.sort((a, b) => a - b);
  const at = (p) =>
    samples[Math.min(samples.length - 1, Math.max(0, Math.ceil(p * samples.length) - 1))];
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  return {
    samples: samples.length,
    p50: round(at(0.5), 2),
    p95: round(at(0.95), 2),
    p99: round(at(0.99), 2),
    max: round(samples[samples.length - 1], 2),
    mean: round(mean, 2),
  };
}

export const median = (values) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Runs `task(item, index)` over `items`, at most `concurrency` at a time, keeping results in order. */
export async function mapLimit(items, concurrency, task) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }),
  );
  return results;
}

export function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
}
