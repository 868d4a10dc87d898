import request from 'supertest';
import {
  AuditEventView,
  PlatformRole,
  SessionTokens,
  SignOutView,
  Specialty,
  UserStatus,
  UserView,
} from '@app/contracts';
import { findFreePort } from '@app/persistence';
import { TestIdentityProvider, UserAgent, appClient } from '../support/oidc-provider';
import {
  TEST_PASSWORD,
  TestApp,
  bearer,
  createUser,
  login,
  startTestApp,
} from '../support/test-app';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, in its own process): the
 * app listens on a real port, and a scripted browser (cookie jar, redirects by hand) goes from the
 * app's start to the provider's sign-in page and back to the app's callback.
 */

const HOSPITAL = { clientId: 'tumor-board', clientSecret: 'hospital-client-secret-4f9a2c7e1b' };
const CLINIC = { clientId: 'tumor-board-clinic', clientSecret: 'clinic-client-secret-8d3e6a0f5c' };
const ADMINS = 'tumor-board-admins';

const ACCOUNTS = {
  ines: { email: 'ines.invited@hospital.example', email_verified: true, name: 'Dr Ines Invited' },
  'ines-again': { email: 'ines.invited@hospital.example', email_verified: true },
  dana: { email: 'dana.disabled@hospital.example', email_verified: true, name: 'Dr Dana' },
  ada: {
    email: 'ada.admin@hospital.example',
    email_verified: true,
    name: 'Dr Ada',
    groups: ['staff', ADMINS],
  },
  uma: { email: 'uma.unverified@hospital.example', email_verified: false },
  sam: { email: 'sam.stranger@hospital.example', email_verified: true },
  nina: { email: 'nina.new@clinic.example', email_verified: true, name: 'Dr Nina New' },
  lou: { email: 'lou.logout@hospital.example', email_verified: true, name: 'Dr Lou' },
  tess: { email: 'tess.tamper@hospital.example', email_verified: true },
};

const COOKIE_TRANSPORT = { 'X-Refresh-Token-Transport': 'cookie' };

