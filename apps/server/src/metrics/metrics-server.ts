import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsConfig } from '../config/app-config';
import { AppMetrics } from './app-metrics';
import { METRICS_PATH } from './route-label';
import { answerScrape, refuse } from './scrape';

export const METRICS_CONFIG = Symbol('MetricsConfig');

/**
 * The metrics port (METRICS_PORT): a bare HTTP server that answers `/metrics` and nothing else
 * (exact path, no query), behind the bearer token if one is configured. Small header and time
 * limits: nothing legitimate sends more than a scraper's few headers.
 */
@Injectable()
export class MetricsServer implements OnModuleDestroy {
  private server: Server | null = null;

  constructor(
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    private readonly metrics: AppMetrics,
  ) {}

  /** Opens the metrics port, if one is configured; returns its address. */
  async listen(): Promise<AddressInfo | null> {
    if (this.config.port === null || this.server) return this.address();
    const server = createServer(
      { maxHeaderSize: 8 * 1024, requestTimeout: 10_000, headersTimeout: 5_000 },
      (request, response) => this.answer(request, response),
    );
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port ?? 0, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return this.address();
  }

  address(): AddressInfo | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address : null;
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    // The raw path, not a normalised one: `/x/../metrics` is not `/metrics`.
    if ((request.url ?? '').split('?')[0] !== METRICS_PATH)
      return refuse(response, 404, 'this port serves /metrics only');
    answerScrape(this.metrics, this.config.token, request, response);
  }
}
