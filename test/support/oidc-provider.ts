import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Claims of an account at the test provider (its id is the subject). */
export interface TestAccountClaims {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

/** A client registered at the test provider, as oidc-provider takes it. */
export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
}

/** The client of an app at `appUrl` signing in with provider id `providerId`. */
export function appClient(
  appUrl: string,
  providerId: string,
  credentials: { clientId: string; clientSecret: string },
): TestClient {
  return {
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    redirect_uris: [`${appUrl}/api/v1/auth/oidc/${providerId}/callback`],
    post_logout_redirect_uris: [`${appUrl}/login`],
  };
}

/**
 * A real OpenID Connect provider (oidc-provider) in a child process
 * (test/support/oidc-provider-server.mjs), on a free port of this machine.
 */
export class TestIdentityProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
    private readonly exited: Promise<unknown>,
  ) {}

  static async start(options: {
    clients: TestClient[];
    accounts: Record<string, TestAccountClaims>;
  }): Promise<TestIdentityProvider> {
    const child = spawn(process.execPath, [join(__dirname, 'oidc-provider-server.mjs')], {
      env: { ...process.env, OIDC_TEST_PROVIDER: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    const lines = createInterface({ input: child.stdout! });
    const first = new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      void exited.then(() => reject(new Error(`the test identity provider exited:\n${log}`)));
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`the test identity provider did not start:\n${log}`)),
        20_000,
      ).unref(),
    );
    try {
      const { issuer } = JSON.parse(await Promise.race([first, timeout])) as { issuer: string };
      return new TestIdentityProvider(child, issuer, exited);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }

  /**
   * Signs `account` in at the provider, from the authorization request `authorizationUrl` (the
   * app's start redirect) to the moment the provider sends the browser back: the callback URL it
   * redirects to (not requested). With a live session at the provider, no sign-in page is shown
   * (unless the request asks for the credentials again); `loginPage` says whether one was.
   * `authenticatedSecondsAgo` has the provider record the sign-in as made that long ago.
   */
  async authorize(
    agent: UserAgent,
    authorizationUrl: string,
    account: string,
    options: { authenticatedSecondsAgo?: number } = {},
  ): Promise<{ callbackUrl: string; loginPage: boolean }> {
    const isCallback = (url: URL) => url.pathname.endsWith('/callback');
    let page = await agent.navigate(authorizationUrl, isCallback);
    if (page.stoppedAt) return { callbackUrl: page.stoppedAt, loginPage: false };
    const form = /<form method="post" action="([^"]+)"/.exec(page.body);
    if (!form) throw new Error(`no sign-in form at ${page.url}:\n${page.body}`);
    const fields: Record<string, string> = { login: account };
    if (options.authenticatedSecondsAgo !== undefined)
      fields.authenticated_seconds_ago = String(options.authenticatedSecondsAgo);
    page = await agent.submit(new URL(form[1], page.url).href, fields, isCallback);
    // Another account than the provider's session: the provider ends that session first, through
    // a form a browser's script submits at once.
    const autoSubmit = /<form method="post" action="([^"]+\/session\/end\/confirm)">/.exec(
      page.body,
    );
    if (!page.stoppedAt && autoSubmit) {
      const hidden = Object.fromEntries(
        [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map(
          (input) => [input[1], input[2]],
        ),
      );
      page = await agent.submit(autoSubmit[1], hidden, isCallback);
    }
    if (!page.stoppedAt) throw new Error(`the provider did not sign ${account} in:\n${page.body}`);
    return { callbackUrl: page.stoppedAt, loginPage: true };
  }

  /**
   * Confirms RP-initiated logout at the provider's end-session URL the app handed over; answers
   * where the provider sends the browser afterwards (the app's post-logout URL).
   */
  async confirmLogout(agent: UserAgent, endSessionUrl: string): Promise<string> {
    const page = await agent.navigate(endSessionUrl);
    const action = /<form[^>]*action="([^"]+)"/.exec(page.body);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body);
    if (!action || !xsrf) throw new Error(`no logout form at ${page.url}:\n${page.body}`);
    const done = await agent.submit(
      new URL(action[1], page.url).href,
      { xsrf: xsrf[1], logout: 'yes' },
      (url) => !url.href.startsWith(this.issuer),
    );
    if (!done.stoppedAt) throw new Error(`the provider did not sign out:\n${done.body}`);
    return done.stoppedAt;
  }
}

