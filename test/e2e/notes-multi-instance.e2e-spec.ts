import { AddressInfo } from 'node:net';
import request from 'supertest';
import { testRedisUrl } from '@app/testing';
import { TestApp, bearer, startTestApp } from '../support/test-app';
import { boardWithPanel, completeCase } from '../support/clinical';
import { noteClient, waitFor } from '../support/collab';

const redisUrl = testRedisUrl();
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('shared notes across two instances through Redis', () => {
  let first: TestApp;
  let second: TestApp;
  const ports: number[] = [];

  beforeAll(async () => {
    first = await startTestApp({ REDIS_URL: redisUrl as string });
    second = await startTestApp(
      { REDIS_URL: redisUrl as string },
      { rewriteDatabaseUrl: () => first.database.url },
    );
    for (const app of [first, second]) {
      await app.app.listen(0, '127.0.0.1');
      ports.push((app.app.getHttpServer().address() as AddressInfo).port);
    }
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('relays edits both ways and persists each update exactly once', async () => {
    const panel = await boardWithPanel(first);
    const caseId = (
      await request(first.http)
        .post(`/api/v1/boards/${panel.boardId}/cases`)
        .set(bearer(panel.members.presenter.token))
        .send(completeCase('MI-001'))
        .expect(201)
    ).body.id;
    const document = `cases/${caseId}`;
    const a = noteClient(ports[0], document, panel.members.chair.token);
    const b = noteClient(ports[1], document, panel.members.panelist.token);
    await Promise.all([a.firstSync, b.firstSync]);
    // Both instances created the new document at the same moment: one row, one template.
    expect(a.text()).toBe(b.text());
    expect(a.text().length).toBeGreaterThan(0);
    const [{ documents }] = await first.dataSource.query(
      `SELECT count(*)::int AS documents FROM note_document WHERE name = $1`,
      [document],
    );
    expect(documents).toBe(1);
    let localUpdates = 0;
    for (const client of [a, b])
      client.doc.on('update', (_u: Uint8Array, origin: unknown) =>
        origin === null ? localUpdates++ : undefined,
      );

    for (let i = 0; i < 20; i++) {
      a.doc.getText('markdown').insert(a.text().length, `from A ${i}\n`);
      b.doc.getText('markdown').insert(0, `from B ${i}\n`);
    }
    await waitFor(
      () =>
        a.text() === b.text() && a.text().includes('from A 19') && a.text().includes('from B 19'),
      10_000,
      'convergence',
    );
    a.provider.awareness.setLocalStateField('user', { name: 'on instance one' });
    await waitFor(
      () =>
        [...b.provider.awareness.getStates().values()].some(
          (s) => s.user?.name === 'on instance one',
        ),
      5_000,
      'awareness',
    );

    const [{ n }] = await first.dataSource.query(
      `SELECT count(*)::int AS n FROM note_update WHERE document = $1`,
      [document],
    );
    expect(n).toBe(localUpdates);
    a.close();
    b.close();
  });
});
