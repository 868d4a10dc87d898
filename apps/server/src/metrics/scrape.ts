import { Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppMetrics } from './app-metrics';
import { scrapeAuthorised } from './scrape-access';

const logger = new Logger('metrics');
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

/**
 * Answers a request for `/metrics` (the caller has checked the path): the bearer token when one
 * is configured, GET or HEAD only, no query; then the exposition, never cached. Refusals have the
 * API's error shape.
 */
export function answerScrape(
  metrics: AppMetrics,
  token: string | null,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (!scrapeAuthorised(request.headers.authorization, token)) {
    response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    return refuse(response, 401, 'scraping the metrics needs the metrics bearer token');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return refuse(response, 405, 'the metrics are read with GET');
  }
  if ((request.url ?? '').includes('?'))
    return refuse(response, 400, 'the metrics take no parameters');
  metrics.scrape().then(
    ({ body, contentType }) => {
      response.statusCode = 200;
      response.setHeader('Content-Type', contentType);
      response.setHeader('Cache-Control', 'no-store');
      response.setHeader('Content-Length', Buffer.byteLength(body));
      response.end(request.method === 'HEAD' ? undefined : body);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'collecting the metrics failed');
      refuse(response, 500, 'the metrics could not be collected');
    },
  );
}

/** An error answer in the API's shape, `{ statusCode, error, message }`. */
export function refuse(response: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ statusCode: status, error: REASONS[status] ?? 'Error', message });
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(body);
}
