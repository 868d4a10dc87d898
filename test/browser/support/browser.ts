import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';
import { DEMO_PASSWORD, seedDemoData } from '../../../apps/server/src/demo-data';
import { TestApp, startTestApp } from '../../support/test-app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export { DEMO_PASSWORD };

const ROOT = resolve(__dirname, '../../..');
/** The built client the server serves at `/`; TEST_WEB_DIR points the tests at another build. */
export const WEB_DIR = process.env.TEST_WEB_DIR
  ? resolve(process.env.TEST_WEB_DIR)
  : join(ROOT, 'apps/web/dist');
export const SCREENSHOTS_DIR = join(ROOT, 'docs/screenshots');
export const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

// ---------------------------------------------------------------------------------------------
// What a page complained about
// ---------------------------------------------------------------------------------------------

export interface HttpProblem {
  method: string;
  url: string;
  status: number;
}

/** Everything a page reported that a person would never see but a developer must. */
export interface PageProblems {
  /** console.error from the page's scripts, and resources (not API responses) that failed. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
  /** "Refused to …" console errors and `securitypolicyviolation` events. */
  cspViolations: string[];
  /** Requests that never got a response (aborted navigations excepted). */
  failedRequests: string[];
  /** API answers of 400–499: part of normal flows (a wrong password, a signed-out restore). */
  apiClientErrors: HttpProblem[];
  /** Answers of 500 and above: always a problem. */
  serverErrors: HttpProblem[];
}

const problems = new WeakMap<Page, PageProblems>();

export function problemsOf(page: Page): PageProblems {
  let found = problems.get(page);
  if (!found) {
    found = {
      consoleErrors: [],
      pageErrors: [],
      cspViolations: [],
      failedRequests: [],
      apiClientErrors: [],
      serverErrors: [],
    };
    problems.set(page, found);
  }
  return found;
}

/** Forgets what a page reported so far (e.g. after a step that is expected to fail). */
export function resetProblems(page: Page): void {
  problems.delete(page);
  problemsOf(page);
}

function isApiUrl(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith('/api/');
  } catch {
    return false;
  }
}

function describeConsole(message: ConsoleMessage): string {
  const where = message.location();
  return where.url ? `${message.text()} (${where.url}:${where.lineNumber})` : message.text();
}

/** Reports CSP violations from inside the page (init scripts are not subject to the page's CSP). */
const CSP_LISTENER = `
  addEventListener('securitypolicyviolation', (event) => {
    const report = globalThis.__reportCspViolation;
    if (typeof report === 'function') {
      report(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') +
        ' at ' + (event.sourceFile || document.location.href) + ':' + event.lineNumber);
    }
  });
`;

function watch(page: Page): void {
  const found = problemsOf(page);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/^Refused to |Content Security Policy/.test(text)) {
      found.cspViolations.push(describeConsole(message));
    } else if (
      text.startsWith('Failed to load resource: the server responded with a status of') &&
      isApiUrl(message.location().url)
    ) {
      // Chromium's own log line for an API error response: recorded from the response itself.
    } else {
      found.consoleErrors.push(describeConsole(message));
    }
  });
  page.on('pageerror', (error) => found.pageErrors.push(error.stack ?? error.message));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    if (failure === 'net::ERR_ABORTED') return;
    found.failedRequests.push(`${request.method()} ${request.url()}: ${failure}`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status < 400) return;
    const entry = { method: response.request().method(), url: response.url(), status };
    if (status >= 500) found.serverErrors.push(entry);
    else if (isApiUrl(entry.url)) found.apiClientErrors.push(entry);
    else found.consoleErrors.push(`${entry.method} ${entry.url} answered ${status}`);
  });
}