interface StoredCookie {
  value: string;
  path: string;
  expires: number;
}

/** Cookies per host name (ports ignored, as browsers do), matched by path prefix. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, StoredCookie>>();

  header(url: URL): string | undefined {
    const now = Date.now();
    const found = [...(this.cookies.get(url.hostname)?.entries() ?? [])]
      .filter(([, c]) => c.expires > now && pathMatches(url.pathname, c.path))
      .map(([key, c]) => `${key.slice(0, key.indexOf('\u0000'))}=${c.value}`);
    return found.length > 0 ? found.join('; ') : undefined;
  }

  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const cookie: StoredCookie = {
        value: pair.slice(eq + 1),
        path: defaultPath(url),
        expires: Number.POSITIVE_INFINITY,
      };
      for (const attribute of attributes) {
        const [key, value = ''] = attribute.split('=');
        const lower = key.toLowerCase();
        if (lower === 'path') cookie.path = value;
        else if (lower === 'max-age') cookie.expires = Date.now() + Number(value) * 1000;
        else if (lower === 'expires' && cookie.expires === Number.POSITIVE_INFINITY)
          cookie.expires = Date.parse(value);
      }
      const host = this.cookies.get(url.hostname) ?? new Map<string, StoredCookie>();
      this.cookies.set(url.hostname, host);
      host.set(`${name}\u0000${cookie.path}`, cookie);
    }
    for (const host of this.cookies.values()) {
      for (const [key, c] of host) if (c.expires <= Date.now()) host.delete(key);
    }
  }

  /** A cookie's value for this host and name (any path); undefined if there is none. */
  value(hostname: string, name: string): string | undefined {
    for (const [key, c] of this.cookies.get(hostname) ?? []) {
      if (key.startsWith(`${name}\u0000`) && c.expires > Date.now()) return c.value;
    }
    return undefined;
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) &&
      (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'))
  );
}

function defaultPath(url: URL): string {
  const slash = url.pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : url.pathname.slice(0, slash);
}

/** Where a request (and the redirects followed from it) ended. */
export interface Page {
  url: string;
  status: number;
  location: string | null;
  body: string;
  /** The URL a redirect led to that `stopBefore` held back (not requested). */
  stoppedAt: string | null;
}

/**
 * A scripted browser over real HTTP: a cookie jar, redirects followed by hand (each hop's
 * cookies kept), forms posted. What a person's browser does between the app and the provider.
 */
export class UserAgent {
  readonly jar = new CookieJar();

  async request(
    url: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Page> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.jar.header(target);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(target, {
      method: init.method ?? (init.form || init.json !== undefined ? 'POST' : 'GET'),
      headers,
      body: init.form
        ? new URLSearchParams(init.form).toString()
        : init.json !== undefined
          ? JSON.stringify(init.json)
          : undefined,
      redirect: 'manual',
    });
    this.jar.store(target, response.headers.getSetCookie());
    const location = response.headers.get('location');
    return {
      url: target.href,
      status: response.status,
      location: location === null ? null : new URL(location, target).href,
      body: await response.text(),
      stoppedAt: null,
    };
  }

  /** GETs `url` and follows its redirects; stops before requesting a URL `stopBefore` picks. */
  navigate(url: string, stopBefore?: (url: URL) => boolean): Promise<Page> {
    return this.follow(url, {}, stopBefore);
  }

  /** POSTs a form, then follows the redirects like `navigate`. */
  submit(
    url: string,
    form: Record<string, string>,
    stopBefore?: (url: URL) => boolean,
  ): Promise<Page> {
    return this.follow(url, { form }, stopBefore);
  }

  private async follow(
    url: string,
    init: { form?: Record<string, string> },
    stopBefore?: (url: URL) => boolean,
  ): Promise<Page> {
    let page = await this.request(url, init);
    for (let hops = 0; page.location !== null && page.status >= 300 && page.status < 400; hops++) {
      if (hops === 20) throw new Error(`too many redirects from ${url}`);
      if (stopBefore?.(new URL(page.location))) return { ...page, stoppedAt: page.location };
      page = await this.request(page.location);
    }
    return page;
  }
}
