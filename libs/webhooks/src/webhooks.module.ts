import { DynamicModule, Module } from '@nestjs/common';
import { RecommendationWebhooks } from './recommendation-webhooks';
import { WebhookDispatcher } from './webhook.dispatcher';
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
      controllers: [WebhooksController],
      providers: [
        { provide: WEBHOOKS_SETTINGS, useValue: settings },
        WebhookService,
        WebhookDispatcher,
        RecommendationWebhooks,
      ],
    };
  }
}