/** Fails with every console error, page error, CSP violation, failed request and 5xx of the page. */
export function expectNoConsoleProblems(page: Page): void {
  const found = problemsOf(page);
  const lines = [
    ...found.cspViolations.map((line) => `CSP violation: ${line}`),
    ...found.pageErrors.map((line) => `page error: ${line}`),
    ...found.consoleErrors.map((line) => `console error: ${line}`),
    ...found.failedRequests.map((line) => `request failed: ${line}`),
    ...found.serverErrors.map((e) => `server error: ${e.method} ${e.url} → ${e.status}`),
  ];
  if (lines.length > 0) {
    throw new Error(`The page at ${page.url()} reported problems:\n  ${lines.join('\n  ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The app and the browser
// ---------------------------------------------------------------------------------------------

export interface BrowserAppOptions {
  /** Extra server environment (loadConfig variables), e.g. ACCESS_TOKEN_TTL. */
  env?: Record<string, string>;
  /** Seed the demo accounts, boards, meetings and cases (password DEMO_PASSWORD). */
  demoData?: boolean;
  /** Listen on this port rather than any free one (when PUBLIC_URL must name the server). */
  port?: number;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** Open the page in this context (a second tab of the same browser profile). */
  context?: BrowserContext;
}

export interface ContextOptions extends BrowserContextOptions {
  /** Another Chromium than the app's own (e.g. one with a fake camera from `launchBrowser`). */
  browser?: Browser;
}

/**
 * The real server on its own fresh database, listening on 127.0.0.1, serving the built client,
 * and one headless Debian Chromium for the test file. `useBrowserApp()` wires it to
 * beforeAll/afterAll.
 */
export class BrowserApp {
  private started: { t: TestApp; baseUrl: string; browser: Browser } | null = null;
  private readonly contexts = new Set<BrowserContext>();
  private readonly extraBrowsers = new Set<Browser>();

  constructor(private readonly options: BrowserAppOptions = {}) {}

  get t(): TestApp {
    return this.state().t;
  }

  get baseUrl(): string {
    return this.state().baseUrl;
  }

  get browser(): Browser {
    return this.state().browser;
  }

  url(path: string): string {
    return new URL(path, this.baseUrl).toString();
  }

  async start(): Promise<void> {
    if (!existsSync(join(WEB_DIR, 'index.html'))) {
      throw new Error(
        `The web client is not built: ${join(WEB_DIR, 'index.html')} is missing. ` +
          'Run `npm run build:web` (npm test builds it in pretest).',
      );
    }
    const t = await startTestApp({
      DEMO_DATA: 'false',
      MEDIASOUP_WORKERS: '0',
      WEB_DIR,
      ...this.options.env,
    });
    try {
      if (this.options.demoData) await seedDemoData(t.app);
      await t.app.listen(this.options.port ?? 0, '127.0.0.1');
      const { port } = t.http.address() as AddressInfo;
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        headless: true,
      });
      this.started = { t, baseUrl: `http://127.0.0.1:${port}`, browser };
    } catch (error) {
      await t.close();
      throw error;
    }
  }

  /** Another Debian Chromium instance with more flags (fake media devices), closed with the app. */
  async launchBrowser(args: string[]): Promise<Browser> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...args],
      headless: true,
    });
    this.extraBrowsers.add(browser);
    return browser;
  }

  /** A fresh browser profile (cookies, storage, locks, channels): one signed-in person. */
  async newContext({ browser, ...options }: ContextOptions = {}): Promise<BrowserContext> {
    const context = await (browser ?? this.browser).newContext({
      baseURL: this.baseUrl,
      viewport: DEFAULT_VIEWPORT,
      deviceScaleFactor: 1,
      locale: 'en-US',
      timezoneId: 'America/New_York',
      ...options,
    });
    context.setDefaultTimeout(20_000);
    this.contexts.add(context);
    context.on('close', () => this.contexts.delete(context));
    await context.exposeBinding('__reportCspViolation', ({ page }, text: string) => {
      if (page) problemsOf(page).cspViolations.push(text);
    });
    await context.addInitScript(CSP_LISTENER);
    // Every tab of the context is watched, including ones the app opens itself.
    context.on('page', watch);
    return context;
  }

  /** A page (in a new context unless one is given) that records its console problems. */
  async newPage(options: PageOptions = {}): Promise<Page> {
    const context =
      options.context ??
      (await this.newContext(options.viewport ? { viewport: options.viewport } : {}));
    const page = await context.newPage();
    if (options.viewport && options.context) await page.setViewportSize(options.viewport);
    return page;
  }

  async close(): Promise<void> {
    const started = this.started;
    this.started = null;
    if (!started) return;
    const steps = [
      ...[...this.contexts].map((context) => () => context.close()),
      ...[...this.extraBrowsers].map((browser) => () => browser.close()),
      () => started.browser.close(),
      () => started.t.close(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }

  private state() {
    if (!this.started) throw new Error('BrowserApp is not started (call it inside a test)');
    return this.started;
  }
}

/** Starts the app and Chromium before the file's tests and closes everything after them. */
export function useBrowserApp(options: BrowserAppOptions = {}): BrowserApp {
  const app = new BrowserApp(options);
  beforeAll(() => app.start());
  afterAll(() => app.close());
  return app;
}

// ---------------------------------------------------------------------------------------------
// Signing in
// ---------------------------------------------------------------------------------------------

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** Fills the real sign-in form and submits it; the caller looks at what happened. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  if (pathOf(page) !== '/login') await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the login form and waits for the signed-in shell (its navigation). */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

// ---------------------------------------------------------------------------------------------
// Accessibility
// ---------------------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-require-imports
const axeSource: string = require('axe-core').source;
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface A11yViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string; html: string; summary: string }>;
}

/** A CSS selector, or axe's include/exclude form. */
export type A11yContext = string | { include?: string[][]; exclude?: string[][] };

function formatViolations(violations: A11yViolation[]): string {
  return violations
    .map((v) =>
      [
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map(
          (node) =>
            `    - ${node.target}\n      ${node.html}\n      ${node.summary.replace(/\n/g, '\n      ')}`,
        ),
      ].join('\n'),
    )
    .join('\n');
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now. axe is injected with
 * `page.evaluate` because the strict CSP refuses script tags. Fails on any serious or critical
 * violation, printing each; returns every violation (moderate and minor included).
 */
export async function checkA11y(page: Page, context?: A11yContext): Promise<A11yViolation[]> {
  if (!(await page.evaluate('typeof globalThis.axe !== "undefined"'))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(
    async ({ context, tags }) => {
      interface AxeNode {
        target: unknown[];
        html: string;
        failureSummary?: string;
      }
      interface AxeResult {
        id: string;
        impact: A11yViolation['impact'];
        help: string;
        helpUrl: string;
        nodes: AxeNode[];
      }
      const scope = globalThis as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeResult[] }> };
        document: unknown;
      };
      const results = await scope.axe.run(context ?? scope.document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((node) => ({
          target: node.target.map(String).join(' '),
          html: node.html.slice(0, 300),
          summary: node.failureSummary ?? '',
        })),
      }));
    },
    { context: context ?? null, tags: A11Y_TAGS },
  );
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    throw new Error(
      `axe found ${blocking.length} serious or critical accessibility violation(s) on ${page.url()}:\n` +
        formatViolations(blocking),
    );
  }
  const other = violations.filter((v) => !blocking.includes(v));
  if (other.length > 0) {
    console.log(`axe (moderate/minor) on ${page.url()}:\n${formatViolations(other)}`);
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Screenshots
// ---------------------------------------------------------------------------------------------

/** Writes docs/screenshots/<name>.png of the viewport (or the full page). */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({
    path,
    fullPage: options.fullPage ?? false,
    animations: 'disabled',
    caret: 'hide',
  });
  return path;
}
