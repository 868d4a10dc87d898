import { EventTopic } from '@app/core';

/**
 * One attempt at a webhook delivery, once its outcome is recorded: `delivered`; `retrying` (it
 * failed and is tried again later); `failed` (it failed for good, its last allowed attempt).
 */
export type WebhookEvent = { type: 'attempted'; outcome: 'delivered' | 'retrying' | 'failed' };

/** Webhook delivery events on the domain event bus, for operations (the metrics). */
export const WEBHOOK_EVENTS = new EventTopic<WebhookEvent>('webhook');
