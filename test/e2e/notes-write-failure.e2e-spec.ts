import { AddressInfo } from 'node:net';
import request from 'supertest';
import { TcpProxy } from '@app/testing';
import { TestApp, bearer, startTestAppBehindProxy } from '../support/test-app';
import { boardWithPanel, completeCase } from '../support/clinical';
import { noteClient, waitFor } from '../support/collab';

describe('shared notes while PostgreSQL is unreachable', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    ({ t, proxy } = await startTestAppBehindProxy());
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t.close();
    await proxy.close();
  });

  it('holds the edits, relays nothing unpersisted, reports degraded health, then commits everything', async () => {
    const panel = await boardWithPanel(t);
    const caseId = (
      await request(t.http)
        .post(`/api/v1/boards/${panel.boardId}/cases`)
        .set(bearer(panel.members.presenter.token))
        .send(completeCase('WF-001'))
        .expect(201)
    ).body.id;
    const document = `cases/${caseId}`;
    const writer = noteClient(port, document, panel.members.chair.token);
    const watcher = noteClient(port, document, panel.members.panelist.token);
    await Promise.all([writer.firstSync, watcher.firstSync]);

    await proxy.cut();
    for (let i = 0; i < 5; i++)
      writer.doc.getText('markdown').insert(0, `written while down ${i}\n`);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(watcher.text()).not.toContain('written while down');
    const degraded = await request(t.http).get('/health').expect(503);
    expect(degraded.body.details.notes).toMatchObject({ status: 'down', failingDocuments: 1 });
    expect(degraded.body.details.notes.pendingWrites).toBeGreaterThan(0);

    await proxy.open();
    await waitFor(
      () => watcher.text().includes('written while down 4'),
      15_000,
      'the held edits to be committed and relayed',
    );
    expect([0, 1, 2, 3, 4].every((i) => watcher.text().includes(`written while down ${i}`))).toBe(
      true,
    );
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await request(t.http).get('/health')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    const notes = await request(t.http)
      .get(`/api/v1/cases/${caseId}/notes`)
      .set(bearer(panel.members.chair.token))
      .expect(200);
    expect(notes.body.markdown).toContain('written while down 4');
    writer.close();
    watcher.close();
  });
});
