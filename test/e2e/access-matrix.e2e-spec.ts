import request from 'supertest';
import { PlatformRole, Specialty } from '@app/contracts';
import { TestApp, bearer, startTestApp } from '../support/test-app';
import { Person, boardWithPanel, completeCase, person, recentDate } from '../support/clinical';
import { minimalPdf } from '../support/documents';

const REPORT = minimalPdf(['Synthetic pathology report']);

type Who =
  | 'coordinator'
  | 'chair'
  | 'presenter'
  | 'panelist'
  | 'observer'
  | 'outsider'
  | 'otherBoardCoordinator'
  | 'admin';
const EVERYONE: Who[] = [
  'coordinator',
  'chair',
  'presenter',
  'panelist',
  'observer',
  'outsider',
  'otherBoardCoordinator',
  'admin',
];

describe('access control: role × endpoint, and isolation between boards', () => {
  let t: TestApp;
  const people = {} as Record<Who, Person>;
  let boardId: string;
  let caseId: string;
  let ownCaseOfChair: string;
  let meetingId: string;
  let agendaItemId: string;
  let recordId: string;
  let otherBoardId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const main = await boardWithPanel(t, 'Main Board');
    boardId = main.boardId;
    Object.assign(people, { coordinator: main.coordinator, ...main.members });
    people.outsider = await person(t, Specialty.Radiology);
    people.admin = await person(t, Specialty.Other, PlatformRole.Admin);
    const other = await boardWithPanel(t, 'Other Board');
    otherBoardId = other.boardId;
    people.otherBoardCoordinator = other.coordinator;

    const created = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(people.presenter.token))
      .send(completeCase('ACC-001'))
      .expect(201);
    caseId = created.body.id;
    const chairs = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(people.chair.token))
      .send(completeCase('ACC-002'))
      .expect(201);
    ownCaseOfChair = chairs.body.id;
    const record = await request(t.http)
      .post(`/api/v1/cases/${caseId}/records/upload`)
      .set(bearer(people.presenter.token))
      .field('kind', 'pathology_report')
      .field('title', 'Report')
      .field('recordDate', recentDate(3))
      .attach('file', REPORT, {
        filename: 'report.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    recordId = record.body.id;
    const series = await request(t.http)
      .post(`/api/v1/boards/${boardId}/meetings`)
      .set(bearer(people.coordinator.token))
      .send({
        title: 'Board',
        startLocal: `${new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
        durationMinutes: 60,
      })
      .expect(201);
    meetingId = series.body.meetings[0].id;
    const scheduled = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(people.presenter.token))
      .send(completeCase('ACC-003'))
      .expect(201);
    const agenda = await request(t.http)
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(people.coordinator.token))
      .send({
        caseId: scheduled.body.id,
        minutesAllotted: 10,
        presenterId: people.presenter.user.id,
        overrideReason: 'access matrix',
      })
      .expect(201);
    agendaItemId = agenda.body.items[0].id;
  });

  afterAll(() => t.close());

  /** Each row: an endpoint and exactly who may use it; everyone else must be refused (403 member, 404 non-member). */
  const matrix: Array<{ name: string; allowed: Who[]; call: (token: string) => request.Test }> = [
    {
      name: 'GET board',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) => request(t.http).get(`/api/v1/boards/${boardId}`).set(bearer(tk)),
    },
    {
      name: 'PATCH board',
      allowed: ['coordinator', 'admin'],
      call: (tk) =>
        request(t.http)
          .patch(`/api/v1/boards/${boardId}`)
          .set(bearer(tk))
          .send({ description: 'x' }),
    },
    {
      name: 'GET members',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) => request(t.http).get(`/api/v1/boards/${boardId}/members`).set(bearer(tk)),
    },
    {
      name: 'GET cases',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) => request(t.http).get(`/api/v1/boards/${boardId}/cases`).set(bearer(tk)),
    },
    {
      name: 'GET case detail',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) => request(t.http).get(`/api/v1/cases/${caseId}`).set(bearer(tk)),
    },
    {
      name: 'PATCH case (presenter’s own)',
      allowed: ['coordinator', 'presenter', 'admin'],
      call: (tk) =>
        request(t.http)
          .patch(`/api/v1/cases/${caseId}`)
          .set(bearer(tk))
          .send({ clinicalSummary: `edit ${Math.random()}`, version: 1 }),
    },
    {
      name: 'PATCH chair’s own case',
      allowed: ['coordinator', 'chair', 'admin'],
      call: (tk) =>
        request(t.http)
          .patch(`/api/v1/cases/${ownCaseOfChair}`)
          .set(bearer(tk))
          .send({ clinicalSummary: `edit ${Math.random()}`, version: 1 }),
    },
    {
      name: 'POST case',
      allowed: ['coordinator', 'chair', 'presenter', 'admin'],
      call: (tk) =>
        request(t.http)
          .post(`/api/v1/boards/${boardId}/cases`)
          .set(bearer(tk))
          .send(completeCase(`N-${Math.random().toString(36).slice(2, 10)}`)),
    },
    {
      name: 'POST record',
      allowed: ['coordinator', 'presenter', 'admin'],
      call: (tk) =>
        request(t.http)
          .post(`/api/v1/cases/${caseId}/records`)
          .set(bearer(tk))
          .send({ kind: 'lab', title: 'CBC', recordDate: recentDate(1) }),
    },
    {
      name: 'GET record file',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) =>
        request(t.http).get(`/api/v1/cases/${caseId}/records/${recordId}/file`).set(bearer(tk)),
    },
    {
      name: 'POST conflict',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'admin'],
      call: (tk) =>
        request(t.http)
          .post(`/api/v1/cases/${caseId}/conflicts`)
          .set(bearer(tk))
          .send({ reason: 'Family member' }),
    },
    {
      name: 'POST meeting',
      allowed: ['coordinator', 'admin'],
      call: (tk) =>
        request(t.http)
          .post(`/api/v1/boards/${boardId}/meetings`)
          .set(bearer(tk))
          .send({
            title: 'Extra',
            startLocal: `${new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
            durationMinutes: 30,
          }),
    },
    {
      name: 'GET meeting',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) => request(t.http).get(`/api/v1/meetings/${meetingId}`).set(bearer(tk)),
    },
    {
      name: 'GET agenda',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) => request(t.http).get(`/api/v1/meetings/${meetingId}/agenda`).set(bearer(tk)),
    },
    {
      name: 'PUT agenda order',
      allowed: ['coordinator', 'admin'],
      call: (tk) =>
        request(t.http)
          .put(`/api/v1/meetings/${meetingId}/agenda/order`)
          .set(bearer(tk))
          .send({ itemIds: [] }),
    },
    {
      name: 'PATCH agenda item',
      allowed: ['coordinator', 'admin'],
      call: (tk) =>
        request(t.http)
          .patch(`/api/v1/agenda-items/${agendaItemId}`)
          .set(bearer(tk))
          .send({ minutesAllotted: 10 }),
    },
    {
      name: 'PUT readiness template',
      allowed: ['coordinator', 'admin'],
      call: (tk) =>
        request(t.http)
          .put(`/api/v1/boards/${boardId}/readiness-template`)
          .set(bearer(tk))
          .send({ criteria: [{ kind: 'question_stated' }] }),
    },
    {
      name: 'GET missing records',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) =>
        request(t.http).get(`/api/v1/boards/${boardId}/missing-records`).set(bearer(tk)),
    },
    {
      name: 'POST board calendar feed',
      allowed: ['coordinator', 'chair', 'presenter', 'panelist', 'observer', 'admin'],
      call: (tk) =>
        request(t.http).post(`/api/v1/boards/${boardId}/calendar-feeds`).set(bearer(tk)),
    },
  ];

  it.each(matrix.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const outcomes: Record<string, number> = {};
    for (const who of EVERYONE) {
      const response = await row.call(people[who].token);
      outcomes[who] = response.status;
    }
    for (const who of EVERYONE) {
      const status = outcomes[who];
      if (row.allowed.includes(who)) {
        expect({ who, ok: status < 400 || status === 409 }).toEqual({ who, ok: true });
      } else {
        const member = !['outsider', 'otherBoardCoordinator'].includes(who);
        expect({ who, status }).toEqual({ who, status: member ? 403 : 404 });
      }
    }
  });

  it('shows the MRN only to the coordinator, the case’s presenter and admins', async () => {
    for (const who of ['coordinator', 'presenter', 'admin'] as Who[]) {
      const detail = await request(t.http)
        .get(`/api/v1/cases/${caseId}`)
        .set(bearer(people[who].token))
        .expect(200);
      expect(detail.body.mrn).toBe('MRN-ACC-001');
    }
    for (const who of ['chair', 'panelist', 'observer'] as Who[]) {
      const detail = await request(t.http)
        .get(`/api/v1/cases/${caseId}`)
        .set(bearer(people[who].token))
        .expect(200);
      expect(detail.body).not.toHaveProperty('mrn');
    }
    const [{ mrn_ciphertext: stored }] = await t.dataSource.query(
      `SELECT mrn_ciphertext FROM clinical_case WHERE id = $1`,
      [caseId],
    );
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('ACC-001');
  });

  it('audits every read of clinical detail and every download', async () => {
    const before = await t.auditLog<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.viewed' AND target_id = $1`,
      [caseId],
    );
    await request(t.http)
      .get(`/api/v1/cases/${caseId}`)
      .set(bearer(people.observer.token))
      .expect(200);
    const after = await t.auditLog<{ n: number; actor: string }>(
      `SELECT count(*)::int AS n, max(actor_id::text) FILTER (WHERE TRUE) AS actor FROM audit_event WHERE action = 'case.viewed' AND target_id = $1`,
      [caseId],
    );
    expect(after[0].n).toBe(before[0].n + 1);
    const downloads = await t.auditLog(
      `SELECT actor_id FROM audit_event WHERE action = 'case_record.downloaded' AND target_id = $1`,
      [recordId],
    );
    expect(downloads.length).toBeGreaterThanOrEqual(6);
  });

  it('lists only the caller’s boards, and nothing of another board leaks', async () => {
    const mine = await request(t.http)
      .get('/api/v1/boards')
      .set(bearer(people.otherBoardCoordinator.token))
      .expect(200);
    expect(mine.body.map((b: { id: string }) => b.id)).toEqual([otherBoardId]);
    const admins = await request(t.http)
      .get('/api/v1/boards')
      .set(bearer(people.admin.token))
      .expect(200);
    expect(admins.body.length).toBeGreaterThanOrEqual(2);
    const outsiders = await request(t.http)
      .get('/api/v1/boards')
      .set(bearer(people.outsider.token))
      .expect(200);
    expect(outsiders.body).toEqual([]);
  });

  it('streams the uploaded file back byte for byte, and refuses a file whose bytes contradict its type', async () => {
    const file = await request(t.http)
      .get(`/api/v1/cases/${caseId}/records/${recordId}/file`)
      .set(bearer(people.panelist.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.body as Buffer).toEqual(REPORT);
    expect(file.headers['content-disposition']).toContain('attachment');
    const spoofed = await request(t.http)
      .post(`/api/v1/cases/${caseId}/records/upload`)
      .set(bearer(people.presenter.token))
      .field('kind', 'pathology_report')
      .field('title', 'Fake')
      .attach('file', Buffer.from('<html><script>alert(1)</script></html>'), {
        filename: 'report.pdf',
        contentType: 'application/pdf',
      })
      .expect(400);
    expect(spoofed.body.message).toMatch(/not a PDF|content/i);
  });
});
