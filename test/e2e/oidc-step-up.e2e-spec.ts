import request from 'supertest';
import {
  AuditEventView,
  PlatformRole,
  RecommendationView,
  SessionTokens,
  UserView,
} from '@app/contracts';
import { findFreePort } from '@app/persistence';
import { Person } from '../support/clinical';
import { TestIdentityProvider, UserAgent, appClient } from '../support/oidc-provider';
import { PanelBoard, draftedRecommendation, recommendationBoard } from '../support/outcomes';
import {
  TEST_PASSWORD,
  TestApp,
  bearer,
  createUser,
  login,
  startTestApp,
} from '../support/test-app';

/**
 * Step-up re-authentication at the identity provider, against a real provider (oidc-provider in
 * its own process): a chair whose account signs in only through the hospital's provider confirms
 * at the provider (which asks for the credentials again) and signs a recommendation with that
 * confirmation; another person's login, a stale login, a confirmation of another recommendation
 * or session, a used one and forged or replayed callbacks are refused.
 */

const HOSPITAL = { clientId: 'tumor-board', clientSecret: 'hospital-client-secret-4f9a2c7e1b' };

const ACCOUNTS = {
  chloe: { email: 'chloe.chair@hospital.example', email_verified: true, name: 'Dr Chloe Chair' },
  mallory: { email: 'mallory.other@hospital.example', email_verified: true, name: 'Dr Mallory' },
};

const COOKIE_TRANSPORT = { 'X-Refresh-Token-Transport': 'cookie' };

