import { DynamicModule, Module } from '@nestjs/common';
import { RecommendationWebhooks } from './recommendation-webhooks';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookService } from './webhook.service';
import { WEBHOOKS_SETTINGS, WebhooksSettings } from './webhooks-settings';
import { WebhooksController } from './webhooks.controller';

@Module({})
export class WebhooksModule {
  /** Needs the boards and voting contexts (their modules, global) in the application. */
  static register(settings: WebhooksSettings): DynamicModule {
    const positive = ['pollIntervalMs', 'retryBaseMs', 'maxAttempts', 'timeoutMs'] as const;
    for (const key of positive) {
      if (!Number.isInteger(settings[key]) || settings[key] < 1) {
        throw new Error(`WebhooksModule: ${key} must be a positive whole number`);
      }
    }
    return {
      module: WebhooksModule,
      // Global: the application's metrics read the delivery queue through the dispatcher.
      global: true,
      controllers: [WebhooksController],
      providers: [
        { provide: WEBHOOKS_SETTINGS, useValue: settings },
        WebhookEndpointRepository,
        WebhookDeliveryRepository,
        WebhookService,
        WebhookDispatcher,
        RecommendationWebhooks,
      ],
      exports: [WebhookDispatcher],
    };
  }
}
