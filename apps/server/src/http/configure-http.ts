import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { FORBIDDEN_INPUT_KEYS } from '@app/core';
import { AppConfig } from '../config/app-config';
import { useMetrics } from '../metrics/http-metrics';
import { createOpenApiDocument } from './api-document';
import { ErrorFilter } from './error.filter';
import { requestContextMiddleware } from './request-context.middleware';
import { RefuseDeepNesting, RefuseNulCharacters, createValidationPipe } from './validation';
import { cspNonce, serveWebClient } from './web-client';

export const API_PREFIX = 'api/v1';

/**
 * `__proto__` and `constructor` keys are never legitimate input, and the
 * validation layer would silently drop rather than refuse them; refusing them
 * at parse time gives a clear 400 and rules out prototype pollution.
 */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_INPUT_KEYS.has(key)) throw new SyntaxError(`"${key}" is not allowed as a key`);
  return value;
}

/**
 * The web client's policy: scripts, styles, fonts, workers and connections from this origin
 * only; no inline script, no eval, no framing, no plugins. Scripts may compile WebAssembly
 * (`'wasm-unsafe-eval'`): the imaging viewer's decoders of compressed DICOM frames are WASM,
 * run in module workers from this origin (`worker-src 'self'`). The one exception is the style
 * elements the accessibility library inserts at run time (touch-action for pressable elements,
 * scroll locking under a modal): they carry the per-request nonce the shell hands it (see
 * web-client.ts). The API documentation's UI keeps helmet's default policy (it needs inline
 * styles); nothing else does.
 */
export const CLIENT_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'none'"],
  // WebAssembly compilation only (the imaging viewer's image decoders), never eval of strings.
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  mediaSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

function securityHeaders(config: AppConfig): RequestHandler {
  // Outside production the server is reached over plain http://localhost,
  // where upgrading subresources to https would break the pages.
  const upgradeInsecureRequests = config.production ? [] : null;
  const client = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...CLIENT_CSP_DIRECTIVES,
        styleSrc: [
          ...CLIENT_CSP_DIRECTIVES.styleSrc,
          (_request, response) => `'nonce-${cspNonce(response)}'`,
        ],
        upgradeInsecureRequests,
      },
    },
  });
  const docs = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests } } });
  return (request, response, next) => {
    if (request.path.startsWith('/api/docs')) return docs(request, response, next);
    response.locals.cspNonce = randomBytes(16).toString('base64');
    return client(request, response, next);
  };
}

/** Everything about the HTTP surface that is not a route: shared by main and the e2e tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  if (config.metrics) useMetrics(app, config.metrics);
  app.use(securityHeaders(config));
  app.use(cookieParser());
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: false,
    exposedHeaders: ['X-Request-Id'],
    maxAge: 600,
  });
  app.useBodyParser('json', {
    limit: config.bodyLimitBytes,
    strict: true,
    reviver: refusePrototypeKeys,
  });
  app.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(new RefuseDeepNesting(), new RefuseNulCharacters(), createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());

  SwaggerModule.setup('api/docs', app, createOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
  });
  serveWebClient(app, config.webDir);
  return app;
}
