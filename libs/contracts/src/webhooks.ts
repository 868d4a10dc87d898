/** An outgoing webhook endpoint of a board. The signing secret is never part of it. */
export interface WebhookEndpointView {
  id: string;
  boardId: string;
  /** Where deliveries are POSTed. */
  url: string;
  description: string;
  /** Deactivated endpoints receive nothing new; they stay listed with their delivery log. */
  active: boolean;
  createdBy: string;
  createdAt: string;
}

/**
 * The answer to a registration: the endpoint with its signing secret, shown
 * this once and never again. Receivers verify `X-TumorBoard-Signature`
 * (`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`) with it.
 */
export interface RegisteredWebhookEndpointView extends WebhookEndpointView {
  secret: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event sent (or being sent) to one endpoint, with the outcome of its latest attempt. */
export interface WebhookDeliveryView {
  /** Also sent as `X-TumorBoard-Delivery` and as `id` in the body: receivers dedupe on it. */
  id: string;
  endpointId: string;
  event: string;
  subjectId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  /** HTTP status of the latest attempt; null when it got no answer (network error, timeout). */
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
