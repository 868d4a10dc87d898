import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import express, { NextFunction, Request, Response } from 'express';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';

/** Where index.html carries the request's style nonce: `<meta property="csp-nonce" nonce="…">`. */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/** The nonce the security headers put in this response's Content-Security-Policy. */
export function cspNonce(response: ServerResponse): string {
  const locals = (response as ServerResponse & { locals?: { cspNonce?: unknown } }).locals;
  return typeof locals?.cspNonce === 'string' ? locals.cspNonce : '';
}

/** The shell, read once per build (re-read when the file changes). */
class Shell {
  private cached: { mtimeMs: number; html: string } | null = null;

  constructor(private readonly path: string) {}

  async html(): Promise<string | null> {
    const info = await stat(this.path).catch(() => null);
    if (!info) return null;
    if (this.cached?.mtimeMs !== info.mtimeMs) {
      this.cached = { mtimeMs: info.mtimeMs, html: await readFile(this.path, 'utf8') };
    }
    return this.cached.html;
  }
}

/** Paths the server answers itself; everything else a browser navigates to is the client's. */
const SERVER_PREFIXES = ['/api/', '/api', '/socket.io', '/collab', '/health', '/metrics'];

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** The referrer's pages, opened from a link whose token is in the path: never stored anywhere. */
const TOKEN_PAGE = /^\/(?:uploads|opinions)\/[^/]+/;

/**
 * Serves the built web client from `webDir` at `/`, same origin as the API: hashed assets
 * cached for a year, the app shell never cached (never stored at all for the referrer's pages,
 * whose path carries a link token), and every client-side route (a GET that wants HTML and is
 * not a server path) answered with the shell. When the client is not
 * built, `/` says so in plain words instead of a 404 body.
 */
export function serveWebClient(app: NestExpressApplication, webDir: string): void {
  const shell = new Shell(join(webDir, 'index.html'));
  // Only the client's own static files are compressed: never API responses, where a secret
  // (a token) next to reflected input would open the door to compression side channels (BREACH).
  app.use('/assets', compression());
  app.use(
    '/assets',
    express.static(join(webDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
    }),
  );
  // A missing hashed asset is a stale page asking for an old build: a plain 404, never the shell.
  app.use('/assets', (_request: Request, response: Response) => {
    response.status(404).type('text/plain').send('Not found');
  });
  // The client's other files (favicon, manifest): never looked for on disk for the server's own
  // paths, which every API request would otherwise pay a file-system lookup for.
  const rootFiles = express.static(webDir, { index: false, maxAge: '1h', redirect: false });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (isServerPath(request.path)) return next();
    rootFiles(request, response, next);
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (isServerPath(request.path) || !request.accepts('html')) return next();
    shell.html().then((html) => {
      if (html === null) {
        response
          .status(503)
          .type('text/plain')
          .send(
            'The web client is not built. Run `npm run build:web` (npm start does it for you).',
          );
        return;
      }
      response.setHeader('Cache-Control', TOKEN_PAGE.test(request.path) ? 'no-store' : 'no-cache');
      response.type('html').send(html.replaceAll(NONCE_PLACEHOLDER, cspNonce(response)));
    }, next);
  });
}
