import { DynamicModule, Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhookService } from './webhook.service';
import { WEBHOOKS_SETTINGS, WebhooksSettings } from './webhooks-settings';
import { WebhooksController } from './webhooks.controller';

@Module({})
export class WebhooksModule {
  /** Needs the boards context (BoardsModule.register, global) in the application. */
  static register(settings: WebhooksSettings): DynamicModule {
    const positive = ['pollIntervalMs', 'retryBaseMs', 'maxAttempts', 'timeoutMs'] as const;
    for (const key of positive) {
      if (!Number.isInteger(settings[key]) || settings[key] < 1) {
        throw new Error(`WebhooksModule: ${key} must be a positive whole number`);
      }
    }
    return {
      module: WebhooksModule,
      // Global: publishing a recommendation (voting) enqueues its deliveries.
      global: true,
      controllers: [WebhooksController],
      providers: [
        { provide: WEBHOOKS_SETTINGS, useValue: settings },
        WebhookService,
        WebhookDispatcher,
      ],
      exports: [WebhookService],
    };
  }
}
