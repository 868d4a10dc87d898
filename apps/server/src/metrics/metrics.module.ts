import { DynamicModule, Module } from '@nestjs/common';
import type { MetricsConfig } from '../config/app-config';
import { AppMetrics } from './app-metrics';
import { METRICS_CONFIG, MetricsServer } from './metrics-server';

/**
 * Prometheus metrics. In the application, not a lib of their own: they read every context
 * (live, notes, media, voting, webhooks, persistence), which only the application composes.
 */
@Module({})
export class MetricsModule {
  static register(config: MetricsConfig): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS_CONFIG, useValue: config }, AppMetrics, MetricsServer],
      exports: [AppMetrics, MetricsServer],
    };
  }
}
