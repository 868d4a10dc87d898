import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export * from './webhooks.module';
export * from './webhooks-settings';
export * from './webhook.service';
export * from './webhook.dispatcher';
export * from './webhook-events';
export * from './webhook-endpoint.entity';
export * from './webhook-delivery.entity';
export * from './domain';

export const WEBHOOK_ENTITIES = [WebhookEndpoint, WebhookDelivery];
