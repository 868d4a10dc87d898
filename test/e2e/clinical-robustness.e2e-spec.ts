import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { MALFORMED_BODIES, rng } from '../support/fuzz';
import { TestApp, bearer, startTestApp } from '../support/test-app';
import { Person, boardWithPanel, completeCase } from '../support/clinical';

describe('clinical endpoints: bad input never causes a 5xx', () => {
  let t: TestApp;
  let coordinator: Person;
  let observer: Person;
  let endpoints: Array<[string, string]>;

  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_LIMIT_BYTES: '65536' });
    const panel = await boardWithPanel(t);
    coordinator = panel.coordinator;
    observer = panel.members.observer;
    const { boardId } = panel;
    const created = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(coordinator.token))
      .send(completeCase('FZ-001'))
      .expect(201);
    const caseId = created.body.id;
    const series = await request(t.http)
      .post(`/api/v1/boards/${boardId}/meetings`)
      .set(bearer(coordinator.token))
      .send({
        title: 'Fuzz',
        startLocal: `${new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
        durationMinutes: 60,
      })
      .expect(201);
    const meetingId = series.body.meetings[0].id;
    const added = await request(t.http)
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(coordinator.token))
      .send({
        caseId,
        minutesAllotted: 10,
        presenterId: panel.members.presenter.user.id,
        overrideReason: 'fuzz setup',
      })
      .expect(201);
    const itemId = added.body.items[0].id;
    endpoints = [
      ['post', '/api/v1/boards'],
      ['patch', `/api/v1/boards/${boardId}`],
      ['post', `/api/v1/boards/${boardId}/members`],
      ['patch', `/api/v1/boards/${boardId}/members/${panel.members.chair.user.id}`],
      ['post', `/api/v1/boards/${boardId}/meetings`],
      ['patch', `/api/v1/meetings/${meetingId}`],
      ['post', `/api/v1/meetings/${meetingId}/cancel`],
      ['post', `/api/v1/meetings/${meetingId}/status`],
      ['post', `/api/v1/boards/${boardId}/cases`],
      ['patch', `/api/v1/cases/${caseId}`],
      ['post', `/api/v1/cases/${caseId}/status`],
      ['post', `/api/v1/cases/${caseId}/records`],
      ['post', `/api/v1/cases/${caseId}/conflicts`],
      ['put', `/api/v1/boards/${boardId}/readiness-template`],
      ['post', `/api/v1/meetings/${meetingId}/agenda`],
      ['put', `/api/v1/meetings/${meetingId}/agenda/order`],
      ['patch', `/api/v1/agenda-items/${itemId}`],
      ['post', `/api/v1/agenda-items/${itemId}/status`],
      ['post', `/api/v1/agenda-items/${itemId}/defer`],
    ];
  });

  afterAll(() => t.close());

  it('answers 4xx, in the one error shape, to every malformed body on every endpoint', async () => {
    const failures: string[] = [];
    for (const [method, path] of endpoints) {
      for (const body of MALFORMED_BODIES) {
        const response = await request(t.http)
          [method as 'post'](path)
          .set(bearer(coordinator.token))
          .set('Content-Type', 'application/json')
          .send(body);
        const shapeOk =
          typeof response.body?.message === 'string' &&
          response.body.statusCode === response.status;
        if (response.status < 400 || response.status >= 500 || !shapeOk) {
          failures.push(
            `${method.toUpperCase()} ${path} ${body.slice(0, 60)} → ${response.status}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 4xx to hundreds of random requests and uploads, with and without rights', async () => {
    const random = rng(3112);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    for (let i = 0; i < 300; i++) {
      const [method, path] = pick(endpoints);
      const token = pick([coordinator.token, observer.token, 'garbage']);
      const response = await request(t.http)
        [pick([method, 'post', 'put', 'delete']) as 'post'](
          random() < 0.3 ? `${path}/${randomBytes(3).toString('hex')}` : path,
        )
        .set(bearer(token))
        .set('Content-Type', pick(['application/json', 'text/plain', 'application/octet-stream']))
        .send(
          pick([
            pick(MALFORMED_BODIES),
            randomBytes(Math.floor(random() * 300)).toString('latin1'),
          ]),
        );
      if (response.status >= 500) throw new Error(`${response.status} on ${method} ${path}`);
    }
    const caseId = endpoints.find(([, p]) => p.endsWith('/records'))![1];
    const uploads: Array<[string, Buffer, string, string]> = [
      ['no file', Buffer.alloc(0), '', ''],
      [
        'too big',
        Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(70_000)]),
        'big.pdf',
        'application/pdf',
      ],
      ['exe as pdf', Buffer.from('MZ\x90\x00'), 'x.pdf', 'application/pdf'],
      [
        'png as jpeg',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        'x.jpg',
        'image/jpeg',
      ],
      ['svg', Buffer.from('<svg onload="alert(1)"/>'), 'x.svg', 'image/svg+xml'],
    ];
    for (const [name, content, filename, contentType] of uploads) {
      const call = request(t.http)
        .post(`${caseId}/upload`)
        .set(bearer(coordinator.token))
        .field('kind', 'lab')
        .field('title', name);
      const response = filename
        ? await call.attach('file', content, { filename, contentType })
        : await call;
      expect({ name, status: response.status }).toEqual({
        name,
        status: name === 'too big' ? 413 : 400,
      });
    }
    await request(t.http).get('/health').expect(200);
  });
});
