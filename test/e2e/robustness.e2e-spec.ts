import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { findFreePort } from '@app/persistence';
import { MALFORMED_BODIES, rng } from '../support/fuzz';
import { TestApp, bearer, createUser, login, startTestApp } from '../support/test-app';

describe('bad input never causes a 5xx', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '65536' });
    const user = await createUser(t);
    token = (await login(t, user.email)).accessToken;
  });

  afterAll(() => t.close());

  const endpoints: Array<[string, string, boolean]> = [
    ['post', '/api/v1/auth/login', false],
    ['post', '/api/v1/auth/refresh', false],
    ['post', '/api/v1/auth/accept-invitation', false],
    ['post', '/api/v1/auth/password', true],
    ['patch', '/api/v1/users/me', true],
    ['post', '/api/v1/users', true],
    ['patch', '/api/v1/users/00000000-0000-4000-8000-000000000000', true],
    ['get', '/api/v1/users', true],
    ['get', '/api/v1/users/not-a-uuid', true],
    ['get', '/api/v1/audit', true],
  ];

  const rawBodies = MALFORMED_BODIES;

  it('answers 4xx to a catalogue of malformed bodies on every endpoint that takes a body', async () => {
    for (const [method, path, auth] of endpoints.filter(([m]) => m !== 'get')) {
      for (const body of rawBodies) {
        const call = request(t.http)
          [method as 'post'](path)
          .set('Content-Type', 'application/json');
        if (auth) call.set(bearer(token));
        const response = await call.send(body);
        expect({
          path,
          body: body.slice(0, 40),
          clientError: response.status >= 400 && response.status < 500,
        }).toEqual({
          path,
          body: body.slice(0, 40),
          clientError: true,
        });
        expect(response.body).toMatchObject({
          statusCode: response.status,
          error: expect.any(String),
          message: expect.any(String),
        });
      }
    }
  });

  it('answers 4xx to hundreds of random requests, with and without credentials', async () => {
    const random = rng(20261122);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const contentTypes = [
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const [method, path] = pick(endpoints);
      const variant = Math.floor(random() * 5);
      const target =
        variant === 0
          ? `${path}/${randomBytes(4).toString('hex')}`
          : variant === 1
            ? `${path}?limit=${pick(['-1', 'x', '1e9', ''])}`
            : path;
      const call = request(t.http)[pick([method, 'put', 'delete', 'patch', 'post']) as 'post'](
        target,
      );
      if (random() < 0.5) call.set(bearer(pick([token, 'garbage', `${token}x`, ''])));
      call.set('Content-Type', pick(contentTypes));
      const body = pick([
        randomBytes(Math.floor(random() * 256)).toString('latin1'),
        pick(rawBodies),
        JSON.stringify({ x: random() }),
      ]);
      const response = await call.send(body);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500)
        throw new Error(
          `${response.status} for ${method} ${target} ${JSON.stringify(body.slice(0, 80))}`,
        );
    }
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
  });

  it('answers 413 to an oversized body and 404 to unknown routes, in the one error shape', async () => {
    const big = await request(t.http)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"${'a'.repeat(100_000)}"}`);
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    const unknown = await request(t.http).get('/api/v1/no/such/thing').expect(404);
    expect(unknown.body).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      message: 'no such route',
    });
    await request(t.http).delete('/health').expect(404);
  });

  it('reports field-level details for wrong types and unknown fields', async () => {
    const response = await request(t.http)
      .post('/api/v1/users')
      .set(bearer(token))
      .send({
        email: 42,
        displayName: ['x'],
        specialty: 'astrology',
        institution: 'General',
        role: 'superuser',
        shoeSize: 44,
      })
      .expect(403);
    expect(response.body.statusCode).toBe(403);
    const own = await request(t.http)
      .patch('/api/v1/users/me')
      .set(bearer(token))
      .send({ displayName: 7, specialty: 'astrology', shoeSize: 44 })
      .expect(400);
    const fields = own.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['displayName', 'specialty', 'shoeSize']));
    const nested = await request(t.http)
      .patch('/api/v1/users/me')
      .set(bearer(token))
      .send({
        credentials: {
          licences: [{ number: '', jurisdiction: 'X', expiresOn: '31/12/2029' }],
          boardCertifications: [],
        },
      })
      .expect(400);
    expect(nested.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['credentials.licences.0.number', 'credentials.licences.0.expiresOn']),
    );
  });

  it('is still healthy and consistent afterwards', async () => {
    await request(t.http).get('/health').expect(200);
    await request(t.http).get('/api/v1/users/me').set(bearer(token)).expect(200);
  });
});

describe('single sign-on callbacks: forged, malformed and random queries never cause a 5xx', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Nothing answers at the issuer: a callback that got past its checks would find no provider.
    t = await startTestApp({
      OIDC_PROVIDERS: 'hospital',
      OIDC_HOSPITAL_NAME: 'Hospital account',
      OIDC_HOSPITAL_ISSUER: `http://127.0.0.1:${await findFreePort()}`,
      OIDC_HOSPITAL_CLIENT_ID: 'tumor-board',
    });
  });

  afterAll(() => t.close());

  const CALLBACK = '/api/v1/auth/oidc/hospital/callback';

  it.each<[string, number, string]>([
    ['no query at all', 400, CALLBACK],
    ['a code without state', 400, `${CALLBACK}?code=abc`],
    ['a state without code or error', 400, `${CALLBACK}?state=abc`],
    ['a state as a list', 400, `${CALLBACK}?state=a&state=b&code=c`],
    ['a state of 513 characters', 400, `${CALLBACK}?state=${'s'.repeat(513)}&code=c`],
    ['an error with a quote', 400, `${CALLBACK}?state=s&error=a%22b`],
    ['a NUL in the state', 400, `${CALLBACK}?state=a%00b&code=c`],
    ['an unknown provider', 404, '/api/v1/auth/oidc/elsewhere/callback?state=s&code=c'],
    ['a provider id of 2000 characters', 404, `/api/v1/auth/oidc/${'p'.repeat(2000)}/callback`],
    ['a state the app never issued', 303, `${CALLBACK}?state=forged&code=c`],
    ['a provider error for a forged state', 303, `${CALLBACK}?state=forged&error=access_denied`],
  ])('answers %s with %d', async (_name, status, path) => {
    const response = await request(t.http).get(path).expect(status);
    if (status === 303) expect(response.headers.location).toBe('/login?sso=state_unknown');
    else expect(response.body.statusCode).toBe(status);
  });

  it('answers hundreds of random callback queries and methods with a 3xx or 4xx', async () => {
    const random = rng(20260418);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const value = () =>
      pick([
        randomBytes(Math.floor(random() * 64)).toString('base64url'),
        encodeURIComponent(randomBytes(Math.floor(random() * 64)).toString('latin1')),
        '%zz',
        '',
        'x'.repeat(Math.floor(random() * 6000)),
      ]);
    for (let i = 0; i < 300; i++) {
      const names = Array.from({ length: Math.floor(random() * 5) }, () =>
        pick(['state', 'code', 'error', 'error_description', 'iss', 'state[]', 'code[x]', 'z']),
      );
      const query = names.map((name) => `${name}=${value()}`).join('&');
      const method = pick(['get', 'get', 'get', 'post', 'put', 'delete']) as 'get';
      const response = await request(t.http)[method](`${CALLBACK}?${query}`);
      if (response.status < 300 || response.status >= 500)
        throw new Error(`${response.status} for ${method} ${CALLBACK}?${query.slice(0, 200)}`);
    }
    await request(t.http).get('/health').expect(200);
  });
});