describe('single sign-on over OpenID Connect, against a real provider', () => {
  let idp: TestIdentityProvider;
  let t: TestApp;
  let app: string;
  let adminEmail: string;

  beforeAll(async () => {
    const port = await findFreePort();
    app = `http://127.0.0.1:${port}`;
    idp = await TestIdentityProvider.start({
      clients: [appClient(app, 'hospital', HOSPITAL), appClient(app, 'clinic', CLINIC)],
      accounts: ACCOUNTS,
    });
    const offline = await findFreePort();
    t = await startTestApp({
      PUBLIC_URL: app,
      OIDC_PROVIDERS: 'hospital,clinic,offline',
      OIDC_HOSPITAL_NAME: 'Hospital account',
      OIDC_HOSPITAL_ISSUER: idp.issuer,
      OIDC_HOSPITAL_CLIENT_ID: HOSPITAL.clientId,
      OIDC_HOSPITAL_CLIENT_SECRET: HOSPITAL.clientSecret,
      OIDC_HOSPITAL_SCOPES: 'openid email profile groups',
      OIDC_HOSPITAL_ADMIN_CLAIM: 'groups',
      OIDC_HOSPITAL_ADMIN_VALUE: ADMINS,
      OIDC_CLINIC_NAME: 'Clinic account',
      OIDC_CLINIC_ISSUER: idp.issuer,
      OIDC_CLINIC_CLIENT_ID: CLINIC.clientId,
      OIDC_CLINIC_CLIENT_SECRET: CLINIC.clientSecret,
      OIDC_CLINIC_JIT: 'true',
      OIDC_CLINIC_JIT_INSTITUTION: 'Riverside Clinic',
      // A provider nobody answers for: the app boots all the same.
      OIDC_OFFLINE_NAME: 'Offline',
      OIDC_OFFLINE_ISSUER: `http://127.0.0.1:${offline}`,
      OIDC_OFFLINE_CLIENT_ID: 'tumor-board',
    });
    await t.app.listen(port, '127.0.0.1');
    adminEmail = (await createUser(t, { role: PlatformRole.Admin })).email;
  });

  afterAll(async () => {
    await t?.close();
    await idp?.stop();
  });

  const api = () => request(t.http);

  /** Where a redirect of the app leads, as a path of the app (another origin stays whole). */
  const inApp = (url: string | null) => (url?.startsWith(app) ? url.slice(app.length) : url);

  async function admin(): Promise<string> {
    return (await login(t, adminEmail)).accessToken;
  }

  async function audit(action: string): Promise<AuditEventView[]> {
    const page = await api()
      .get('/api/v1/audit')
      .query({ action, limit: 500 })
      .set(bearer(await admin()))
      .expect(200);
    return page.body.items as AuditEventView[];
  }

  async function refusals(): Promise<string[]> {
    return (await audit('sso.sign_in_refused')).map((event) => String(event.details.reason));
  }

  /** The app's start: the provider's authorization URL it redirects to (the state cookie kept). */
  async function start(agent: UserAgent, provider = 'hospital', next?: string): Promise<string> {
    const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
    const page = await agent.request(`${app}/api/v1/auth/oidc/${provider}/start${query}`);
    expect(page.status).toBe(303);
    expect(page.location).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
    return page.location!;
  }

  /** A whole sign-in: start, the provider's sign-in page, the callback; answers where the app sent the browser. */
  async function signIn(
    agent: UserAgent,
    account: string,
    provider = 'hospital',
  ): Promise<{ location: string; callbackUrl: string }> {
    const { callbackUrl } = await idp.authorize(agent, await start(agent, provider), account);
    const callback = await agent.request(callbackUrl);
    expect(callback.status).toBe(303);
    return { location: inApp(callback.location)!, callbackUrl };
  }

  /** What the web client does on page load: a refresh with its cookie. */
  async function restore(agent: UserAgent): Promise<{ status: number; tokens: SessionTokens }> {
    const page = await agent.request(`${app}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { ...COOKIE_TRANSPORT, 'content-type': 'application/json' },
    });
    return { status: page.status, tokens: page.status === 200 ? JSON.parse(page.body) : null };
  }

  async function me(accessToken: string): Promise<UserView> {
    return (await api().get('/api/v1/users/me').set(bearer(accessToken)).expect(200)).body;
  }

  it('offers the configured providers on the sign-in page, beside the password', async () => {
    const options = await api().get('/api/v1/auth/sign-in-options').expect(200);
    expect(options.body).toEqual({
      passwordLogin: true,
      providers: [
        {
          id: 'hospital',
          displayName: 'Hospital account',
          startUrl: '/api/v1/auth/oidc/hospital/start',
        },
        { id: 'clinic', displayName: 'Clinic account', startUrl: '/api/v1/auth/oidc/clinic/start' },
        { id: 'offline', displayName: 'Offline', startUrl: '/api/v1/auth/oidc/offline/start' },
      ],
    });
  });

  it('sends the browser to the provider with state, nonce and PKCE, the state also in a cookie for the callback only', async () => {
    const agent = new UserAgent();
    const page = await agent.request(`${app}/api/v1/auth/oidc/hospital/start`);
    const authorization = new URL(page.location!);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: HOSPITAL.clientId,
      response_type: 'code',
      redirect_uri: `${app}/api/v1/auth/oidc/hospital/callback`,
      scope: 'openid email profile groups',
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const cookie = (
      await fetch(`${app}/api/v1/auth/oidc/hospital/start`, { redirect: 'manual' })
    ).headers
      .getSetCookie()
      .find((line) => line.startsWith('tb_sso_state='));
    expect(cookie).toMatch(/Path=\/api\/v1\/auth\/oidc\/hospital\/callback/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(page.location).not.toContain(HOSPITAL.clientSecret);
  });

  describe('accounts', () => {
    let inesId: string;

    it('links an invited account by its verified email at the first sign-in, activating it without a password', async () => {
      const invitation = await api()
        .post('/api/v1/users')
        .set(bearer(await admin()))
        .send({
          email: ACCOUNTS.ines.email,
          displayName: 'Dr Ines Invited',
          specialty: Specialty.Pathology,
          institution: 'General Hospital',
        })
        .expect(201);
      inesId = invitation.body.user.id;

      const agent = new UserAgent();
      const { location, callbackUrl } = await signIn(agent, 'ines');
      // Back in the app, with no token in any URL: the session is in the refresh cookie.
      expect(location).toBe('/');
      expect(callbackUrl).not.toMatch(/access|refresh/i);
      expect(agent.jar.value('127.0.0.1', 'tb_refresh')).toBeDefined();
      expect(agent.jar.value('127.0.0.1', 'tb_sso_state')).toBeUndefined();
      const { status, tokens } = await restore(agent);
      expect(status).toBe(200);
      expect(tokens).not.toHaveProperty('refreshToken');
      expect(await me(tokens.accessToken)).toMatchObject({
        id: inesId,
        email: ACCOUNTS.ines.email,
        specialty: Specialty.Pathology,
        status: UserStatus.Active,
      });

      const linked = (await audit('sso.identity_linked')).filter((e) => e.targetId === inesId);
      expect(linked).toEqual([
        expect.objectContaining({
          actorId: inesId,
          details: { provider: 'hospital', subject: 'ines', by: 'invitation' },
        }),
      ]);
      expect((await audit('user.activated')).find((e) => e.targetId === inesId)?.details).toEqual({
        provider: 'hospital',
      });
      const logins = (await audit('auth.login')).filter((e) => e.targetId === inesId);
      expect(logins).toEqual([
        expect.objectContaining({
          details: expect.objectContaining({ method: 'oidc', provider: 'hospital' }),
        }),
      ]);
      // No password was ever set: signing in with one fails like any wrong password.
      await api()
        .post('/api/v1/auth/login')
        .send({ email: ACCOUNTS.ines.email, password: TEST_PASSWORD })
        .expect(401);
    });

    it('signs in to the same account by subject the next time, and not to it with another identity of the same email', async () => {
      const agent = new UserAgent();
      expect((await signIn(agent, 'ines')).location).toBe('/');
      expect((await me((await restore(agent)).tokens.accessToken)).id).toBe(inesId);
      expect(
        (await audit('sso.identity_linked')).filter((e) => e.targetId === inesId),
      ).toHaveLength(1);

      const other = new UserAgent();
      expect((await signIn(other, 'ines-again')).location).toBe(
        '/login?sso=linked_to_another_identity',
      );
      expect(other.jar.value('127.0.0.1', 'tb_refresh')).toBeUndefined();
    });

    it('keeps SSO sessions under the same refresh rotation as password sessions', async () => {
      const agent = new UserAgent();
      await signIn(agent, 'ines');
      const first = agent.jar.value('127.0.0.1', 'tb_refresh')!;
      expect((await restore(agent)).status).toBe(200);
      expect(agent.jar.value('127.0.0.1', 'tb_refresh')).not.toBe(first);
      // The spent token, presented again, revokes the session (reuse detection).
      await api().post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(401);
      expect((await restore(agent)).status).toBe(401);
    });

    it('refuses a disabled account, and audits it', async () => {
      const dana = await createUser(t, { email: ACCOUNTS.dana.email });
      expect((await signIn(new UserAgent(), 'dana')).location).toBe('/');
      await api()
        .patch(`/api/v1/users/${dana.id}`)
        .set(bearer(await admin()))
        .send({ status: UserStatus.Disabled })
        .expect(200);
      const agent = new UserAgent();
      expect((await signIn(agent, 'dana')).location).toBe('/login?sso=account_disabled');
      expect(agent.jar.value('127.0.0.1', 'tb_refresh')).toBeUndefined();
      const refused = (await audit('sso.sign_in_refused')).find(
        (e) => e.details.userId === dana.id,
      );
      expect(refused).toMatchObject({
        targetType: 'identity_provider',
        targetId: 'hospital',
        details: { provider: 'hospital', reason: 'account_disabled', subject: 'dana' },
      });
    });

    it('gives the admin role from the configured group claim', async () => {
      const ada = await createUser(t, { email: ACCOUNTS.ada.email, role: PlatformRole.User });
      const agent = new UserAgent();
      expect((await signIn(agent, 'ada')).location).toBe('/');
      const { tokens } = await restore(agent);
      expect(await me(tokens.accessToken)).toMatchObject({ id: ada.id, role: PlatformRole.Admin });
      await api().get('/api/v1/audit').set(bearer(tokens.accessToken)).expect(200);
      const updated = (await audit('user.updated')).find((e) => e.targetId === ada.id);
      expect(updated?.details).toEqual({ fields: ['role'], role: 'admin', provider: 'hospital' });
    });

    it('links no account by an email the provider did not verify, and creates none unasked', async () => {
      await createUser(t, { email: ACCOUNTS.uma.email });
      expect((await signIn(new UserAgent(), 'uma')).location).toBe('/login?sso=email_not_verified');
      expect((await signIn(new UserAgent(), 'sam')).location).toBe('/login?sso=no_account');
      expect(await refusals()).toEqual(
        expect.arrayContaining(['email_not_verified', 'no_account']),
      );
    });

    it('creates an account just in time where the provider allows it: specialty "other", the configured institution', async () => {
      const agent = new UserAgent();
      expect((await signIn(agent, 'nina', 'clinic')).location).toBe('/');
      const nina = await me((await restore(agent)).tokens.accessToken);
      expect(nina).toMatchObject({
        email: ACCOUNTS.nina.email,
        displayName: 'Dr Nina New',
        specialty: Specialty.Other,
        institution: 'Riverside Clinic',
        role: PlatformRole.User,
        status: UserStatus.Active,
      });
      const linked = (await audit('sso.identity_linked')).find((e) => e.targetId === nina.id);
      expect(linked?.details).toEqual({
        provider: 'clinic',
        subject: 'nina',
        by: 'just_in_time_creation',
      });
    });

    it('comes back to the page asked for, and only to a page of this site', async () => {
      const agent = new UserAgent();
      const to = async (next: string) => {
        const { callbackUrl } = await idp.authorize(
          agent,
          await start(agent, 'hospital', next),
          'ines',
        );
        return inApp((await agent.request(callbackUrl)).location);
      };
      expect(await to('/boards?tab=mine')).toBe('/boards?tab=mine');
      expect(await to('https://evil.example/')).toBe('/');
      expect(await to('//evil.example/')).toBe('/');
    });
  });

  describe('forged and replayed callbacks', () => {
    beforeAll(async () => {
      await createUser(t, { email: ACCOUNTS.tess.email });
    });

    it('refuses a state the app never issued', async () => {
      const agent = new UserAgent();
      const { callbackUrl } = await idp.authorize(agent, await start(agent), 'tess');
      const forged = new URL(callbackUrl);
      forged.searchParams.set('state', 'x'.repeat(43));
      expect(inApp((await agent.request(forged.href)).location)).toBe('/login?sso=state_unknown');
    });

    it("refuses another browser's callback (login CSRF), and then the state is spent for its own too", async () => {
      const victim = new UserAgent();
      const attacker = new UserAgent();
      const { callbackUrl } = await idp.authorize(attacker, await start(attacker), 'tess');
      const planted = await victim.request(callbackUrl);
      expect(inApp(planted.location)).toBe('/login?sso=state_mismatch');
      expect(victim.jar.value('127.0.0.1', 'tb_refresh')).toBeUndefined();
      expect(inApp((await attacker.request(callbackUrl)).location)).toBe(
        '/login?sso=state_replayed',
      );
    });

    it('refuses a replayed callback, and a used code under a fresh state', async () => {
      const agent = new UserAgent();
      const { callbackUrl } = await idp.authorize(agent, await start(agent), 'tess');
      expect(inApp((await agent.request(callbackUrl)).location)).toBe('/');
      expect(inApp((await agent.request(callbackUrl)).location)).toBe('/login?sso=state_replayed');

      const fresh = new URL(await start(agent));
      const replayed = new URL(callbackUrl);
      replayed.searchParams.set('state', fresh.searchParams.get('state')!);
      expect(inApp((await agent.request(replayed.href)).location)).toBe('/login?sso=code_rejected');
    });

    it('refuses an ID token issued for another nonce', async () => {
      const agent = new UserAgent();
      const authorization = new URL(await start(agent));
      authorization.searchParams.set('nonce', 'n'.repeat(43));
      const { callbackUrl } = await idp.authorize(agent, authorization.href, 'tess');
      expect(inApp((await agent.request(callbackUrl)).location)).toBe('/login?sso=nonce_mismatch');
      expect(agent.jar.value('127.0.0.1', 'tb_refresh')).toBeUndefined();
    });

    it('refuses a callback carrying the provider’s error, telling a cancellation apart', async () => {
      const agent = new UserAgent();
      const state = new URL(await start(agent)).searchParams.get('state')!;
      const cancelled = await agent.request(
        `${app}/api/v1/auth/oidc/hospital/callback?error=access_denied&error_description=User%20cancelled&state=${state}`,
      );
      expect(inApp(cancelled.location)).toBe('/login?sso=cancelled');
      const other = new URL(await start(agent)).searchParams.get('state')!;
      const failed = await agent.request(
        `${app}/api/v1/auth/oidc/hospital/callback?error=server_error&state=${other}`,
      );
      expect(inApp(failed.location)).toBe('/login?sso=provider_error');
    });

    it('audits every refusal', async () => {
      const events = await audit('sso.sign_in_refused');
      expect(events.map((e) => e.details.reason)).toEqual(
        expect.arrayContaining([
          'state_unknown',
          'state_mismatch',
          'state_replayed',
          'code_rejected',
          'nonce_mismatch',
          'cancelled',
          'provider_error',
        ]),
      );
      expect(events.find((e) => e.details.reason === 'cancelled')?.details).toMatchObject({
        error: 'access_denied',
        description: 'User cancelled',
      });
      for (const event of events)
        expect(event).toMatchObject({ actorId: null, targetId: expect.any(String) });
    });
  });

  describe('sign-out', () => {
    it('ends the local session and, through RP-initiated logout, the provider’s', async () => {
      await createUser(t, { email: ACCOUNTS.lou.email });
      const agent = new UserAgent();
      await signIn(agent, 'lou');
      // While the provider's session lives, a new sign-in passes without its sign-in page.
      const again = await idp.authorize(agent, await start(agent), 'lou');
      expect(again.loginPage).toBe(false);
      expect(inApp((await agent.request(again.callbackUrl)).location)).toBe('/');

      const { tokens } = await restore(agent);
      const page = await agent.request(`${app}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { ...COOKIE_TRANSPORT, authorization: `Bearer ${tokens.accessToken}` },
      });
      expect(page.status).toBe(200);
      const { providerLogoutUrl } = JSON.parse(page.body) as SignOutView;
      const logout = new URL(providerLogoutUrl!);
      expect(`${logout.origin}${logout.pathname}`).toBe(`${idp.issuer}/session/end`);
      expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${app}/login`);
      expect(logout.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

      // The local session has ended: its access token and refresh cookie are refused.
      await api().get('/api/v1/users/me').set(bearer(tokens.accessToken)).expect(401);
      expect((await restore(agent)).status).not.toBe(200);

      // The provider's session ends too: the next sign-in shows its sign-in page again.
      expect(await idp.confirmLogout(agent, providerLogoutUrl!)).toBe(`${app}/login`);
      const after = await idp.authorize(agent, await start(agent), 'lou');
      expect(after.loginPage).toBe(true);
    });
  });

  describe('malformed requests', () => {
    it.each<[string, number, string]>([
      ['an unknown provider (start)', 404, '/api/v1/auth/oidc/nowhere/start'],
      ['an unknown provider (callback)', 404, '/api/v1/auth/oidc/nowhere/callback?state=s&code=c'],
      ['a callback without state', 400, '/api/v1/auth/oidc/hospital/callback?code=c'],
      ['a callback without code or error', 400, '/api/v1/auth/oidc/hospital/callback?state=s'],
      ['a callback with both', 400, '/api/v1/auth/oidc/hospital/callback?state=s&code=c&error=e'],
      ['a repeated state', 400, '/api/v1/auth/oidc/hospital/callback?state=a&state=b&code=c'],
      ['a huge state', 400, `/api/v1/auth/oidc/hospital/callback?state=${'s'.repeat(600)}&code=c`],
      ['a huge code', 400, `/api/v1/auth/oidc/hospital/callback?state=s&code=${'c'.repeat(5000)}`],
      ['a long next', 400, `/api/v1/auth/oidc/hospital/start?next=/${'n'.repeat(3000)}`],
      ['an unknown start parameter', 400, '/api/v1/auth/oidc/hospital/start?prompt=none'],
    ])('answers %s with %d', async (_name, status, path) => {
      const response = await api().get(path).expect(status);
      expect(response.body.statusCode).toBe(status);
    });

    it('answers a URL beyond what the server reads with a 4xx, not a failure', async () => {
      const response = await fetch(
        `${app}/api/v1/auth/oidc/hospital/callback?state=s&code=${'c'.repeat(20_000)}`,
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });

    it('sends the browser back to the sign-in page when a provider cannot be reached', async () => {
      const response = await api().get('/api/v1/auth/oidc/offline/start').expect(303);
      expect(response.headers.location).toBe('/login?sso=provider_unavailable');
    });
  });
});

describe('with password sign-in switched off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      PASSWORD_LOGIN: 'false',
      OIDC_PROVIDERS: 'hospital',
      OIDC_HOSPITAL_NAME: 'Hospital account',
      OIDC_HOSPITAL_ISSUER: `http://127.0.0.1:${await findFreePort()}`,
      OIDC_HOSPITAL_CLIENT_ID: 'tumor-board',
    });
  });

  afterAll(() => t?.close());

  it('refuses a password sign-in with 403 and says how to sign in', async () => {
    const user = await createUser(t);
    const response = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(403);
    expect(response.body.message).toBe(
      "password sign-in is switched off: sign in with your organisation's account",
    );
  });

  it('refuses setting a password by invitation', async () => {
    const invitation = await t.users.invite({
      email: 'invitee@hospital.example',
      displayName: 'Dr Invitee',
      specialty: Specialty.Radiology,
      institution: 'General Hospital',
    });
    await request(t.http)
      .post('/api/v1/auth/accept-invitation')
      .send({ invitationToken: invitation.invitationToken, password: TEST_PASSWORD })
      .expect(403);
  });

  it('tells the sign-in page to offer the provider alone', async () => {
    const options = await request(t.http).get('/api/v1/auth/sign-in-options').expect(200);
    expect(options.body).toMatchObject({ passwordLogin: false, providers: [{ id: 'hospital' }] });
  });
});
