import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { BoardsService } from '@app/boards';
import { PlatformRole } from '@app/contracts';
import { findFreePort } from '@app/persistence';
import { TestIdentityProvider, appClient } from '../support/oidc-provider';
import { bearer, login } from '../support/test-app';
import {
  BrowserAppOptions,
  DEMO_PASSWORD,
  checkA11y,
  expectNoConsoleProblems,
  problemsOf,
  screenshot,
  useBrowserApp,
} from './support/browser';

const COORDINATOR = {
  account: 'casey',
  email: 'coordinator@demo.local',
  name: 'Casey Coordinator',
};
const CHAIR = { account: 'charlie', email: 'chair@demo.local', name: 'Dr Charlie Chair' };
const PANELIST = 'pathology@demo.local';
const CLIENT = { clientId: 'tumor-board', clientSecret: 'browser-client-secret-2b7f9e4c1a' };
const BUTTON = 'Sign in with Hospital account';

/** Only the API's expected refusal: the signed-out restore (no refresh cookie yet). */
function unexpectedApiErrors(page: Page) {
  return problemsOf(page).apiClientErrors.filter(
    (e) => !(e.url.endsWith('/api/v1/auth/refresh') && (e.status === 400 || e.status === 401)),
  );
}

/**
 * The "Sign in with …" button in Debian's Chromium against a real OpenID Connect provider: the
 * provider at `localhost`, the app at `127.0.0.1` (two sites, so the browser's SameSite rules
 * apply to the callback as they would between a hospital's provider and the app).
 */
