import request from 'supertest';
import { PlatformRole, Specialty, TokenPair, UserStatus } from '@app/contracts';
import {
  TEST_PASSWORD,
  TestApp,
  bearer,
  createUser,
  login,
  startTestApp,
} from '../support/test-app';

describe('accounts and authentication over HTTP', () => {
  let t: TestApp;
  let adminEmail: string;
  let userEmail: string;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', ACCESS_TOKEN_TTL: '60' });
    adminEmail = (await createUser(t, { role: PlatformRole.Admin })).email;
    userEmail = (await createUser(t, { specialty: Specialty.Pathology })).email;
  });

  afterAll(() => t.close());

  const api = () => request(t.http);

  describe('login', () => {
    it('returns a short-lived access token and a refresh token', async () => {
      const tokens = await login(t, userEmail);
      expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 60 });
      expect(tokens.accessToken.split('.')).toHaveLength(3);
      expect(tokens.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
      const me = await api().get('/api/v1/users/me').set(bearer(tokens)).expect(200);
      expect(me.body).toMatchObject({
        email: userEmail,
        specialty: 'pathology',
        role: 'user',
        status: 'active',
      });
      expect(me.body).not.toHaveProperty('passwordHash');
    });

    it('is case-insensitive on the email', async () => {
      await login(t, userEmail.toUpperCase());
    });

    it.each([
      ['wrong password', () => ({ email: userEmail, password: 'Not-The-Password-123!' })],
      ['unknown account', () => ({ email: 'nobody@hospital.example', password: TEST_PASSWORD })],
    ])('refuses a %s with the same 401', async (_name, body) => {
      const response = await api().post('/api/v1/auth/login').send(body()).expect(401);
      expect(response.body).toMatchObject({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'invalid email or password',
      });
    });

    it('locks the account after repeated failures, even for the right password, and audits it', async () => {
      const victim = await createUser(t);
      for (let i = 0; i < 3; i++) {
        await api()
          .post('/api/v1/auth/login')
          .send({ email: victim.email, password: `Wrong-Password-${i}-xyz` })
          .expect(401);
      }
      const locked = await api()
        .post('/api/v1/auth/login')
        .send({ email: victim.email, password: TEST_PASSWORD })
        .expect(423);
      expect(locked.body.message).toContain('locked');
      const admin = await login(t, adminEmail);
      const events = await api()
        .get('/api/v1/audit')
        .query({ targetId: victim.id })
        .set(bearer(admin))
        .expect(200);
      const actions = events.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'auth.login_failed',
          'auth.account_locked',
          'auth.login_refused_locked',
        ]),
      );
    });
  });

  describe('refresh token rotation', () => {
    it('rotates: the new pair works and the old refresh token is spent', async () => {
      const first = await login(t, userEmail);
      const second = (
        await api()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: first.refreshToken })
          .expect(200)
      ).body as TokenPair;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await api().get('/api/v1/users/me').set(bearer(second)).expect(200);
      const third = (
        await api()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: second.refreshToken })
          .expect(200)
      ).body as TokenPair;
      await api().get('/api/v1/users/me').set(bearer(third)).expect(200);
    });

    it('detects reuse of a rotated token and revokes the whole family', async () => {
      const first = await login(t, userEmail);
      const second = (
        await api()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: first.refreshToken })
          .expect(200)
      ).body as TokenPair;
      const reuse = await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(401);
      expect(reuse.body.message).toContain('revoked');
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: second.refreshToken })
        .expect(401);
      await api().get('/api/v1/users/me').set(bearer(second)).expect(401);
      await api().get('/api/v1/users/me').set(bearer(first)).expect(401);
    });

    it('lets exactly one of two concurrent refreshes with the same token win', async () => {
      const tokens = await login(t, userEmail);
      const results = await Promise.all(
        [1, 2].map(() =>
          api().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it.each([
      ['garbage', 'not-a-token'],
      ['well-formed but unknown', `00000000-0000-4000-8000-000000000000.${'A'.repeat(43)}`],
    ])('refuses a %s refresh token', async (_name, refreshToken) => {
      await api().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
    });

    it('refuses a refresh token whose secret part was altered', async () => {
      const tokens = await login(t, userEmail);
      const [id, secret] = tokens.refreshToken.split('.');
      const altered = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      await api().post('/api/v1/auth/refresh').send({ refreshToken: altered }).expect(401);
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: tokens.refreshToken })
        .expect(200);
    });
  });

  describe('logout and revoked tokens', () => {
    it('revokes the session: access and refresh tokens stop working', async () => {
      const tokens = await login(t, userEmail);
      const signedOut = await api().post('/api/v1/auth/logout').set(bearer(tokens)).expect(200);
      // A password session has no identity provider to sign out of as well.
      expect(signedOut.body).toEqual({ providerLogoutUrl: null });
      await api().get('/api/v1/users/me').set(bearer(tokens)).expect(401);
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: tokens.refreshToken })
        .expect(401);
    });

    it('leaves the user’s other sessions alone', async () => {
      const a = await login(t, userEmail);
      const b = await login(t, userEmail);
      await api().post('/api/v1/auth/logout').set(bearer(a)).expect(200);
      await api().get('/api/v1/users/me').set(bearer(b)).expect(200);
    });

    it('refuses tampered, foreign-signed and malformed access tokens', async () => {
      const tokens = await login(t, userEmail);
      const [header, payload, signature] = tokens.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString(
        'base64url',
      );
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      for (const token of [
        `${header}.${elevated}.${signature}`,
        none,
        'abc',
        `${tokens.accessToken}x`,
      ]) {
        await api().get('/api/v1/users/me').set(bearer(token)).expect(401);
      }
      await api()
        .get('/api/v1/users/me')
        .set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`)
        .expect(401);
    });
  });

  describe('authorisation', () => {
    it('requires authentication on every non-public route', async () => {
      for (const [method, path] of [
        ['get', '/api/v1/users'],
        ['get', '/api/v1/users/me'],
        ['post', '/api/v1/users'],
        ['get', '/api/v1/audit'],
        ['get', '/api/v1/audit/verify'],
        ['post', '/api/v1/auth/logout'],
      ] as const) {
        const response = await api()[method](path).expect(401);
        expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
    });

    it('keeps admin actions for admins: 403 for a signed-in user', async () => {
      const user = await login(t, userEmail);
      await api().get('/api/v1/audit').set(bearer(user)).expect(403);
      await api().get('/api/v1/audit/verify').set(bearer(user)).expect(403);
      await api()
        .post('/api/v1/users')
        .set(bearer(user))
        .send({
          email: 'x@hospital.example',
          displayName: 'X Y',
          specialty: 'radiology',
          institution: 'General',
        })
        .expect(403);
    });

    it('shows colleagues and their credentials to every signed-in member', async () => {
      const user = await login(t, userEmail);
      const list = await api()
        .get('/api/v1/users')
        .query({ specialty: 'pathology' })
        .set(bearer(user))
        .expect(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      expect(list.body.items[0]).toHaveProperty('credentials');
      expect(list.body.items[0]).not.toHaveProperty('passwordHash');
    });
  });

  describe('invitations', () => {
    it('admin invites, the invitee sets a policy-compliant password and signs in', async () => {
      const admin = await login(t, adminEmail);
      const invite = await api()
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({
          email: 'new.radiologist@hospital.example',
          displayName: 'Dr New Radiologist',
          specialty: 'radiology',
          institution: 'General Hospital',
          credentials: {
            licences: [
              { number: 'MD-1', jurisdiction: 'State Medical Board', expiresOn: '2029-01-31' },
            ],
            boardCertifications: [{ board: 'ABR', specialty: 'Diagnostic Radiology' }],
          },
        })
        .expect(201);
      expect(invite.body.user.status).toBe(UserStatus.Invited);
      const { invitationToken } = invite.body;

      await api()
        .post('/api/v1/auth/login')
        .send({ email: 'new.radiologist@hospital.example', password: 'anything-at-all' })
        .expect(401);
      const weak = await api()
        .post('/api/v1/auth/accept-invitation')
        .send({ invitationToken, password: 'password1234' })
        .expect(400);
      expect(weak.body.details[0]).toMatchObject({ field: 'password' });
      const personal = await api()
        .post('/api/v1/auth/accept-invitation')
        .send({ invitationToken, password: 'Radiologist-Hospital-99' })
        .expect(400);
      expect(personal.body.details.map((d: { message: string }) => d.message).join()).toContain(
        'name, email or institution',
      );

      await api()
        .post('/api/v1/auth/accept-invitation')
        .send({ invitationToken, password: 'Violet-Harbour-Lantern-42' })
        .expect(200);
      await api()
        .post('/api/v1/auth/accept-invitation')
        .send({ invitationToken, password: 'Violet-Harbour-Lantern-43' })
        .expect(401);
      await login(t, 'new.radiologist@hospital.example', 'Violet-Harbour-Lantern-42');
    });

    it('refuses a duplicate email with 409', async () => {
      const admin = await login(t, adminEmail);
      const response = await api()
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({
          email: userEmail.toUpperCase(),
          displayName: 'Dup Licate',
          specialty: 'other',
          institution: 'General',
        })
        .expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    });
  });

  describe('account administration', () => {
    it('disabling a user revokes their sessions at once', async () => {
      const admin = await login(t, adminEmail);
      const target = await createUser(t);
      const tokens = await login(t, target.email);
      await api()
        .patch(`/api/v1/users/${target.id}`)
        .set(bearer(admin))
        .send({ status: 'disabled' })
        .expect(200);
      await api().get('/api/v1/users/me').set(bearer(tokens)).expect(401);
      await api()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: tokens.refreshToken })
        .expect(401);
      await api()
        .post('/api/v1/auth/login')
        .send({ email: target.email, password: TEST_PASSWORD })
        .expect(401);
    });

    it('refuses to remove the last active administrator', async () => {
      const solo = await startTestApp();
      try {
        const only = await createUser(solo, { role: PlatformRole.Admin });
        const tokens = await login(solo, only.email);
        const response = await request(solo.http)
          .patch(`/api/v1/users/${only.id}`)
          .set(bearer(tokens))
          .send({ role: 'user' })
          .expect(409);
        expect(response.body.message).toContain('last active administrator');
      } finally {
        await solo.close();
      }
    });

    it('changing the password revokes the other sessions and needs the current password', async () => {
      const person = await createUser(t);
      const a = await login(t, person.email);
      const b = await login(t, person.email);
      await api()
        .post('/api/v1/auth/password')
        .set(bearer(a))
        .send({ currentPassword: 'wrong', newPassword: 'Violet-Harbour-Lantern-77' })
        .expect(400)
        .expect(({ body }) =>
          expect(body.details).toEqual([
            { field: 'currentPassword', message: 'That is not your current password.' },
          ]),
        );
      await api()
        .post('/api/v1/auth/password')
        .set(bearer(a))
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'Violet-Harbour-Lantern-77' })
        .expect(204);
      await api().get('/api/v1/users/me').set(bearer(a)).expect(200);
      await api().get('/api/v1/users/me').set(bearer(b)).expect(401);
      await login(t, person.email, 'Violet-Harbour-Lantern-77');
    });

    it('a member updates their own profile and credentials', async () => {
      const person = await createUser(t);
      const tokens = await login(t, person.email);
      const updated = await api()
        .patch('/api/v1/users/me')
        .set(bearer(tokens))
        .send({
          institution: 'Regional Cancer Centre',
          credentials: {
            licences: [{ number: 'L-9', jurisdiction: 'GMC' }],
            boardCertifications: [],
          },
        })
        .expect(200);
      expect(updated.body).toMatchObject({
        institution: 'Regional Cancer Centre',
        credentials: { licences: [{ number: 'L-9' }] },
      });
      await api().patch('/api/v1/users/me').set(bearer(tokens)).send({ role: 'admin' }).expect(400);
    });
  });

  describe('rate limiting', () => {
    it('answers 429 once a client exceeds the login rate', async () => {
      const limited = await startTestApp({ LOGIN_RATE_LIMIT: '5' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) {
          statuses.push(
            (
              await request(limited.http)
                .post('/api/v1/auth/login')
                .send({ email: 'a@b.example', password: 'x' })
            ).status,
          );
        }
        expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
        expect(statuses.slice(5)).toEqual([429, 429, 429]);
      } finally {
        await limited.close();
      }
    });
  });
});
