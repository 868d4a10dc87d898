import request from 'supertest';
import { TestApp, createUser, login, startTestApp } from '../support/test-app';

describe('HTTP surface', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://board.hospital.example' });
  });

  afterAll(() => t.close());

  it('sends security headers and no framework fingerprint', async () => {
    const response = await request(t.http).get('/health').expect(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('assigns a request id, or keeps a well-formed incoming one', async () => {
    const fresh = await request(t.http).get('/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(t.http).get('/health').set('X-Request-Id', 'proxy-abc-12345');
    expect(kept.headers['x-request-id']).toBe('proxy-abc-12345');
    const replaced = await request(t.http).get('/health').set('X-Request-Id', 'bad id <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const error = await request(t.http)
      .get('/api/v1/nope')
      .set('X-Request-Id', 'proxy-abc-67890')
      .expect(404);
    expect(error.body.requestId).toBe('proxy-abc-67890');
  });

  it('allows only configured browser origins', async () => {
    const allowed = await request(t.http)
      .options('/api/v1/auth/login')
      .set('Origin', 'https://board.hospital.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://board.hospital.example');
    const refused = await request(t.http)
      .options('/api/v1/auth/login')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('publishes the OpenAPI document and its UI', async () => {
    const json = await request(t.http).get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/auth/refresh',
        '/api/v1/users',
        '/api/v1/audit',
        '/api/v1/audit/verify',
        '/health',
        '/api/v1/boards',
        '/api/v1/boards/{boardId}/meetings',
        '/api/v1/boards/{boardId}/cases',
        '/api/v1/cases/{caseId}',
        '/api/v1/cases/{caseId}/records/upload',
        '/api/v1/meetings/{meetingId}/agenda',
        '/api/v1/meetings/{meetingId}/agenda/order',
        '/api/v1/calendar/{file}',
      ]),
    );
    expect(json.body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const ui = await request(t.http).get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('refuses a NUL character anywhere in a request with a 400 naming the field, never a 500', async () => {
    const login = await request(t.http)
      .post('/api/v1/auth/login')
      .send({ email: 'a\u0000@hospital.example', password: 'x' })
      .expect(400);
    expect(login.body.details).toEqual([
      { field: 'email', message: 'email must not contain a NUL character' },
    ]);
    const users = await signedIn(t);
    const search = await request(t.http)
      .get('/api/v1/users')
      .query({ search: 'smith\u0000' })
      .set('Authorization', `Bearer ${users}`)
      .expect(400);
    expect(search.body.details).toEqual([
      { field: 'search', message: 'search must not contain a NUL character' },
    ]);
    const board = await request(t.http)
      .post('/api/v1/boards')
      .set('Authorization', `Bearer ${users}`)
      .send({ name: 'Board', tumourSites: ['lung\u0000'], institution: 'GH', timezone: 'UTC' })
      .expect(400);
    expect(board.body.details[0].field).toBe('tumourSites.0');
  });
});

async function signedIn(t: TestApp): Promise<string> {
  const user = await createUser(t);
  return (await login(t, user.email)).accessToken;
}