describe('signing in with the hospital account', () => {
  let idp: TestIdentityProvider | undefined;
  const options: BrowserAppOptions = { demoData: true, env: {} };

  // Before the app's own hooks: the provider must answer, and the app's port be known, first.
  beforeAll(async () => {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    idp = await TestIdentityProvider.start({
      clients: [appClient(url, 'hospital', CLIENT)],
      accounts: {
        [COORDINATOR.account]: { email: COORDINATOR.email, email_verified: true, name: 'Casey C' },
        [CHAIR.account]: { email: CHAIR.email, email_verified: true, name: 'Charlie C' },
      },
    });
    options.port = port;
    Object.assign(options.env!, {
      PUBLIC_URL: url,
      OIDC_PROVIDERS: 'hospital',
      OIDC_HOSPITAL_NAME: 'Hospital account',
      OIDC_HOSPITAL_ISSUER: idp.issuer,
      OIDC_HOSPITAL_CLIENT_ID: CLIENT.clientId,
      OIDC_HOSPITAL_CLIENT_SECRET: CLIENT.clientSecret,
    });
  });
  afterAll(async () => {
    await idp?.stop();
  });
  const app = useBrowserApp(options);

  async function signInAtProvider(page: Page, account = COORDINATOR.account): Promise<void> {
    await page.waitForURL((url) => url.origin === idp!.issuer);
    await page.getByRole('textbox', { name: 'Username' }).fill(account);
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  async function expectHome(page: Page): Promise<void> {
    await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === '/');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect(page.locator('main h1').first().textContent()).resolves.toContain(
      COORDINATOR.name,
    );
  }

  it('goes from the button to the provider and back to the signed-in home, the session in the refresh cookie only', async () => {
    const page = await app.newPage();
    await page.goto('/login');
    const button = page.getByRole('link', { name: BUTTON });
    await button.waitFor();
    // Both ways in, while password sign-in is on.
    await page.getByRole('textbox', { name: 'Email', exact: true }).waitFor();
    await screenshot(page, 'login-sso');
    await checkA11y(page);

    await button.click();
    await signInAtProvider(page);
    await expectHome(page);
    expect(new URL(page.url()).search).toBe('');

    const cookies = (await page.context().cookies()).filter((c) => c.domain === '127.0.0.1');
    expect(cookies.find((cookie) => cookie.name === 'tb_refresh')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/v1/auth',
    });
    expect(cookies.find((cookie) => cookie.name === 'tb_sso_state')).toBeUndefined();
    const visible = await page.evaluate<string>(
      'JSON.stringify([document.cookie, Object.entries(localStorage), Object.entries(sessionStorage)])',
    );
    expect(visible).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);

    // A reload restores the session from the cookie, like any other session.
    await page.reload();
    await expectHome(page);
    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });

  it('signs out of the app and, through its logout page, of the provider', async () => {
    const page = await app.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: BUTTON }).click();
    await signInAtProvider(page);
    await expectHome(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === idp!.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === '/login');
    await page.getByRole('link', { name: BUTTON }).waitFor();

    // Signed out at the provider as well: the button leads to its sign-in page again.
    await page.getByRole('link', { name: BUTTON }).click();
    await page.waitForURL((url) => url.origin === idp!.issuer);
    await page.getByRole('textbox', { name: 'Username' }).waitFor();
    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });

  it('says on the sign-in page why a sign-in did not complete', async () => {
    const page = await app.newPage();
    await page.goto('/api/v1/auth/oidc/hospital/callback?state=forged&code=c0de');
    await page.waitForURL((url) => url.pathname === '/login');
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      "Signing in with your organisation's account did not complete. Please try again.",
    );
    await checkA11y(page);
    expectNoConsoleProblems(page);
  });

  it('signs a recommendation by confirming at the provider, which asks for the credentials again', async () => {
    const api = () => request(app.t.http);
    const [{ board_id: boardId, id: meetingId }] = await app.t.dataSource.query(
      `SELECT m.board_id, m.id FROM meeting m JOIN board b ON b.id = m.board_id
        WHERE b.name = 'Thoracic Oncology Board' ORDER BY m.starts_at LIMIT 1`,
    );
    const [{ id: adminId }] = await app.t.dataSource.query(
      `SELECT id FROM app_user WHERE email = 'admin@demo.local'`,
    );
    // One voting member decides, so the pathologist's ballot alone reaches consensus.
    await app.t.app
      .get(BoardsService)
      .update({ id: adminId, sessionId: 'test', role: PlatformRole.Admin }, boardId, {
        quorumPolicy: { requiredSpecialties: [], minVotingMembers: 1 },
      });

    // The chair comes in through the provider and starts the meeting.
    const page = await app.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto('/login');
    await page.getByRole('link', { name: BUTTON }).click();
    await signInAtProvider(page, CHAIR.account);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const roomPath = `/meetings/${meetingId}/room`;
    await page.goto(roomPath);
    await page.getByRole('button', { name: 'Start meeting' }).click();
    await page.getByRole('region', { name: /^Focused case THX-/ }).waitFor();

    // The focused case is decided and its recommendation drafted, through the API.
    const [{ case_id: caseId }] = await app.t.dataSource.query(
      `SELECT a.case_id FROM meeting_room_state s
         JOIN agenda_item a ON a.id = (s.state->>'focusedItemId')::uuid
        WHERE s.meeting_id = $1`,
      [meetingId],
    );
    const chair = bearer((await login(app.t, CHAIR.email, DEMO_PASSWORD)).accessToken);
    const panelist = await login(app.t, PANELIST, DEMO_PASSWORD);
    const [{ id: panelistId }] = await app.t.dataSource.query(
      `SELECT id FROM app_user WHERE email = $1`,
      [PANELIST],
    );
    const opened = await api()
      .post(`/api/v1/cases/${caseId}/votes`)
      .set(chair)
      .send({
        question: 'Recommended treatment?',
        options: [
          { text: 'Lobectomy after induction', intent: 'curative', modalities: ['surgery'] },
          { text: 'Definitive chemoradiation', intent: 'curative', modalities: ['radiotherapy'] },
        ],
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
        panelUserIds: [panelistId],
      })
      .expect(201);
    await api()
      .post(`/api/v1/votes/${opened.body.id}/ballots`)
      .set(bearer(panelist.accessToken))
      .send({ choice: opened.body.options[0].id, submissionId: randomUUID() })
      .expect(200);
    await api()
      .post(`/api/v1/votes/${opened.body.id}/recommendation`)
      .set(chair)
      .send({
        rationale: 'Resectable after induction.',
        guidelineReferences: [],
        trialReferrals: [],
      })
      .expect(201);

    await page.reload();
    await page.getByRole('tab', { name: 'Recommendation' }).click();
    await page.getByRole('button', { name: 'Sign…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign the recommendation' });
    // The chair also has a password here: both proofs are offered.
    await dialog.getByLabel('Your password').waitFor();
    await checkA11y(page);
    await screenshot(page, 'sign-with-provider');
    await dialog.getByRole('button', { name: 'Confirm with Hospital account' }).click();

    // The provider asks again, although its session is live; then the signature completes here.
    await signInAtProvider(page, CHAIR.account);
    await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === roomPath);
    await page.getByRole('tab', { name: 'Recommendation' }).click();
    await page.getByRole('definition').filter({ hasText: CHAIR.name }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await dialog.count()).toBe(0);
    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });
});
