export interface CompactionPolicy {
  /** Compact once this many updates have accumulated since the last snapshot. */
  maxUpdates: number;
  /** … or once they weigh this many bytes. */
  maxBytes: number;
}

export interface PendingLog {
  updates: number;
  bytes: number;
}

export function shouldCompact(log: PendingLog, policy: CompactionPolicy): boolean {
  return log.updates >= policy.maxUpdates || log.bytes >= policy.maxBytes;
}

/** Delay before the next attempt after `failures` consecutive failed writes: 100 ms doubling, capped. */
export function retryDelayMs(failures: number, capMs = 5_000): number {
  if (failures <= 0) return 0;
  return Math.min(capMs, 100 * 2 ** Math.min(failures - 1, 16));
}
