import { IncomingHttpHeaders, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  PlatformRole,
  RegisteredWebhookEndpointView,
  Specialty,
  WebhookDeliveryView,
  WebhookEndpointView,
} from '@app/contracts';
import { InvalidInput, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { WebhookDispatcher, WebhookService, verifySignature } from '@app/webhooks';
import { Person, boardWithPanel, person } from '../support/clinical';
import { TestApp, bearer, startTestApp } from '../support/test-app';

const ENV = {
  WEBHOOK_POLL_MS: '100',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_MAX_ATTEMPTS: '3',
};
const EVENT = 'recommendation.published';

interface Received {
  index: number;
  method: string | undefined;
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 whose answers the test decides, request by request. */
async function startReceiver(
  handle: (request: Received, response: ServerResponse) => void | Promise<void>,
): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Received = {
        index: received.length + 1,
        method: req.method,
        path: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      received.push(entry);
      void Promise.resolve(handle(entry, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tumor-board`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const answer = (response: ServerResponse, status: number, body = '') => {
  response.writeHead(status, { 'content-type': 'text/plain' });
  response.end(body);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

describe('outgoing webhooks for published recommendations', () => {
  let t: TestApp;
  const receivers: Receiver[] = [];
  const extraApps: TestApp[] = [];

  const receiver = async (
    handle: (request: Received, response: ServerResponse) => void | Promise<void>,
  ) => {
    const started = await startReceiver(handle);
    receivers.push(started);
    return started;
  };

  const register = async (
    boardId: string,
    who: Person,
    body: Record<string, unknown>,
    status = 201,
  ) =>
    request(t.http)
      .post(`/api/v1/boards/${boardId}/webhooks`)
      .set(bearer(who.token))
      .send(body)
      .expect(status);

  const deliveryLog = async (endpointId: string, who: Person): Promise<WebhookDeliveryView[]> =>
    (
      await request(t.http)
        .get(`/api/v1/webhooks/${endpointId}/deliveries`)
        .set(bearer(who.token))
        .expect(200)
    ).body as WebhookDeliveryView[];

  const enqueue = (
    app: TestApp,
    boardId: string,
    subjectId: string,
    data: Record<string, unknown>,
  ) =>
    app.app
      .get(UnitOfWork)
      .run(() => app.app.get(WebhookService).enqueue(boardId, EVENT, subjectId, data));

  beforeAll(async () => {
    t = await startTestApp(ENV);
  });

  afterAll(async () => {
    for (const app of extraApps) await app.close();
    await t.close();
    for (const started of receivers) await started.close();
  });

  it('lets coordinators and admins register endpoints, showing the secret exactly once', async () => {
    const { boardId, coordinator, members } = await boardWithPanel(t, 'Webhook Registration Board');
    const outsider = await person(t, Specialty.SurgicalOncology);
    const admin = await person(t, Specialty.Other, PlatformRole.Admin);

    const created = (
      await register(boardId, coordinator, {
        url: 'https://integration.hospital.example/tumor-board?source=tb',
        description: 'EHR integration engine',
      })
    ).body as RegisteredWebhookEndpointView;
    expect(created).toMatchObject({
      boardId,
      url: 'https://integration.hospital.example/tumor-board?source=tb',
      description: 'EHR integration engine',
      active: true,
      createdBy: coordinator.user.id,
    });
    // 32 random bytes, base64url.
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const chosenSecret = 'admin-chosen-secret-0123456789';
    const byAdmin = (
      await register(boardId, admin, {
        url: 'https://second.hospital.example/hook',
        secret: chosenSecret,
      })
    ).body as RegisteredWebhookEndpointView;
    expect(byAdmin.secret).toBe(chosenSecret);

    const listed = await request(t.http)
      .get(`/api/v1/boards/${boardId}/webhooks`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect((listed.body as WebhookEndpointView[]).map((endpoint) => endpoint.id).sort()).toEqual(
      [created.id, byAdmin.id].sort(),
    );
    for (const endpoint of listed.body as Array<Record<string, unknown>>) {
      expect(endpoint).not.toHaveProperty('secret');
    }
    expect(listed.text).not.toContain(created.secret);
    expect(listed.text).not.toContain(chosenSecret);

    // Same URL twice on one board would deliver everything twice.
    await register(
      boardId,
      coordinator,
      { url: 'https://integration.hospital.example/tumor-board?source=tb' },
      409,
    );

    // Panelists, chairs and observers are members but do not manage the board: 403; outsiders: 404.
    for (const member of [members.panelist, members.chair, members.observer]) {
      await register(boardId, member, { url: 'https://evil.example/hook' }, 403);
      await request(t.http)
        .get(`/api/v1/boards/${boardId}/webhooks`)
        .set(bearer(member.token))
        .expect(403);
    }
    await register(boardId, outsider, { url: 'https://evil.example/hook' }, 404);
    await request(t.http)
      .get(`/api/v1/boards/${boardId}/webhooks`)
      .set(bearer(outsider.token))
      .expect(404);
    await request(t.http)
      .get(`/api/v1/webhooks/${created.id}/deliveries`)
      .set(bearer(members.panelist.token))
      .expect(403);
    const foreign = await request(t.http)
      .get(`/api/v1/webhooks/${created.id}/deliveries`)
      .set(bearer(outsider.token))
      .expect(404);
    expect(JSON.stringify(foreign.body)).not.toContain(boardId);
    await request(t.http).get(`/api/v1/boards/${boardId}/webhooks`).expect(401);

    // Audited, without the secret or the query string.
    const audit = await request(t.http)
      .get('/api/v1/audit')
      .query({ action: 'webhook.registered', targetId: created.id })
      .set(bearer(admin.token))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actorId: coordinator.user.id,
      targetType: 'webhook_endpoint',
      details: {
        boardId,
        url: 'https://integration.hospital.example/tumor-board?…',
        secretGenerated: true,
      },
    });
    expect(JSON.stringify(audit.body)).not.toContain(created.secret);
  });

  it('refuses invalid URLs, short secrets and unknown fields with 400', async () => {
    const { boardId, coordinator } = await boardWithPanel(t, 'Webhook Validation Board');
    const invalid: Array<[Record<string, unknown>, RegExp]> = [
      [{ url: 'ftp://files.hospital.example/drop' }, /http and https/],
      [{ url: 'javascript:alert(1)' }, /http and https/],
      [{ url: 'https://user:password@hospital.example/hook' }, /user name or password/],
      [{ url: 'not a url' }, /absolute URL/],
      [{ url: 'https://hospital.example/hook#fragment' }, /fragment/],
      [{ url: '' }, /empty/],
      [{}, /url/],
      [{ url: 42 }, /url/],
      [{ url: 'https://hospital.example/hook', secret: 'short' }, /secret/],
      [{ url: 'https://hospital.example/hook', events: ['recommendation.published'] }, /events/],
      [{ url: 'https://hospital.example/hook', active: false }, /active/],
    ];
    for (const [body, problem] of invalid) {
      const response = await register(boardId, coordinator, body, 400);
      expect(JSON.stringify(response.body)).toMatch(problem);
    }
    await request(t.http)
      .delete('/api/v1/webhooks/not-a-uuid')
      .set(bearer(coordinator.token))
      .expect(400);
    await request(t.http)
      .get(`/api/v1/webhooks/${newId()}/deliveries`)
      .query({ limit: 0 })
      .set(bearer(coordinator.token))
      .expect(400);
    await request(t.http)
      .get(`/api/v1/webhooks/${newId()}/deliveries`)
      .set(bearer(coordinator.token))
      .expect(404);
    const listed = await request(t.http)
      .get(`/api/v1/boards/${boardId}/webhooks`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(listed.body).toEqual([]);

    const service = t.app.get(WebhookService);
    await expect(service.enqueue(boardId, 'Published', newId(), {})).rejects.toThrow(InvalidInput);
    await expect(service.enqueue(boardId, EVENT, 'not-a-uuid', {})).rejects.toThrow(InvalidInput);
  });

  it('retries a failing receiver with backoff and delivers exactly once, signed', async () => {
    const { boardId, coordinator } = await boardWithPanel(t, 'Webhook Retry Board');
    let endpointId = '';
    const seenInLog: WebhookDeliveryView[] = [];
    const flaky = await receiver(async (req, res) => {
      // What the delivery log shows while this attempt is in flight.
      const [entry] = await deliveryLog(endpointId, coordinator);
      seenInLog.push(entry);
      if (req.index === 1) return answer(res, 500, 'temporarily\nunavailable');
      // A dropped connection: no status line at all.
      if (req.index === 2) {
        res.socket?.destroy();
        return;
      }
      answer(res, 200, 'ok');
    });
    const created = (await register(boardId, coordinator, { url: flaky.url }))
      .body as RegisteredWebhookEndpointView;
    endpointId = created.id;

    const subjectId = newId();
    const data = { recommendationId: subjectId, caseId: newId(), version: 1, text: 'Lobectomy' };
    const ids = await enqueue(t, boardId, subjectId, data);
    expect(ids).toHaveLength(1);
    const [deliveryId] = ids;

    const [delivered] = await eventually(
      () => deliveryLog(endpointId, coordinator),
      (log) => log[0]?.status === 'delivered',
      'the delivery to succeed',
    );
    expect(delivered).toMatchObject({
      id: deliveryId,
      endpointId,
      event: EVENT,
      subjectId,
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(delivered.deliveredAt).not.toBeNull();

    // Attempts counted 1, 2, 3; the log carried each failure into the next attempt.
    expect(seenInLog.map((entry) => entry.attempts)).toEqual([1, 2, 3]);
    expect(seenInLog[0]).toMatchObject({
      status: 'pending',
      lastStatusCode: null,
      lastError: null,
    });
    expect(seenInLog[1]).toMatchObject({
      status: 'pending',
      lastStatusCode: 500,
      lastError: 'HTTP 500: temporarily unavailable',
    });
    expect(seenInLog[2]).toMatchObject({ status: 'pending', lastStatusCode: null });
    expect(seenInLog[2].lastError).toMatch(/fetch failed|socket|closed/i);

    // Exactly once: nothing more arrives once it has been accepted.
    await sleep(600);
    expect(flaky.received).toHaveLength(3);

    // Backoff: the next attempt waits base·2^(n-1) after a failure (100 ms, then 200 ms).
    const [first, second, third] = flaky.received;
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(90);
    expect(third.receivedAt - second.receivedAt).toBeGreaterThanOrEqual(190);

    for (const req of flaky.received) {
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/hooks/tumor-board');
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers['x-tumorboard-event']).toBe(EVENT);
      expect(req.headers['x-tumorboard-delivery']).toBe(deliveryId);
      expect(req.headers['x-tumorboard-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const body = JSON.parse(req.body);
      expect(body).toEqual({ id: deliveryId, event: EVENT, createdAt: delivered.createdAt, data });
    }

    const signature = third.headers['x-tumorboard-signature'] as string;
    // The receiver checks the signed time against its own clock, read when the request came in.
    const received = { nowSeconds: Math.floor(third.receivedAt / 1000) };
    expect(verifySignature(created.secret, signature, third.body, received)).toBe(true);
    expect(
      verifySignature(
        created.secret,
        signature,
        third.body.replace('Lobectomy', 'Observation'),
        received,
      ),
    ).toBe(false);
    expect(verifySignature('some-other-secret-value', signature, third.body, received)).toBe(false);
    expect(
      verifySignature(created.secret, signature, third.body, {
        nowSeconds: received.nowSeconds + 3600,
      }),
    ).toBe(false);
  });

  it('marks a delivery failed after the maximum number of attempts', async () => {
    const { boardId, coordinator } = await boardWithPanel(t, 'Webhook Failure Board');
    const down = await receiver((_req, res) => answer(res, 503, 'maintenance window'));
    const created = (await register(boardId, coordinator, { url: down.url }))
      .body as RegisteredWebhookEndpointView;

    const subjectId = newId();
    const [deliveryId] = await enqueue(t, boardId, subjectId, { recommendationId: subjectId });
    const [failed] = await eventually(
      () => deliveryLog(created.id, coordinator),
      (log) => log[0]?.status === 'failed',
      'the delivery to fail',
    );
    expect(failed).toMatchObject({
      id: deliveryId,
      status: 'failed',
      attempts: 3,
      lastStatusCode: 503,
      lastError: 'HTTP 503: maintenance window',
      nextAttemptAt: null,
      deliveredAt: null,
    });
    expect(failed.lastAttemptAt).not.toBeNull();
    await sleep(600);
    expect(down.received).toHaveLength(3);
    expect(new Set(down.received.map((req) => req.headers['x-tumorboard-delivery']))).toEqual(
      new Set([deliveryId]),
    );

    // A second delivery gets its own log line, newest first; limit bounds the log.
    const [second] = await enqueue(t, boardId, newId(), { n: 2 });
    const log = await deliveryLog(created.id, coordinator);
    expect(log.map((entry) => entry.id)).toEqual([second, deliveryId]);
    const limited = await request(t.http)
      .get(`/api/v1/webhooks/${created.id}/deliveries`)
      .query({ limit: 1 })
      .set(bearer(coordinator.token))
      .expect(200);
    expect(limited.body.map((entry: WebhookDeliveryView) => entry.id)).toEqual([second]);
  });

  it('sends nothing new to a deactivated endpoint and cancels what was pending', async () => {
    const { boardId, coordinator, members } = await boardWithPanel(t, 'Webhook Deactivation Board');
    const outsider = await person(t, Specialty.Radiology);
    const ok = await receiver((_req, res) => answer(res, 204));
    const healthy = (await register(boardId, coordinator, { url: ok.url }))
      .body as RegisteredWebhookEndpointView;

    let cancelledId = '';
    const slow = await receiver(async (_req, res) => {
      // Deactivated while its first attempt is in flight; that attempt then fails.
      await request(t.http)
        .delete(`/api/v1/webhooks/${cancelledId}`)
        .set(bearer(coordinator.token))
        .expect(204);
      answer(res, 500);
    });
    const cancelled = (await register(boardId, coordinator, { url: slow.url }))
      .body as RegisteredWebhookEndpointView;
    cancelledId = cancelled.id;

    const first = await enqueue(t, boardId, newId(), { n: 1 });
    expect(first).toHaveLength(2);
    await eventually(
      () => deliveryLog(healthy.id, coordinator),
      (log) => log[0]?.status === 'delivered',
      'the healthy endpoint to be served',
    );
    const [cancelledDelivery] = await eventually(
      () => deliveryLog(cancelled.id, coordinator),
      (log) => log[0]?.status === 'failed',
      'the deactivated endpoint to give up',
    );
    expect(cancelledDelivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'endpoint deactivated',
      nextAttemptAt: null,
    });

    // Only coordinators deactivate; unknown or foreign endpoints are 404.
    await request(t.http)
      .delete(`/api/v1/webhooks/${healthy.id}`)
      .set(bearer(members.chair.token))
      .expect(403);
    await request(t.http)
      .delete(`/api/v1/webhooks/${healthy.id}`)
      .set(bearer(outsider.token))
      .expect(404);
    await request(t.http)
      .delete(`/api/v1/webhooks/${newId()}`)
      .set(bearer(coordinator.token))
      .expect(404);
    await request(t.http)
      .delete(`/api/v1/webhooks/${healthy.id}`)
      .set(bearer(coordinator.token))
      .expect(204);
    // Idempotent.
    await request(t.http)
      .delete(`/api/v1/webhooks/${healthy.id}`)
      .set(bearer(coordinator.token))
      .expect(204);

    const listed = await request(t.http)
      .get(`/api/v1/boards/${boardId}/webhooks`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(
      (listed.body as WebhookEndpointView[]).map(({ id, active }) => ({ id, active })),
    ).toEqual(
      expect.arrayContaining([
        { id: healthy.id, active: false },
        { id: cancelled.id, active: false },
      ]),
    );

    expect(await enqueue(t, boardId, newId(), { n: 2 })).toEqual([]);
    await sleep(600);
    expect(ok.received).toHaveLength(1);
    expect(slow.received).toHaveLength(1);
    expect(await deliveryLog(healthy.id, coordinator)).toHaveLength(1);

    const audit = await t.auditLog<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_event WHERE target_id = $1 ORDER BY seq`,
      [healthy.id],
    );
    expect(audit.map((row: { action: string }) => row.action)).toEqual([
      'webhook.registered',
      'webhook.deactivated',
    ]);
  });

  it('enqueues within the caller transaction: invisible until commit, nothing on rollback', async () => {
    const { boardId, coordinator } = await boardWithPanel(t, 'Webhook Transaction Board');
    const ok = await receiver((_req, res) => answer(res, 200));
    const created = (await register(boardId, coordinator, { url: ok.url }))
      .body as RegisteredWebhookEndpointView;
    const uow = t.app.get(UnitOfWork);
    const service = t.app.get(WebhookService);
    const countFor = async (subjectId: string) =>
      Number(
        (
          await t.dataSource.query(
            'SELECT count(*) AS n FROM webhook_delivery WHERE subject_id = $1',
            [subjectId],
          )
        )[0].n,
      );

    const rolledBack = newId();
    await expect(
      uow.run(async () => {
        expect(await service.enqueue(boardId, EVENT, rolledBack, { n: 1 })).toHaveLength(1);
        throw new Error('publication failed');
      }),
    ).rejects.toThrow('publication failed');
    expect(await countFor(rolledBack)).toBe(0);

    const committed = newId();
    await uow.run(async () => {
      await service.enqueue(boardId, EVENT, committed, { n: 2 });
      // Another connection does not see it before commit, so the dispatcher cannot send it early.
      expect(await countFor(committed)).toBe(0);
      await sleep(300);
      expect(ok.received).toHaveLength(0);
    });
    expect(await countFor(committed)).toBe(1);

    await eventually(
      () => deliveryLog(created.id, coordinator),
      (log) => log.length === 1 && log[0].status === 'delivered',
      'the committed delivery',
    );
    await sleep(300);
    expect(ok.received.map((req) => JSON.parse(req.body).data)).toEqual([{ n: 2 }]);
  });

  it('delivers each delivery once when two instances share the database', async () => {
    const b = await startTestApp(ENV, { rewriteDatabaseUrl: () => t.database.url });
    extraApps.push(b);
    const { boardId, coordinator } = await boardWithPanel(t, 'Webhook Two-instance Board');
    const ok = await receiver(async (_req, res) => {
      await sleep(20);
      answer(res, 200);
    });
    await register(boardId, coordinator, { url: ok.url });

    const attempted = new Map<TestApp, number>([
      [t, 0],
      [b, 0],
    ]);
    for (const app of [t, b]) {
      const dispatcher = app.app.get(WebhookDispatcher);
      const original = dispatcher.deliverDue.bind(dispatcher);
      jest.spyOn(dispatcher, 'deliverDue').mockImplementation(async () => {
        const count = await original();
        attempted.set(app, (attempted.get(app) ?? 0) + count);
        return count;
      });
    }

    const ids: string[] = [];
    const total = 60;
    for (let batch = 0; batch < 3; batch++) {
      // Enqueued from both instances, in several transactions.
      const app = batch % 2 === 0 ? t : b;
      await app.app.get(UnitOfWork).run(async () => {
        for (let i = 0; i < total / 3; i++) {
          ids.push(...(await app.app.get(WebhookService).enqueue(boardId, EVENT, newId(), { i })));
        }
      });
      await sleep(150);
    }
    expect(ids).toHaveLength(total);

    await eventually(
      async () =>
        Number(
          (
            await t.dataSource.query(
              `SELECT count(*) AS n FROM webhook_delivery WHERE id = ANY($1::uuid[]) AND status = 'delivered'`,
              [ids],
            )
          )[0].n,
        ),
      (delivered) => delivered === total,
      'every delivery to be delivered',
    );
    await sleep(500);

    const received = ok.received.map((req) => req.headers['x-tumorboard-delivery']);
    expect(received).toHaveLength(total);
    expect(new Set(received)).toEqual(new Set(ids));
    expect((attempted.get(t) ?? 0) + (attempted.get(b) ?? 0)).toBe(total);
    const attempts = await t.dataSource.query(
      `SELECT DISTINCT attempts FROM webhook_delivery WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(attempts).toEqual([{ attempts: 1 }]);
  });

  it('stops polling on shutdown without leaving timers behind', async () => {
    const c = await startTestApp(ENV, { rewriteDatabaseUrl: () => t.database.url });
    const dispatcher = c.app.get(WebhookDispatcher);
    const rounds = jest.spyOn(dispatcher, 'deliverDue');
    await eventually(
      () => rounds.mock.calls.length,
      (calls) => calls >= 2,
      'the dispatcher to poll',
    );
    await c.close();
    const afterClose = rounds.mock.calls.length;
    await sleep(400);
    expect(rounds.mock.calls.length).toBe(afterClose);
  });
});
