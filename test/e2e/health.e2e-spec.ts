import request from 'supertest';
import { TcpProxy } from '@app/testing';
import { TestApp, startTestAppBehindProxy } from '../support/test-app';

describe('GET /health follows the database', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    ({ t, proxy } = await startTestAppBehindProxy());
  });

  afterAll(async () => {
    await t.close();
    await proxy.close();
  });

  it('is 200 while PostgreSQL answers, 503 while it is unreachable, and recovers by itself', async () => {
    await request(t.http).get('/health').expect(200);

    await proxy.cut();
    const down = await request(t.http).get('/health').expect(503);
    expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });

    await proxy.open();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await request(t.http).get('/health')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  });

  it('needs no authentication and sits outside the API prefix', async () => {
    await request(t.http).get('/api/v1/health').expect(404);
  });
});