describe('step-up re-authentication at the identity provider, to sign a recommendation', () => {
  let idp: TestIdentityProvider;
  let t: TestApp;
  let app: string;
  let adminEmail: string;
  let board: PanelBoard;
  /** Chloe's browser, signed in through the provider: her only way in (she has no password). */
  let browser: UserAgent;
  let chloe: Person;

  beforeAll(async () => {
    const port = await findFreePort();
    app = `http://127.0.0.1:${port}`;
    idp = await TestIdentityProvider.start({
      clients: [appClient(app, 'hospital', HOSPITAL)],
      accounts: ACCOUNTS,
    });
    t = await startTestApp({
      PUBLIC_URL: app,
      OIDC_PROVIDERS: 'hospital',
      OIDC_HOSPITAL_NAME: 'Hospital account',
      OIDC_HOSPITAL_ISSUER: idp.issuer,
      OIDC_HOSPITAL_CLIENT_ID: HOSPITAL.clientId,
      OIDC_HOSPITAL_CLIENT_SECRET: HOSPITAL.clientSecret,
      OIDC_HOSPITAL_SCOPES: 'openid email profile',
      OIDC_HOSPITAL_JIT: 'true',
      OIDC_HOSPITAL_JIT_INSTITUTION: 'General Hospital',
    });
    await t.app.listen(port, '127.0.0.1');
    adminEmail = (await createUser(t, { role: PlatformRole.Admin })).email;

    browser = new UserAgent();
    const token = await signIn(browser, 'chloe');
    const user = (await api().get('/api/v1/users/me').set(bearer(token)).expect(200))
      .body as UserView;
    chloe = { user, token };
    // Mallory has an account too, made by her own sign-in: another person at the same provider.
    await signIn(new UserAgent(), 'mallory');

    board = await chloeChairs();
  });

  afterAll(async () => {
    await t?.close();
    await idp?.stop();
  });

  const api = () => request(t.http);

  /** Where a redirect of the app leads, as a path of the app. */
  const inApp = (url: string | null) => (url?.startsWith(app) ? url.slice(app.length) : url);

  async function audit(action: string): Promise<AuditEventView[]> {
    const admin = (await login(t, adminEmail)).accessToken;
    const page = await api()
      .get('/api/v1/audit')
      .query({ action, limit: 500 })
      .set(bearer(admin))
      .expect(200);
    return page.body.items as AuditEventView[];
  }

  /** A whole sign-in through the provider in `agent`; answers the access token the web client gets. */
  async function signIn(agent: UserAgent, account: string): Promise<string> {
    const start = await agent.request(`${app}/api/v1/auth/oidc/hospital/start`);
    const { callbackUrl } = await idp.authorize(agent, start.location!, account);
    expect((await agent.request(callbackUrl)).status).toBe(303);
    const refreshed = await agent.request(`${app}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: COOKIE_TRANSPORT,
    });
    expect(refreshed.status).toBe(200);
    return (JSON.parse(refreshed.body) as SessionTokens).accessToken;
  }

  /** The web client's start of a confirmation: where the browser is to go (the state cookie kept). */
  async function startStepUp(
    agent: UserAgent,
    token: string,
    recommendationId: string,
    next = `/cases/somewhere?recommendation=${recommendationId}`,
  ): Promise<string> {
    const started = await agent.request(`${app}/api/v1/auth/reauthentication`, {
      json: { act: 'sign_recommendation', recommendationId, next },
      headers: bearer(token),
    });
    expect(started.status).toBe(200);
    return (JSON.parse(started.body) as { url: string }).url;
  }

  /** A whole confirmation: start, the provider's sign-in page, the callback; answers where the app sent the browser. */
  async function stepUp(
    recommendationId: string,
    options: {
      account?: string;
      authenticatedSecondsAgo?: number;
      agent?: UserAgent;
      token?: string;
    } = {},
  ): Promise<{ location: string; callbackUrl: string; loginPage: boolean }> {
    const agent = options.agent ?? browser;
    const url = await startStepUp(agent, options.token ?? chloe.token, recommendationId);
    const { callbackUrl, loginPage } = await idp.authorize(agent, url, options.account ?? 'chloe', {
      authenticatedSecondsAgo: options.authenticatedSecondsAgo,
    });
    const callback = await agent.request(callbackUrl);
    expect(callback.status).toBe(303);
    return { location: inApp(callback.location)!, callbackUrl, loginPage };
  }

  function signWithProvider(id: string, token = chloe.token) {
    return api()
      .post(`/api/v1/recommendations/${id}/sign`)
      .set(bearer(token))
      .send({ reauthentication: 'provider' });
  }

  async function grantCount(): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM sso_step_up_grant`);
    return row.n as number;
  }

  /** A board Chloe chairs (its meeting has room for a few cases). */
  async function chloeChairs(): Promise<PanelBoard> {
    const chaired = await recommendationBoard(t, 'Thoracic Oncology Board');
    await api()
      .post(`/api/v1/boards/${chaired.boardId}/members`)
      .set(bearer(chaired.coordinator.token))
      .send({ userId: chloe.user.id, role: 'chair' })
      .expect(201);
    return { ...chaired, members: { ...chaired.members, chair: chloe } };
  }

  /** A recommendation drafted by Chloe, on a board of its own. */
  let patients = 0;
  const draft = async (): Promise<RecommendationView> =>
    draftedRecommendation(t, await chloeChairs(), `STEP-${++patients}`);

  it('tells the sign dialog which proof each person has', async () => {
    const options = await api()
      .get('/api/v1/auth/reauthentication')
      .set(bearer(chloe.token))
      .expect(200);
    expect(options.body).toEqual({
      password: false,
      provider: { id: 'hospital', displayName: 'Hospital account' },
    });
    const withPassword = await api()
      .get('/api/v1/auth/reauthentication')
      .set(bearer(board.coordinator.token))
      .expect(200);
    expect(withPassword.body).toEqual({ password: true, provider: null });
    await api().get('/api/v1/auth/reauthentication').expect(401);
  });

  it('refuses to start a confirmation for an account linked to no provider', async () => {
    const refused = await api()
      .post('/api/v1/auth/reauthentication')
      .set(bearer(board.coordinator.token))
      .send({ act: 'sign_recommendation', recommendationId: chloe.user.id })
      .expect(409);
    expect(refused.body.code).toBe('no_identity_provider');
  });

  it('lets the SSO-only chair sign after confirming at the provider, which asks for the credentials again', async () => {
    const recommendation = await draft();
    // No password to give, and no confirmation yet.
    await api()
      .post(`/api/v1/recommendations/${recommendation.id}/sign`)
      .set(bearer(chloe.token))
      .send({ password: TEST_PASSWORD })
      .expect(400);
    const unconfirmed = await signWithProvider(recommendation.id).expect(409);
    expect(unconfirmed.body).toMatchObject({
      code: 'reauthentication_required',
      message: expect.stringMatching(/confirm with your identity provider/),
    });

    const url = new URL(await startStepUp(browser, chloe.token, recommendation.id));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      prompt: 'login',
      max_age: '0',
      redirect_uri: `${app}/api/v1/auth/oidc/hospital/callback`,
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });

    const refreshBefore = browser.jar.value('127.0.0.1', 'tb_refresh');
    const chloeLogins = async () =>
      (await audit('auth.login')).filter((event) => event.targetId === chloe.user.id).length;
    const logins = await chloeLogins();
    const confirmed = await stepUp(recommendation.id);
    // Chloe is signed in at the provider already: only prompt=login / max_age=0 show its sign-in page.
    expect(confirmed.loginPage).toBe(true);
    expect(confirmed.location).toBe(
      `/cases/somewhere?recommendation=${recommendation.id}&stepUp=granted`,
    );
    // No session opened, the current one untouched.
    expect(browser.jar.value('127.0.0.1', 'tb_refresh')).toBe(refreshBefore);
    expect(await chloeLogins()).toBe(logins);
    await api().get('/api/v1/users/me').set(bearer(chloe.token)).expect(200);

    const signed = await signWithProvider(recommendation.id).expect(200);
    expect(signed.body).toMatchObject({ status: 'signed' });
    expect(signed.body.signature).toMatchObject({ signerId: chloe.user.id });

    const granted = (await audit('sso.step_up_granted')).find(
      (event) => event.details.purpose === `sign recommendation ${recommendation.id}`,
    );
    expect(granted).toMatchObject({
      targetId: chloe.user.id,
      details: { provider: 'hospital', subject: 'chloe' },
    });
    const [grant] = await t.dataSource.query(
      `SELECT used_at FROM sso_step_up_grant WHERE purpose = $1`,
      [`sign recommendation ${recommendation.id}`],
    );
    expect(grant.used_at).not.toBeNull();
  });

  it('binds the confirmation to its recommendation and its session, and takes it once', async () => {
    const first = await draft();
    const second = await draft();
    expect((await stepUp(first.id)).location).toMatch(/stepUp=granted$/);

    // Not for another recommendation.
    const other = await signWithProvider(second.id).expect(409);
    expect(other.body.code).toBe('reauthentication_required');

    // Not from another session of the same person.
    const elsewhere = await signIn(new UserAgent(), 'chloe');
    await signWithProvider(first.id, elsewhere).expect(409);

    // The refusals left it for its own recommendation, which takes it.
    await signWithProvider(first.id).expect(200);
    const [{ used }] = await t.dataSource.query(
      `SELECT count(*)::int AS used FROM sso_step_up_grant WHERE purpose = $1 AND used_at IS NOT NULL`,
      [`sign recommendation ${first.id}`],
    );
    expect(used).toBe(1);

    // Once taken it is gone: the amendment of the signed version needs a confirmation of its own.
    const amended = await api()
      .post(`/api/v1/recommendations/${first.id}/amend`)
      .set(bearer(chloe.token))
      .send({ reason: 'Corrected the guideline reference' })
      .expect(201);
    await signWithProvider(amended.body.id).expect(409);
    expect((await stepUp(amended.body.id)).location).toMatch(/stepUp=granted$/);
    await signWithProvider(amended.body.id).expect(200);
  });

  it('refuses, and audits, a confirmation by another person at the provider', async () => {
    const recommendation = await draft();
    const grants = await grantCount();
    const confirmed = await stepUp(recommendation.id, { account: 'mallory' });
    expect(confirmed.location).toMatch(/[?&]stepUp=different_person$/);
    expect(await grantCount()).toBe(grants);
    await signWithProvider(recommendation.id).expect(409);
    const refused = (await audit('sso.step_up_refused')).find(
      (event) => event.details.reason === 'different_person',
    );
    expect(refused).toMatchObject({
      targetId: chloe.user.id,
      details: {
        provider: 'hospital',
        subject: 'mallory',
        purpose: `sign recommendation ${recommendation.id}`,
      },
    });
    expect(refused?.details.confirmedUserId).toEqual(expect.any(String));
    expect(refused?.details.confirmedUserId).not.toBe(chloe.user.id);
  });

  it('refuses, and audits, a sign-in at the provider older than five minutes', async () => {
    const recommendation = await draft();
    const grants = await grantCount();
    const confirmed = await stepUp(recommendation.id, { authenticatedSecondsAgo: 6 * 60 });
    expect(confirmed.location).toMatch(/[?&]stepUp=authentication_not_recent$/);
    expect(await grantCount()).toBe(grants);
    await signWithProvider(recommendation.id).expect(409);
    expect(
      (await audit('sso.step_up_refused')).find(
        (event) => event.details.reason === 'authentication_not_recent',
      )?.details,
    ).toMatchObject({ subject: 'chloe', authTime: expect.any(Number) });

    // Four minutes ago is recent enough.
    const recent = await stepUp(recommendation.id, { authenticatedSecondsAgo: 4 * 60 });
    expect(recent.location).toMatch(/stepUp=granted$/);
    await signWithProvider(recommendation.id).expect(200);
  });

  it('refuses forged and replayed callbacks, granting nothing', async () => {
    const recommendation = await draft();
    const { callbackUrl } = await stepUp(recommendation.id);
    const grants = await grantCount();

    // The same callback again: the state is spent.
    const replayed = await browser.request(callbackUrl);
    expect(inApp(replayed.location)).toMatch(/[?&]stepUp=state_replayed$/);

    // A state the app never issued.
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'x'.repeat(43));
    const unknown = await browser.request(forged.href);
    expect(inApp(unknown.location)).toBe('/login?sso=state_unknown');

    // A callback carried to another browser, which lacks the state cookie.
    const url = await startStepUp(browser, chloe.token, recommendation.id);
    const { callbackUrl: fresh } = await idp.authorize(browser, url, 'chloe');
    const carried = await new UserAgent().request(fresh);
    expect(inApp(carried.location)).toMatch(/[?&]stepUp=state_mismatch$/);
    // ... and the state is spent for its own browser too.
    const own = await browser.request(fresh);
    expect(inApp(own.location)).toMatch(/[?&]stepUp=state_replayed$/);

    expect(await grantCount()).toBe(grants);
    const reasons = (await audit('sso.step_up_refused')).map((event) => event.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(['state_replayed', 'state_mismatch']));

    // The confirmation the first callback gave is still there, and signs.
    await signWithProvider(recommendation.id).expect(200);
  });

  it('takes exactly one proof, and nothing else', async () => {
    const recommendation = await draft();
    const sign = (body: object) =>
      api()
        .post(`/api/v1/recommendations/${recommendation.id}/sign`)
        .set(bearer(chloe.token))
        .send(body);
    const both = await sign({ password: TEST_PASSWORD, reauthentication: 'provider' }).expect(400);
    expect(both.body.details).toEqual([expect.objectContaining({ field: 'reauthentication' })]);
    const neither = await sign({}).expect(400);
    expect(neither.body.details).toEqual([expect.objectContaining({ field: 'password' })]);
    await sign({ reauthentication: 'sms' }).expect(400);
    await sign({ reauthentication: 'provider', grant: 'mine' }).expect(400);
    await api()
      .post('/api/v1/auth/reauthentication')
      .set(bearer(chloe.token))
      .send({ act: 'publish', recommendationId: recommendation.id })
      .expect(400);
  });
});
