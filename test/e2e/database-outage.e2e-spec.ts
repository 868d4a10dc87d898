import { AddressInfo } from 'node:net';
import request from 'supertest';
import { TcpProxy } from '@app/testing';
import { rawSocket } from '../support/collab';
import { LiveBoard, LiveClient, connectLive, emitLive, listen, liveBoard } from '../support/live';
import { TestApp, bearer, startTestAppBehindProxy } from '../support/test-app';

/**
 * PostgreSQL unreachable (restart, network cut): every way in answers "try
 * again" (503 with Retry-After over REST, `unavailable` over sockets and at
 * the notes upgrade), never a 500 or a misleading "sign in again", and the
 * same requests succeed once it is back.
 */
describe('a database outage is a retryable 503, never a 500', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let url: string;
  let port: number;
  let live: LiveBoard;
  let socket: LiveClient;

  beforeAll(async () => {
    ({ t, proxy } = await startTestAppBehindProxy());
    url = await listen(t);
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    live = await liveBoard(t, 'Outage Board');
    socket = await connectLive(url, live.people.chair.token);
  });

  afterAll(async () => {
    socket?.disconnect();
    await t.close();
    await proxy.close();
  });

  it('answers every way in with "try again" while PostgreSQL is unreachable, and serves again once it is back', async () => {
    const token = live.people.chair.token;
    await proxy.cut();

    for (const attempt of [
      request(t.http).get('/api/v1/users/me').set(bearer(token)),
      request(t.http).get(`/api/v1/meetings/${live.meetingId}/agenda`).set(bearer(token)),
      request(t.http)
        .post('/api/v1/auth/login')
        .send({ email: live.people.chair.user.email, password: 'whatever-password-1' }),
    ]) {
      const response = await attempt;
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ statusCode: 503, code: 'unavailable' });
    }

    expect(await emitLive(socket, 'meeting:join', { meetingId: live.meetingId })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    await expect(connectLive(url, token)).rejects.toThrow(/^unavailable/);
    expect(
      (await rawSocket(port, `/collab/meetings/${live.meetingId}?token=${token}`)).status,
    ).toBe(503);

    await proxy.open();
    await request(t.http).get('/api/v1/users/me').set(bearer(token)).expect(200);
    expect(await emitLive(socket, 'meeting:join', { meetingId: live.meetingId })).toMatchObject({
      ok: true,
    });
    const again = await connectLive(url, token);
    again.disconnect();
  });
});
