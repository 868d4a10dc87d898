import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { MetricsConfig } from '../config/app-config';
import { AppMetrics } from './app-metrics';
import { METRICS_PATH, methodLabel, routeLabel, statusLabel } from './route-label';
import { answerScrape } from './scrape';

/**
 * On the main port: every request's duration in the HTTP histogram, labelled by the route that
 * answered it; and, when the metrics have no port of their own, `/metrics` behind the bearer
 * token, answered here before the web client, the API's guard and its global prefix.
 */
export function useMetrics(app: NestExpressApplication, config: MetricsConfig): void {
  const metrics = app.get(AppMetrics);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.once('close', () => {
      // The path before any mounted middleware (the web client's /assets) trimmed it.
      const path = request.originalUrl.split('?')[0];
      metrics.observeHttp(
        {
          method: methodLabel(request.method),
          route: routeLabel(request.route, path, response.statusCode),
          status: response.headersSent ? statusLabel(response.statusCode) : 'aborted',
        },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  });
  if (config.port !== null) return;
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.path !== METRICS_PATH) return next();
    answerScrape(metrics, config.token, request, response);
  });
}
