import { AddressInfo } from 'node:net';
import request from 'supertest';
import { COLLAB_CLOSE, PlatformRole, Specialty } from '@app/contracts';
import { noteClient, waitFor } from '../support/collab';
import { listen } from '../support/live';
import { TestApp, bearer, startTestApp } from '../support/test-app';
import { Person, boardWithPanel, completeCase, person } from '../support/clinical';

/**
 * Each request here once answered 500 under the OpenAPI-driven fuzzer; each
 * must now be a clear 4xx in the one error shape, and change nothing.
 */
describe('fuzz findings: each is a clear 4xx, never a 500', () => {
  let t: TestApp;
  let coordinator: Person;
  let admin: Person;
  let boardId: string;
  let caseId: string;
  let meetingId: string;
  let presenterId: string;

  const addItem = async (patientRef: string) => {
    const created = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(coordinator.token))
      .send(completeCase(patientRef))
      .expect(201);
    const added = await request(t.http)
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(coordinator.token))
      .send({
        caseId: created.body.id,
        minutesAllotted: 10,
        presenterId,
        overrideReason: 'fuzz finding setup',
      })
      .expect(201);
    const items: Array<{ id: string; caseId: string; minutesAllotted: number }> = added.body.items;
    const item = items.find((candidate) => candidate.caseId === created.body.id);
    if (!item) throw new Error('agenda item not added');
    return item;
  };

  const expectClientError = (response: request.Response, status = 400) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, message: expect.any(String) });
  };

  beforeAll(async () => {
    t = await startTestApp();
    const panel = await boardWithPanel(t);
    coordinator = panel.coordinator;
    admin = await person(t, Specialty.Radiology, PlatformRole.Admin);
    boardId = panel.boardId;
    presenterId = panel.members.presenter.user.id;
    const created = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(coordinator.token))
      .send(completeCase('FF-001'))
      .expect(201);
    caseId = created.body.id;
    const series = await request(t.http)
      .post(`/api/v1/boards/${boardId}/meetings`)
      .set(bearer(coordinator.token))
      .send({
        title: 'Findings',
        startLocal: `${new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
        durationMinutes: 60,
      })
      .expect(201);
    meetingId = series.body.meetings[0].id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses an offset beyond any page (bigint out of range) on /users and /audit', async () => {
    for (const path of ['/api/v1/users', '/api/v1/audit']) {
      for (const offset of ['99999999999999999999', '1e30', '9007199254740993']) {
        const response = await request(t.http).get(path).query({ offset }).set(bearer(admin.token));
        expectClientError(response);
      }
      await request(t.http)
        .get(path)
        .query({ offset: '1000000' })
        .set(bearer(admin.token))
        .expect(200);
    }
  });

  it('refuses a date beyond what PostgreSQL stores (JavaScript reads year -227361)', async () => {
    for (const [path, query] of [
      [`/api/v1/boards/${boardId}/meetings`, { to: '-227361-11-02T14:56:30.143Z' }],
      [`/api/v1/boards/${boardId}/meetings`, { from: '+275760-09-13T00:00:00.000Z' }],
      ['/api/v1/audit', { from: '-000001-01-01T00:00:00.000Z' }],
    ] as const) {
      const response = await request(t.http)
        .get(path)
        .query(query)
        .set(bearer(path.startsWith('/api/v1/audit') ? admin.token : coordinator.token));
      expectClientError(response);
    }
  });

  it('refuses a NUL character in a search, a path or any text field', async () => {
    expectClientError(
      await request(t.http)
        .get('/api/v1/users')
        .query({ search: 'a\u0000b' })
        .set(bearer(admin.token)),
    );
    expectClientError(
      await request(t.http)
        .patch(`/api/v1/cases/${caseId}`)
        .set(bearer(coordinator.token))
        .send({ question: 'Surgery or \u0000 chemoradiotherapy?' }),
    );
    expectClientError(
      await request(t.http)
        .patch(`/api/v1/boards/${boardId}`)
        .set(bearer(coordinator.token))
        .send({ ['na\u0000me']: 'x' }),
    );
    const response = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(coordinator.token))
      .send({
        ...completeCase('FF-NUL'),
        diagnosis: { ...completeCase('FF-NUL').diagnosis, histology: 'Adeno\u0000carcinoma' },
      });
    expectClientError(response);
    expect(response.body.message).toMatch(/NUL/);
  });

  it('refuses a voting policy that is not an object', async () => {
    for (const votingPolicy of [[], 'majority', 7, null]) {
      expectClientError(
        await request(t.http)
          .post('/api/v1/boards')
          .set(bearer(coordinator.token))
          .send({
            name: 'Policy Board',
            tumourSites: ['lung'],
            institution: 'General Hospital',
            timezone: 'UTC',
            votingPolicy,
          }),
      );
    }
  });

  it('refuses an agenda change with nothing to change or a null where a value is required', async () => {
    const item = await addItem('FF-PATCH');
    for (const body of [{}, { minutesAllotted: null }, { presenterId: null }]) {
      expectClientError(
        await request(t.http)
          .patch(`/api/v1/agenda-items/${item.id}`)
          .set(bearer(coordinator.token))
          .send(body),
      );
    }
    const agenda = await request(t.http)
      .get(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(
      agenda.body.items.find((candidate: { id: string }) => candidate.id === item.id),
    ).toMatchObject({ minutesAllotted: 10, presenterId });
  });

  it('removes an agenda item once when several remove it at once; the others get 404', async () => {
    const item = await addItem('FF-DELETE');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(t.http).delete(`/api/v1/agenda-items/${item.id}`).set(bearer(coordinator.token)),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status < 300)).toHaveLength(1);
    expect(statuses.filter((status) => status >= 300)).toEqual(
      Array.from({ length: 5 }, () => 404),
    );
  });

  it('reads the notes of a case named by an upper-case id', async () => {
    const response = await request(t.http)
      .get(`/api/v1/cases/${caseId.toUpperCase()}/notes`)
      .set(bearer(coordinator.token));
    expect(response.status).toBe(200);
  });

  it('refuses a webhook whose secret is null or not text', async () => {
    for (const secret of [null, 7, [], {}]) {
      expectClientError(
        await request(t.http)
          .post(`/api/v1/boards/${boardId}/webhooks`)
          .set(bearer(coordinator.token))
          .send({ url: 'https://example.org/hook', secret }),
      );
    }
  });

  it('closes a notes connection that writes anything but the note’s text, and keeps none of it', async () => {
    await listen(t);
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const note = noteClient(port, `cases/${caseId}`, coordinator.token);
    try {
      await note.firstSync;
      const closed = new Promise<number>((resolve) =>
        note.provider.on('connection-close', (event) => {
          if (event) resolve(event.code);
        }),
      );
      note.doc.getMap('hidden').set('payload', 'x'.repeat(10_000));
      expect(await closed).toBe(COLLAB_CLOSE.malformed);
    } finally {
      note.close();
    }
    const again = noteClient(port, `cases/${caseId}`, coordinator.token);
    try {
      await again.firstSync;
      expect(again.doc.getMap('hidden').size).toBe(0);
      again.doc.getText('markdown').insert(0, 'Still writable\n');
      await waitFor(
        async () =>
          (
            await request(t.http)
              .get(`/api/v1/cases/${caseId}/notes`)
              .set(bearer(coordinator.token))
          ).body.markdown.includes('Still writable'),
        5_000,
        'the text edit stored',
      );
    } finally {
      again.close();
    }
  });
});
