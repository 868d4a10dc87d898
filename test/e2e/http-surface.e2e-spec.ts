import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';

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
});
