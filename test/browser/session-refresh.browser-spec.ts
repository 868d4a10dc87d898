import type { Page, Request } from 'playwright-core';
import { expectNoConsoleProblems, signIn, useBrowserApp } from './support/browser';

/**
 * A session longer than the access token's life, in two tabs of one browser profile.
 * ACCESS_TOKEN_TTL=60 is the shortest the server allows. Both tabs are kept busy in real time
 * for a little longer than that, so the first access token really expires on the server; then
 * both tabs are made to refresh at the same moment, twice by jumping their clocks past the
 * renewal time together and twice by reloading together. About 90 s in all.
 */
const TTL_SECONDS = 60;
const BUSY_FOR_MS = 70_000;
const COORDINATOR = { email: 'coordinator@demo.local', name: 'Casey Coordinator' };
const REFRESH_PATH = '/api/v1/auth/refresh';

interface Seen {
  tab: string;
  method: string;
  path: string;
  status: number;
  at: number;
  body?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectHome(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('heading', { name: 'Next meetings' }).waitFor();
  await page.getByText('Loading your day…').waitFor({ state: 'detached' });
}

async function expectBoards(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/boards');
  await page.getByRole('heading', { name: 'Boards', level: 1 }).waitFor();
  await page.getByText('Loading boards…').waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Thoracic Oncology Board' }).first().waitFor();
}

/** What a user does: click a navigation link (a pointerdown is activity) and read the result. */
async function visit(page: Page, where: 'Home' | 'Boards'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: where }).click();
  await (where === 'Home' ? expectHome(page) : expectBoards(page));
  await page.keyboard.press('Shift'); // a key press counts as activity too
}

describe('a long session in two tabs', () => {
  const app = useBrowserApp({ demoData: true, env: { ACCESS_TOKEN_TTL: String(TTL_SECONDS) } });

  it('refreshes the access token, keeps API calls succeeding, and never spends a refresh token twice', async () => {
    const context = await app.newContext();
    const seen: Seen[] = [];
    // Refresh requests of both tabs, in the order the browser reports them.
    const refreshLog: Array<{ event: 'start' | 'end'; tab: string }> = [];
    const isRefresh = (request: Request) => new URL(request.url()).pathname === REFRESH_PATH;
    const record = (tab: string, page: Page) => {
      page.on('request', (request) => {
        if (isRefresh(request)) refreshLog.push({ event: 'start', tab });
      });
      page.on('requestfinished', (request) => {
        if (isRefresh(request)) refreshLog.push({ event: 'end', tab });
      });
      page.on('requestfailed', (request) => {
        if (isRefresh(request)) refreshLog.push({ event: 'end', tab });
      });
      page.on('response', async (response) => {
        const url = new URL(response.url());
        if (!url.pathname.startsWith('/api/')) return;
        const entry: Seen = {
          tab,
          method: response.request().method(),
          path: url.pathname,
          status: response.status(),
          at: Date.now(),
        };
        seen.push(entry);
        if (entry.status >= 400) entry.body = await response.text().catch(() => '(no body)');
      });
    };

    const a = await app.newPage({ context });
    const b = await app.newPage({ context });
    // The pages' clocks run in real time until the test jumps them ahead.
    await Promise.all([a.clock.install(), b.clock.install()]);
    await signIn(a, COORDINATOR.email);
    const signedInAt = Date.now();
    await expectHome(a);
    // From here on (the signed-out restore before signing in is refused, as it should be).
    record('A', a);
    record('B', b);
    await b.goto('/');
    await expectHome(b);
    const refreshCount = () => seen.filter((s) => s.path === REFRESH_PATH).length;
    const afterRestore = refreshCount();

    // 1. Both tabs busy, in real time, past the first access token's expiry.
    let round = 0;
    while (Date.now() - signedInAt < BUSY_FOR_MS) {
      round += 1;
      await Promise.all([
        visit(a, round % 2 === 0 ? 'Home' : 'Boards'),
        visit(b, round % 2 === 0 ? 'Boards' : 'Home'),
      ]);
      await sleep(2_000);
    }
    // The session was refreshed while the tabs were in use (not only by B's restore).
    const refreshedWhileBusy = refreshCount() - afterRestore;
    expect(refreshedWhileBusy).toBeGreaterThanOrEqual(1);

    // 2. Both tabs' clocks jump past the renewal time together: both want a refresh at once.
    for (let jump = 0; jump < 2; jump += 1) {
      await Promise.all([a.keyboard.press('Shift'), b.keyboard.press('Shift')]);
      await Promise.all([a.clock.fastForward('00:50'), b.clock.fastForward('00:50')]);
      await Promise.all([visit(a, 'Boards'), visit(b, 'Boards')]);
      await Promise.all([visit(a, 'Home'), visit(b, 'Home')]);
    }

    // 3. Both tabs reload together: both restore the session from the one cookie at once.
    for (let reload = 0; reload < 2; reload += 1) {
      await Promise.all([a.reload(), b.reload()]);
      await Promise.all([expectHome(a), expectHome(b)]);
    }

    // After all that, both tabs still read data.
    await Promise.all([visit(a, 'Boards'), visit(b, 'Boards')]);
    await Promise.all([visit(a, 'Home'), visit(b, 'Home')]);
    const dataCalls = seen.filter((s) => !s.path.startsWith('/api/v1/auth/'));
    expect(Math.max(...dataCalls.map((s) => s.at)) - signedInAt).toBeGreaterThan(
      TTL_SECONDS * 1000,
    );

    const refreshes = seen.filter((s) => s.path === REFRESH_PATH);
    console.log(
      `long session: ${JSON.stringify({
        refreshes: refreshes.length,
        refreshedWhileBusy,
        byTab: {
          A: refreshes.filter((r) => r.tab === 'A').length,
          B: refreshes.filter((r) => r.tab === 'B').length,
        },
        apiResponses: seen.length,
        busyRounds: round,
      })}`,
    );
    if (process.env.DEBUG_LONG_SESSION) {
      console.log(
        seen
          .map((s) => `${s.at - signedInAt} ${s.tab} ${s.method} ${s.path} ${s.status}`)
          .join('\n'),
      );
    }

    // Every refresh succeeded: none was refused as already used, no call went unauthorised.
    expect(refreshes.filter((r) => r.status !== 200)).toEqual([]);
    expect(seen.filter((s) => s.body?.includes('already used'))).toEqual([]);
    expect(seen.filter((s) => s.status >= 400)).toEqual([]);

    // The tabs never had two refreshes in flight at once (the Web Lock serialises them).
    let inFlight = 0;
    let most = 0;
    for (const entry of refreshLog) {
      inFlight += entry.event === 'start' ? 1 : -1;
      most = Math.max(most, inFlight);
    }
    expect(most).toBe(1);

    // The server agrees: the one session was never revoked, no refresh token reuse was audited.
    const sessions = await app.t.dataSource.query(
      `SELECT s.revoked_at, s.revoked_reason FROM auth_session s
         JOIN app_user u ON u.id = s.user_id WHERE u.email = $1`,
      [COORDINATOR.email],
    );
    expect(sessions).toEqual([{ revoked_at: null, revoked_reason: null }]);
    const reuse = await app.t.auditLog(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.refresh_token_reused'`,
    );
    expect(reuse).toEqual([{ n: 0 }]);

    for (const page of [a, b]) expectNoConsoleProblems(page);
  });
});
