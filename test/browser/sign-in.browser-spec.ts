import type { Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  checkA11y,
  expectNoConsoleProblems,
  pathOf,
  problemsOf,
  screenshot,
  signIn,
  submitSignIn,
  useBrowserApp,
} from './support/browser';

const COORDINATOR = { email: 'coordinator@demo.local', name: 'Casey Coordinator' };
const WRONG_CREDENTIALS = 'The email or password is not right. Check them and try again.';
const REFRESH_COOKIE = 'tb_refresh';

function directives(policy: string | undefined): Map<string, string[]> {
  return new Map(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The heading of the signed-in home page, once its data has loaded. */
async function expectHome(page: Page, displayName: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.locator('main h1').first().textContent()).resolves.toContain(displayName);
  await page.getByRole('heading', { name: 'Next meetings' }).waitFor();
  await page.getByText('Loading your day…').waitFor({ state: 'detached' });
}

async function expectLoginPage(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/** Only the API's expected refusals: the signed-out restore (no refresh cookie) and wrong passwords. */
function unexpectedApiErrors(page: Page) {
  return problemsOf(page).apiClientErrors.filter(
    (e) => !(e.url.endsWith('/api/v1/auth/refresh') && (e.status === 400 || e.status === 401)),
  );
}

describe('signing in through the web client', () => {
  const app = useBrowserApp({ demoData: true });

  it('sends a signed-out visitor from / to the sign-in page, under a strict CSP', async () => {
    const page = await app.newPage();
    const response = await page.goto('/');
    const policy = directives(response?.headers()['content-security-policy']);
    // WebAssembly compilation (the imaging viewer's decoders), never eval of strings.
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    // Styles from the origin, plus the style elements React Aria inserts, carrying this
    // response's nonce (handed to it in the shell's csp-nonce meta element).
    const nonce = await page
      .locator('meta[property="csp-nonce"]')
      .evaluate((meta) => (meta as { nonce?: string }).nonce ?? '');
    expect(nonce).not.toBe('');
    expect(policy.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    for (const values of policy.values()) {
      expect(values).not.toContain("'unsafe-inline'");
      expect(values).not.toContain("'unsafe-eval'");
    }

    await expectLoginPage(page);
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('heading', { name: 'Tumor Board' }).waitFor();
    await page.getByRole('textbox', { name: 'Email', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Password', exact: true }).waitFor();
    await screenshot(page, 'login');
    await checkA11y(page);
    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });

  it('says the email or password is not right beside the form, and stays on the page', async () => {
    const page = await app.newPage();
    await page.goto('/login');
    await submitSignIn(page, 'observer@demo.local', 'not-the-password-1!');
    const alert = page.locator('form').getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe(WRONG_CREDENTIALS);
    expect(await alert.textContent()).toContain('email or password is not right');
    expect(pathOf(page)).toBe('/login');
    await expect(
      page.getByRole('textbox', { name: 'Password', exact: true }).inputValue(),
    ).resolves.toBe('');
    await expect(
      page.getByRole('textbox', { name: 'Email', exact: true }).inputValue(),
    ).resolves.toBe('observer@demo.local');
    await checkA11y(page);
    expectNoConsoleProblems(page);
    expect(problemsOf(page).apiClientErrors).toContainEqual(
      expect.objectContaining({ url: app.url('/api/v1/auth/login'), status: 401 }),
    );
  });

  it('signs the demo coordinator in to the home page', async () => {
    const page = await app.newPage();
    await page.goto('/login');
    const login = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST',
    );
    await signIn(page, COORDINATOR.email, DEMO_PASSWORD);
    expect((await login).status()).toBe(200);
    await expectHome(page, COORDINATOR.name);
    await screenshot(page, 'home-coordinator');
    // As a screen reader user lands on it, straight after signing in.
    await checkA11y(page);
    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });

  it('keeps the refresh token out of script reach and the access token out of storage, and a reload keeps the session', async () => {
    const page = await app.newPage();
    await page.goto('/login');
    const login = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST',
    );
    await signIn(page, COORDINATOR.email);
    const body = (await (await login).json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('refreshToken');
    const accessToken = body.accessToken as string;
    expect(typeof accessToken).toBe('string');
    await expectHome(page, COORDINATOR.name);

    const cookies = await page.context().cookies();
    const refresh = cookies.find((cookie) => cookie.name === REFRESH_COOKIE);
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    const readable = (): Promise<string> =>
      page.evaluate<string>(
        'JSON.stringify([document.cookie, Object.entries(localStorage), Object.entries(sessionStorage)])',
      );
    const visible = await readable();
    expect(visible).not.toContain(REFRESH_COOKIE);
    expect(visible).not.toContain(refresh!.value);
    expect(visible).not.toContain(accessToken);
    expect(visible).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT of any kind

    // A reload restores the session from the cookie, with a new access token kept in memory.
    const restored = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/auth/refresh') && r.request().method() === 'POST',
    );
    await page.reload();
    const restoredResponse = await restored;
    expect(restoredResponse.status()).toBe(200);
    const renewed = ((await restoredResponse.json()) as { accessToken: string }).accessToken;
    await expectHome(page, COORDINATOR.name);
    const afterReload = await readable();
    expect(afterReload).not.toContain(renewed);
    expect(afterReload).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    // The home page itself, freshly loaded.
    await checkA11y(page);
    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });

  it('records no CSP violation or console error while signing in and moving around the shell', async () => {
    const page = await app.newPage();
    await page.goto('/');
    await expectLoginPage(page);
    await signIn(page, COORDINATOR.email);
    await expectHome(page, COORDINATOR.name);
    const main = page.getByRole('navigation', { name: 'Main' });
    await main.getByRole('link', { name: 'Boards' }).click();
    await page.waitForURL((url) => url.pathname === '/boards');
    await page.getByRole('heading', { name: 'Boards', level: 1 }).waitFor();
    await page.getByText('Loading boards…').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: COORDINATOR.name }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Tumor Board home' }).click();
    await expectHome(page, COORDINATOR.name);
    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });

  it('shares the session with a second tab, and signing out in one signs out both', async () => {
    const first = await app.newPage();
    await signIn(first, COORDINATOR.email);
    await expectHome(first, COORDINATOR.name);

    const second = await app.newPage({ context: first.context() });
    await second.goto('/');
    await expectHome(second, COORDINATOR.name);

    await second.getByRole('button', { name: 'Sign out' }).click();
    await expectLoginPage(second);
    // The first tab hears it over the BroadcastChannel, without being touched.
    await expectLoginPage(first);
    expect(new URL(first.url()).search).toBe('');

    // The server ended the session too: a reload of either tab stays signed out.
    await first.reload();
    await expectLoginPage(first);
    await second.reload();
    await expectLoginPage(second);
    const cookies = await first.context().cookies();
    expect(cookies.find((cookie) => cookie.name === REFRESH_COOKIE)).toBeUndefined();

    for (const page of [first, second]) {
      expectNoConsoleProblems(page);
      expect(unexpectedApiErrors(page)).toEqual([]);
    }
  });

  it('sends a signed-out deep link to sign-in and back to where it pointed', async () => {
    const page = await app.newPage();
    await page.goto('/boards');
    await expectLoginPage(page);
    expect(new URL(page.url()).search).toBe('?next=%2Fboards');
    await signIn(page, COORDINATOR.email);
    await page.waitForURL((url) => url.pathname === '/boards');
    await page.getByRole('heading', { name: 'Boards', level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });

  it('answers an unknown address with a Not found page, never a blank one', async () => {
    const page = await app.newPage();
    await page.goto('/no-such-page');
    await expectLoginPage(page);
    expect(new URL(page.url()).search).toBe('?next=%2Fno-such-page');
    await signIn(page, COORDINATOR.email);
    await page.waitForURL((url) => url.pathname === '/no-such-page');
    await page.getByText('Not found', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Back to home' }).waitFor();
    // Still inside the shell: the navigation is there to leave by.
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // The page itself, loaded afresh (signed in from the refresh cookie).
    await page.reload();
    await page.getByText('Not found', { exact: true }).waitFor();
    await checkA11y(page);

    // An address shaped like a board that does not exist says so too.
    await page.goto('/boards/00000000-0000-4000-8000-000000000000');
    await page.getByText('Not found', { exact: true }).waitFor();
    expect((await page.locator('#root').innerText()).trim()).not.toBe('');

    expectNoConsoleProblems(page);
  });
});
