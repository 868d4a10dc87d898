export interface WebhooksSettings {
  /** How often each instance looks for due deliveries. */
  pollIntervalMs: number;
  /** First retry delay; doubles per failed attempt, capped at 1 hour (see `retryDelayMs`). */
  retryBaseMs: number;
  /** Attempts (the first included) before a delivery is marked failed. */
  maxAttempts: number;
  /** Per-request timeout, connection to response body. */
  timeoutMs: number;
  /** Refuse plain-http endpoint URLs (production). */
  requireHttps: boolean;
}

export const WEBHOOKS_SETTINGS = Symbol('WebhooksSettings');
