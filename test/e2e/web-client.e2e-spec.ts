import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { TestApp, createUser, startTestApp, TEST_PASSWORD } from '../support/test-app';

const SHELL =
  '<!doctype html><html><head><meta property="csp-nonce" nonce="__CSP_NONCE__"><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>';

function nonceIn(html: string): string | undefined {
  return /nonce="([^"]+)"/.exec(html)?.[1];
}

function directives(policy: string | undefined): Map<string, string[]> {
  return new Map(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('the web client at /', () => {
  let t: TestApp;
  let webDir: string;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'tumor-board-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), SHELL);
    await writeFile(join(webDir, 'assets', 'app-1a2b.js'), 'console.log("client");\n'.repeat(200));
    await writeFile(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await startTestApp({ WEB_DIR: webDir });
  });

  afterAll(async () => {
    await t.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it('serves the app shell at / and at every client route, never cached', async () => {
    for (const path of [
      '/',
      '/boards',
      '/cases/3f6c1f1e-0000-4000-8000-000000000000',
      '/accept-invitation?token=abc',
    ]) {
      const response = await request(t.http).get(path).set('Accept', 'text/html').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toBe(SHELL.replace('__CSP_NONCE__', nonceIn(response.text)!));
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the referrer’s link pages, whose path carries the token, never stored and never sent as a referrer', async () => {
    const token = 'Xk3_q9-ZpL0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345';
    for (const path of [`/uploads/${token}`, `/opinions/${token}`, `/opinions/${token}?lang=ar`]) {
      const response = await request(t.http).get(path).set('Accept', 'text/html').expect(200);
      expect(response.text).toBe(SHELL.replace('__CSP_NONCE__', nonceIn(response.text)!));
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
    // The API behind them stays the API's, with the token's own answer (here: no such link).
    const api = await request(t.http).get(`/api/v1/uploads/${token}`).set('Accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.text).not.toContain('<div id="root">');
  });

  it('serves hashed assets for a year and answers a missing asset 404, not with the shell', async () => {
    const asset = await request(t.http)
      .get('/assets/app-1a2b.js')
      .set('Accept-Encoding', 'gzip')
      .expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['cache-control']).toContain('max-age=31536000');
    expect(asset.headers['content-encoding']).toBe('gzip');
    const api = await request(t.http).get('/api/docs-json').set('Accept-Encoding', 'gzip');
    expect(api.headers['content-encoding']).toBeUndefined();
    const missing = await request(t.http).get('/assets/gone-0000.js').set('Accept', 'text/html');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<div id="root">');
    await request(t.http).get('/favicon.svg').expect(200);
  });

  it('leaves the API, sockets, notes and health to the server', async () => {
    const api = await request(t.http).get('/api/v1/nope').set('Accept', 'text/html').expect(404);
    expect(api.body.message).toBe('no such route');
    const health = await request(t.http).get('/health').set('Accept', 'text/html').expect(200);
    expect(health.headers['content-type']).toMatch(/json/);
    const collab = await request(t.http).get('/collab/cases/x').set('Accept', 'text/html');
    expect(collab.text).not.toContain('<div id="root">');
    const socket = await request(t.http)
      .get('/socket.io/?EIO=4&transport=polling')
      .set('Accept', 'text/html');
    expect(socket.text).not.toContain('<div id="root">');
    const post = await request(t.http).post('/boards').set('Accept', 'text/html').send({});
    expect(post.status).toBe(404);
  });

  it('sends the client a strict Content-Security-Policy and keeps the API docs working', async () => {
    const shell = await request(t.http).get('/').set('Accept', 'text/html');
    const policy = directives(shell.headers['content-security-policy']);
    // Styles from the origin, plus the style elements the accessibility library inserts, which
    // carry this response's nonce (handed to it in the shell); a new nonce every time.
    const nonce = nonceIn(shell.text);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const again = await request(t.http).get('/').set('Accept', 'text/html');
    expect(nonceIn(again.text)).not.toBe(nonce);
    // The whole policy, directive by directive, and nothing more. Scripts may compile
    // WebAssembly (the imaging viewer's decoders) but never eval strings; workers (the decoders'
    // module workers) come from this origin only.
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'self'"],
      'base-uri': ["'none'"],
      'script-src': ["'self'", "'wasm-unsafe-eval'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", `'nonce-${nonce}'`],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'worker-src': ["'self'"],
      'media-src': ["'self'", 'blob:'],
      'object-src': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
    const all = shell.headers['content-security-policy'] as string;
    expect(all).not.toContain('unsafe-inline');
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain('unsafe-hashes');
    // The same policy on a hashed asset (the viewer's decoder workers are assets).
    const asset = await request(t.http).get('/assets/app-1a2b.js');
    expect(directives(asset.headers['content-security-policy']).get('script-src')).toEqual([
      "'self'",
      "'wasm-unsafe-eval'",
    ]);
    const docs = await request(t.http).get('/api/docs/').expect(200);
    expect(docs.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('says plainly when the client is not built', async () => {
    const bare = await startTestApp({ WEB_DIR: join(webDir, 'absent') });
    try {
      const response = await request(bare.http).get('/').set('Accept', 'text/html').expect(503);
      expect(response.text).toContain('npm run build:web');
    } finally {
      await bare.close();
    }
  });
});

describe('refresh token in an HttpOnly cookie for the web client', () => {
  let t: TestApp;
  let email: string;
  const transport = { 'X-Refresh-Token-Transport': 'cookie' };

  beforeAll(async () => {
    t = await startTestApp();
    email = (await createUser(t)).email;
  });

  afterAll(() => t.close());

  function cookieOf(response: request.Response): string {
    const header = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const cookie = header.find((value) => value.startsWith('tb_refresh='));
    if (!cookie) throw new Error(`no refresh cookie in ${JSON.stringify(header)}`);
    return cookie;
  }

  it('keeps the refresh token out of the body and in a scoped HttpOnly SameSite=Strict cookie', async () => {
    const login = await request(t.http)
      .post('/api/v1/auth/login')
      .set(transport)
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    expect(login.body.refreshToken).toBeUndefined();
    expect(login.body.accessToken).toEqual(expect.any(String));
    expect(login.headers['cache-control']).toBe('no-store');
    const cookie = cookieOf(login);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
  });

  it('rotates the cookie on refresh; a reused one revokes the session and is cleared', async () => {
    const login = await request(t.http)
      .post('/api/v1/auth/login')
      .set(transport)
      .send({ email, password: TEST_PASSWORD });
    const first = cookieOf(login).split(';')[0]!;
    const refreshed = await request(t.http)
      .post('/api/v1/auth/refresh')
      .set(transport)
      .set('Cookie', first)
      .send({})
      .expect(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    const second = cookieOf(refreshed).split(';')[0]!;
    expect(second).not.toBe(first);

    const reused = await request(t.http)
      .post('/api/v1/auth/refresh')
      .set(transport)
      .set('Cookie', first)
      .send({})
      .expect(401);
    expect(reused.body.message).toContain('already used');
    expect(cookieOf(reused)).toMatch(/tb_refresh=;/);
    await request(t.http)
      .post('/api/v1/auth/refresh')
      .set(transport)
      .set('Cookie', second)
      .send({})
      .expect(401);
  });

  it('ignores the cookie without the transport header (no cross-site refresh) and explains what is missing', async () => {
    const login = await request(t.http)
      .post('/api/v1/auth/login')
      .set(transport)
      .send({ email, password: TEST_PASSWORD });
    const cookie = cookieOf(login).split(';')[0]!;
    const refused = await request(t.http)
      .post('/api/v1/auth/refresh')
      .set('Cookie', cookie)
      .send({})
      .expect(400);
    expect(refused.body.details).toEqual([
      { field: 'refreshToken', message: 'refreshToken is required' },
    ]);
    await request(t.http)
      .post('/api/v1/auth/refresh')
      .set(transport)
      .set('Cookie', cookie)
      .send({})
      .expect(200);
  });

  it('clears the cookie on logout, and API clients keep body tokens', async () => {
    const login = await request(t.http)
      .post('/api/v1/auth/login')
      .set(transport)
      .send({ email, password: TEST_PASSWORD });
    const cookie = cookieOf(login).split(';')[0]!;
    const logout = await request(t.http)
      .post('/api/v1/auth/logout')
      .set(transport)
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .set('Cookie', cookie)
      .expect(200);
    expect(cookieOf(logout)).toMatch(/tb_refresh=;/);
    await request(t.http)
      .post('/api/v1/auth/refresh')
      .set(transport)
      .set('Cookie', cookie)
      .send({})
      .expect(401);

    const api = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    expect(api.body.refreshToken).toEqual(expect.any(String));
    expect(api.headers['set-cookie']).toBeUndefined();
  });

  it('tells a locked-out user how long the lock lasts', async () => {
    const locked = (await createUser(t)).email;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await request(t.http)
        .post('/api/v1/auth/login')
        .send({ email: locked, password: 'wrong-password-123' })
        .expect(401);
    }
    const refused = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: locked, password: TEST_PASSWORD })
      .expect(423);
    expect(refused.body.message).toMatch(/try again in 1[45] minutes/);
  });
});
