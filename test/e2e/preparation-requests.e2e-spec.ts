import request from 'supertest';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import {
  BoardRole,
  HomeView,
  PlatformRole,
  PreparationRequestView,
  PreparationWorklistItemView,
  Specialty,
} from '@app/contracts';
import { TestApp, bearer, startTestApp } from '../support/test-app';
import { Person, boardWithPanel, completeCase, person, recentDate } from '../support/clinical';

/** A date-time `days` ahead in the board's wall-clock form, at 07:30. */
function localDaysAhead(days: number): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T07:30`;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('preparation requests: asking a specialty to prepare a case', () => {
  let t: TestApp;
  let boardId: string;
  let coordinator: Person;
  let chair: Person;
  let presenter: Person;
  let pathologist: Person;
  let observer: Person;
  let radiologist: Person;
  let radiologist2: Person;
  let surgeon: Person;
  let observingRadiologist: Person;
  let outsider: Person;
  let meetingId: string;
  let caseA: string;
  let caseB: string;
  let imagingReview: PreparationRequestView;

  const api = () => request(t.http);

  async function addMember(who: Person, role: BoardRole, board = boardId): Promise<void> {
    await api()
      .post(`/api/v1/boards/${board}/members`)
      .set(bearer(coordinator.token))
      .send({ userId: who.user.id, role })
      .expect(201);
  }

  async function readyCase(by: Person, body: ReturnType<typeof completeCase>): Promise<string> {
    const created = await api()
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(by.token))
      .send(body)
      .expect(201);
    for (const [kind, daysAgo] of [
      ['pathology_report', 10],
      ['radiology_report', 20],
    ] as const) {
      await api()
        .post(`/api/v1/cases/${created.body.id}/records`)
        .set(bearer(by.token))
        .send({ kind, title: `${kind} of ${body.patientRef}`, recordDate: recentDate(daysAgo) })
        .expect(201);
    }
    return created.body.id;
  }

  const ask = (who: Person, caseId: string, body: object) =>
    api().post(`/api/v1/cases/${caseId}/preparation-requests`).set(bearer(who.token)).send(body);
  const complete = (who: Person, id: string, finding: string) =>
    api()
      .post(`/api/v1/preparation-requests/${id}/complete`)
      .set(bearer(who.token))
      .send({ finding });
  const cancel = (who: Person, id: string, reason: string) =>
    api().post(`/api/v1/preparation-requests/${id}/cancel`).set(bearer(who.token)).send({ reason });
  const worklist = async (who: Person, status?: string) =>
    (
      await api()
        .get('/api/v1/users/me/preparation-requests')
        .query(status ? { status } : {})
        .set(bearer(who.token))
        .expect(200)
    ).body as PreparationWorklistItemView[];
  const readiness = async (caseId: string) =>
    (await api().get(`/api/v1/cases/${caseId}/readiness`).set(bearer(presenter.token)).expect(200))
      .body;

  beforeAll(async () => {
    t = await startTestApp();
    ({
      boardId,
      coordinator,
      members: { chair, presenter, panelist: pathologist, observer },
    } = await boardWithPanel(t, 'Thoracic Preparation Board'));
    radiologist = await person(t, Specialty.Radiology);
    radiologist2 = await person(t, Specialty.Radiology);
    surgeon = await person(t, Specialty.SurgicalOncology);
    observingRadiologist = await person(t, Specialty.Radiology);
    outsider = await person(t, Specialty.Radiology);
    await addMember(radiologist, BoardRole.Panelist);
    await addMember(radiologist2, BoardRole.Panelist);
    await addMember(surgeon, BoardRole.Panelist);
    await addMember(observingRadiologist, BoardRole.Observer);

    const series = await api()
      .post(`/api/v1/boards/${boardId}/meetings`)
      .set(bearer(coordinator.token))
      .send({ title: 'Thoracic board', startLocal: localDaysAhead(3), durationMinutes: 60 })
      .expect(201);
    meetingId = series.body.meetings[0].id;

    caseA = await readyCase(presenter, completeCase('PREP-A'));
    caseB = await readyCase(presenter, { ...completeCase('PREP-B'), dueDate: '2029-06-01' });
    await api()
      .post(`/api/v1/cases/${caseA}/status`)
      .set(bearer(presenter.token))
      .send({ status: 'ready' })
      .expect(200);
    await api()
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(coordinator.token))
      .send({ caseId: caseA, minutesAllotted: 10, presenterId: presenter.user.id })
      .expect(201);
  });

  afterAll(() => t.close());

  describe('from request to finding', () => {
    it('lets the presenter ask radiology to review the imaging', async () => {
      expect((await readiness(caseA)).ready).toBe(true);
      const created = await ask(presenter, caseA, {
        specialty: 'radiology',
        kind: 'imaging_review',
        question: '  Is the 4L node involved on the PET-CT?  ',
      }).expect(201);
      imagingReview = created.body;
      expect(imagingReview).toEqual({
        id: expect.any(String),
        caseId: caseA,
        boardId,
        specialty: 'radiology',
        kind: 'imaging_review',
        question: 'Is the 4L node involved on the PET-CT?',
        assigneeId: null,
        status: 'open',
        finding: null,
        requestedBy: presenter.user.id,
        requestedAt: expect.stringMatching(new RegExp(`^${today()}T`)),
        completedBy: null,
        completedAt: null,
        cancelledBy: null,
        cancelledAt: null,
        cancelledReason: null,
        version: 1,
      });
    });

    it('puts it on radiologists’ worklists, not on a surgeon’s, an observer’s or an outsider’s', async () => {
      const list = await worklist(radiologist);
      expect(list).toEqual([
        {
          ...imagingReview,
          patientRef: 'PREP-A',
          caseStatus: 'scheduled',
          casePriority: 'urgent',
          caseDueDate: '2030-01-15',
          boardName: 'Thoracic Preparation Board',
          nextMeeting: { meetingId, startsAt: expect.any(String), timezone: 'Europe/Paris' },
        },
      ]);
      expect(await worklist(radiologist2)).toHaveLength(1);
      expect(await worklist(surgeon)).toEqual([]);
      expect(await worklist(observingRadiologist)).toEqual([]);
      expect(await worklist(outsider)).toEqual([]);
      expect(await worklist(coordinator)).toEqual([]);
    });

    it('lists the oldest due first', async () => {
      const second = await ask(coordinator, caseB, {
        specialty: 'radiology',
        kind: 'specialty_review',
        question: 'Any contraindication to contrast?',
      }).expect(201);
      const list = await worklist(radiologist);
      expect(list.map((item) => [item.patientRef, item.caseDueDate, item.nextMeeting])).toEqual([
        ['PREP-B', '2029-06-01', null],
        [
          'PREP-A',
          '2030-01-15',
          { meetingId, startsAt: expect.any(String), timezone: 'Europe/Paris' },
        ],
      ]);
      // The board's chase list evaluates readiness in bulk, preparation requests included.
      const missing = await api()
        .get(`/api/v1/boards/${boardId}/missing-records`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(missing.body).toEqual([
        expect.objectContaining({ patientRef: 'PREP-B', missing: ['Radiology review'] }),
      ]);
      // Nor can a case be marked ready while a request on it is open.
      const notReady = await api()
        .post(`/api/v1/cases/${caseB}/status`)
        .set(bearer(presenter.token))
        .send({ status: 'ready' })
        .expect(409);
      expect(notReady.body.details).toEqual([{ field: 'readiness', message: 'Radiology review' }]);
      await cancel(coordinator, second.body.id, 'Asked by mistake').expect(200);
    });

    it('makes the case not ready, with the request as a readiness item', async () => {
      const result = await readiness(caseA);
      expect(result.ready).toBe(false);
      expect(result.missing).toEqual(['Radiology imaging review']);
      expect(result.items).toContainEqual({
        label: 'Radiology imaging review',
        met: false,
        detail: `requested ${imagingReview.requestedAt.slice(0, 10)}`,
        preparationRequestId: imagingReview.id,
      });
    });

    it('shows the requests on the case, to every member', async () => {
      const detail = await api()
        .get(`/api/v1/cases/${caseA}`)
        .set(bearer(observer.token))
        .expect(200);
      expect(detail.body.preparationRequests).toEqual([imagingReview]);
      expect(detail.body.readiness.missing).toEqual(['Radiology imaging review']);
      const list = await api()
        .get(`/api/v1/cases/${caseA}/preparation-requests`)
        .set(bearer(observer.token))
        .expect(200);
      expect(list.body).toEqual([imagingReview]);
    });

    it('lets a radiologist complete it with a finding: the case is ready again', async () => {
      const done = await complete(
        radiologist,
        imagingReview.id,
        ' 4L node 14 mm, FDG-avid: suspicious for N3. ',
      ).expect(200);
      expect(done.body).toEqual({
        ...imagingReview,
        status: 'done',
        finding: '4L node 14 mm, FDG-avid: suspicious for N3.',
        completedBy: radiologist.user.id,
        completedAt: expect.any(String),
        version: 2,
      });
      const result = await readiness(caseA);
      expect(result.ready).toBe(true);
      expect(result.items).toContainEqual({
        label: 'Radiology imaging review',
        met: true,
        detail: '4L node 14 mm, FDG-avid: suspicious for N3.',
        preparationRequestId: imagingReview.id,
      });
      expect(await worklist(radiologist)).toEqual([]);
      expect((await worklist(radiologist, 'done')).map((item) => item.id)).toEqual([
        imagingReview.id,
      ]);
      expect((await worklist(radiologist, 'all')).map((item) => item.status).sort()).toEqual([
        'cancelled',
        'done',
      ]);
    });

    it('audits every change, without the question, finding or reason', async () => {
      const rows: Array<{
        action: string;
        actor_id: string;
        target_type: string;
        target_id: string;
        details: Record<string, unknown>;
      }> = await t.auditLog(
        `SELECT action, actor_id, target_type, target_id, details FROM audit_event
         WHERE action LIKE 'case.preparation_%' ORDER BY seq`,
      );
      expect(rows.map((row) => [row.action, row.target_id])).toEqual([
        ['case.preparation_requested', caseA],
        ['case.preparation_requested', caseB],
        ['case.preparation_cancelled', caseB],
        ['case.preparation_completed', caseA],
      ]);
      expect(rows[0]).toMatchObject({
        actor_id: presenter.user.id,
        target_type: 'case',
        details: {
          requestId: imagingReview.id,
          specialty: 'radiology',
          kind: 'imaging_review',
          assigneeId: null,
        },
      });
      expect(rows[3]).toMatchObject({
        actor_id: radiologist.user.id,
        details: { requestId: imagingReview.id, specialty: 'radiology', kind: 'imaging_review' },
      });
      expect(JSON.stringify(rows)).not.toMatch(/4L node|contrast|mistake/);
    });
  });

  describe('who may do what', () => {
    let pathologyReview: string;

    it('hides requests from outsiders: 404 everywhere', async () => {
      const body = { specialty: 'pathology', kind: 'pathology_review', question: 'Re-cut?' };
      await ask(outsider, caseA, body).expect(404);
      await api()
        .get(`/api/v1/cases/${caseA}/preparation-requests`)
        .set(bearer(outsider.token))
        .expect(404);
      await complete(outsider, imagingReview.id, 'Looks fine').expect(404);
      await cancel(outsider, imagingReview.id, 'Not needed').expect(404);
      const missing = await complete(outsider, '00000000-0000-4000-8000-000000000000', 'Fine');
      expect(missing.status).toBe(404);
    });

    it('lets the coordinator and the presenter ask, not the observer, a panelist or another case’s chair', async () => {
      const body = {
        specialty: 'pathology',
        kind: 'pathology_review',
        question: 'PD-L1 on the new block?',
      };
      await ask(observer, caseA, body).expect(403);
      await ask(observingRadiologist, caseA, body).expect(403);
      await ask(pathologist, caseA, body).expect(403);
      await ask(chair, caseA, body).expect(403);
      const byCoordinator = await ask(coordinator, caseA, body).expect(201);
      pathologyReview = byCoordinator.body.id;
      const byPresenter = await ask(presenter, caseA, {
        specialty: 'medical_oncology',
        kind: 'specialty_review',
        question: 'Fit for platinum doublet?',
        assigneeId: chair.user.id,
      }).expect(201);
      expect(byPresenter.body).toMatchObject({ assigneeId: chair.user.id, status: 'open' });
    });

    it('lets only the specialty, the assignee or a coordinator complete', async () => {
      await complete(observer, pathologyReview, 'Not mine').expect(403);
      await complete(radiologist, pathologyReview, 'Not mine').expect(403);
      const observerRefusal = await complete(observingRadiologist, imagingReview.id, 'Again');
      expect(observerRefusal.status).toBe(403);
      await complete(pathologist, pathologyReview, 'PD-L1 TPS 60% on block B2.').expect(200);
      const [oncologyReview] = (
        await api()
          .get(`/api/v1/cases/${caseA}/preparation-requests`)
          .set(bearer(chair.token))
          .expect(200)
      ).body.filter((r: PreparationRequestView) => r.specialty === 'medical_oncology');
      expect((await worklist(chair)).map((item) => item.id)).toEqual([oncologyReview.id]);
      await complete(chair, oncologyReview.id, 'Fit for platinum doublet.').expect(200);
    });

    it('lets an assignee be named only among the specialty’s members', async () => {
      const body = { specialty: 'radiology', kind: 'specialty_review', question: 'Second read?' };
      for (const assignee of [observingRadiologist, surgeon, outsider]) {
        const refused = await ask(presenter, caseA, {
          ...body,
          assigneeId: assignee.user.id,
        }).expect(400);
        expect(refused.body.details).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
      }
    });
  });

  describe('bad input and conflicts', () => {
    it('refuses an unknown specialty or kind, unknown fields, and a kind that does not fit', async () => {
      const valid = { specialty: 'radiology', kind: 'imaging_review', question: 'Re-read?' };
      const unknown = await ask(presenter, caseB, { ...valid, specialty: 'dentistry' }).expect(400);
      expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'specialty' })]);
      await ask(presenter, caseB, { ...valid, kind: 'surgery_review' }).expect(400);
      await ask(presenter, caseB, { ...valid, question: 'x' }).expect(400);
      await ask(presenter, caseB, { ...valid, urgent: true }).expect(400);
      const mismatch = await ask(presenter, caseB, { ...valid, specialty: 'pathology' }).expect(
        400,
      );
      expect(mismatch.body).toMatchObject({
        code: 'invalid_input',
        message: 'an imaging review is asked of radiology or nuclear medicine, not pathology',
        details: [{ field: 'kind', message: expect.any(String) }],
      });
      await ask(presenter, caseB, { ...valid, kind: 'pathology_review' }).expect(400);
    });

    it('refuses a second open request of the same kind to the same specialty', async () => {
      const body = { specialty: 'nuclear_medicine', kind: 'imaging_review', question: 'PET read?' };
      const first = await ask(presenter, caseB, body).expect(201);
      const again = await ask(coordinator, caseB, body).expect(409);
      expect(again.body.code).toBe('duplicate_open_request');
      await cancel(presenter, first.body.id, 'PET done elsewhere').expect(200);
      await ask(coordinator, caseB, body).expect(201);
    });

    it('refuses an empty finding, and completing or cancelling a closed request', async () => {
      const created = await ask(presenter, caseB, {
        specialty: 'pathology',
        kind: 'pathology_review',
        question: 'Margins?',
      }).expect(201);
      const empty = await complete(pathologist, created.body.id, '').expect(400);
      expect(empty.body.details).toEqual([expect.objectContaining({ field: 'finding' })]);
      await complete(pathologist, created.body.id, '     ').expect(400);
      await cancel(presenter, created.body.id, '').expect(400);
      const cancelled = await cancel(presenter, created.body.id, 'Slides not available').expect(
        200,
      );
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: presenter.user.id,
        cancelledReason: 'Slides not available',
        cancelledAt: expect.any(String),
        finding: null,
        version: 2,
      });
      const late = await complete(pathologist, created.body.id, 'Margins clear').expect(409);
      expect(late.body).toMatchObject({
        code: 'preparation_not_open',
        message: 'a cancelled preparation request is final and cannot change status',
      });
      expect((await cancel(coordinator, created.body.id, 'Twice')).status).toBe(409);
      expect((await complete(radiologist, imagingReview.id, 'Again')).body.code).toBe(
        'preparation_not_open',
      );
    });

    it('lets exactly one of two concurrent completions win', async () => {
      const created = await ask(presenter, caseB, {
        specialty: 'radiology',
        kind: 'imaging_review',
        question: 'Progression since June?',
      }).expect(201);
      const results = await Promise.all([
        complete(radiologist, created.body.id, 'Stable disease.'),
        complete(radiologist2, created.body.id, 'Partial response.'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.body.code).toBe('preparation_not_open');
      const [row] = await t.dataSource.query(
        `SELECT status, finding, completed_by, version FROM preparation_request WHERE id = $1`,
        [created.body.id],
      );
      expect(row).toEqual({
        status: 'done',
        finding: winner.body.finding,
        completed_by: winner.body.completedBy,
        version: 2,
      });
      const audited = await t.auditLog(
        `SELECT count(*)::int AS n FROM audit_event
         WHERE action = 'case.preparation_completed' AND details->>'requestId' = $1`,
        [created.body.id],
      );
      expect(audited[0].n).toBe(1);
    });

    it('refuses requests on a case that is no longer being prepared', async () => {
      const withdrawn = await readyCase(presenter, completeCase('PREP-W'));
      await api()
        .post(`/api/v1/cases/${withdrawn}/status`)
        .set(bearer(presenter.token))
        .send({ status: 'withdrawn' })
        .expect(200);
      const refused = await ask(presenter, withdrawn, {
        specialty: 'radiology',
        kind: 'imaging_review',
        question: 'Re-read?',
      }).expect(409);
      expect(refused.body.code).toBe('case_not_open');
    });

    it('refuses a bad worklist filter', async () => {
      await api()
        .get('/api/v1/users/me/preparation-requests?status=pending')
        .set(bearer(radiologist.token))
        .expect(400);
    });
  });
});

describe('the home worklist', () => {
  let t: TestApp;
  let boardId: string;
  let coordinator: Person;
  let presenter: Person;
  let chair: Person;
  let observer: Person;
  let radiologist: Person;
  let admin: Person;
  let m1: { id: string; startsAt: string; endsAt: string; localStart: string };
  let m2: { id: string; startsAt: string; endsAt: string; localStart: string };
  const ids: Record<string, string> = {};
  let h3Review: PreparationRequestView;

  const api = () => request(t.http);
  const home = async (who: Person) =>
    (await api().get('/api/v1/users/me/home').set(bearer(who.token)).expect(200)).body as HomeView;

  async function createCase(by: Person, ref: string, dueDate: string, records: boolean) {
    const created = await api()
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(by.token))
      .send({ ...completeCase(ref), dueDate })
      .expect(201);
    if (records) {
      for (const [kind, daysAgo] of [
        ['pathology_report', 10],
        ['radiology_report', 20],
      ] as const) {
        await api()
          .post(`/api/v1/cases/${created.body.id}/records`)
          .set(bearer(by.token))
          .send({ kind, title: 'Report', recordDate: recentDate(daysAgo) })
          .expect(201);
      }
    }
    ids[ref] = created.body.id;
    return created.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ({
      boardId,
      coordinator,
      members: { presenter, chair, observer },
    } = await boardWithPanel(t, 'Home Board'));
    radiologist = await person(t, Specialty.Radiology);
    admin = await person(t, Specialty.Other, PlatformRole.Admin);
    await api()
      .post(`/api/v1/boards/${boardId}/members`)
      .set(bearer(coordinator.token))
      .send({ userId: radiologist.user.id, role: 'panelist' })
      .expect(201);
    const schedule = async (days: number) =>
      (
        await api()
          .post(`/api/v1/boards/${boardId}/meetings`)
          .set(bearer(coordinator.token))
          .send({
            title: `Board in ${days} days`,
            startLocal: localDaysAhead(days),
            durationMinutes: 60,
          })
          .expect(201)
      ).body.meetings[0];
    m1 = await schedule(2);
    m2 = await schedule(9);
    const m1Day = m1.localStart.slice(0, 10);

    // H-001: ready and on the first meeting.
    await createCase(presenter, 'H-001', '2030-01-15', true);
    await api()
      .post(`/api/v1/cases/${ids['H-001']}/status`)
      .set(bearer(presenter.token))
      .send({ status: 'ready' })
      .expect(200);
    await api()
      .post(`/api/v1/meetings/${m1.id}/agenda`)
      .set(bearer(coordinator.token))
      .send({ caseId: ids['H-001'], minutesAllotted: 10, presenterId: presenter.user.id })
      .expect(201);
    // H-002: no records yet, due on the first meeting's day.
    await createCase(presenter, 'H-002', m1Day, false);
    // H-003: complete, but radiology still has to review it; on the first meeting by override.
    await createCase(presenter, 'H-003', '2030-01-15', true);
    h3Review = (
      await api()
        .post(`/api/v1/cases/${ids['H-003']}/preparation-requests`)
        .set(bearer(presenter.token))
        .send({ specialty: 'radiology', kind: 'imaging_review', question: 'Response on CT?' })
        .expect(201)
    ).body;
    await api()
      .post(`/api/v1/meetings/${m1.id}/agenda`)
      .set(bearer(coordinator.token))
      .send({
        caseId: ids['H-003'],
        minutesAllotted: 10,
        presenterId: presenter.user.id,
        overrideReason: 'Radiology will read it before the meeting',
      })
      .expect(201);
    // H-004: the chair's, not ready, due long after the next meeting: nobody chases it yet.
    await createCase(chair, 'H-004', '2030-02-01', false);
    // H-005: withdrawn, so off everyone's home.
    await createCase(presenter, 'H-005', m1Day, false);
    await api()
      .post(`/api/v1/cases/${ids['H-005']}/status`)
      .set(bearer(presenter.token))
      .send({ status: 'withdrawn' })
      .expect(200);
  });

  afterAll(() => t.close());

  const meetingsAs = (role: BoardRole) => [
    {
      id: m1.id,
      boardId,
      boardName: 'Home Board',
      timezone: 'Europe/Paris',
      title: 'Board in 2 days',
      startsAt: m1.startsAt,
      endsAt: m1.endsAt,
      localStart: m1.localStart,
      durationMinutes: 60,
      status: 'scheduled',
      myRole: role,
      agendaItems: 2,
    },
    {
      id: m2.id,
      boardId,
      boardName: 'Home Board',
      timezone: 'Europe/Paris',
      title: 'Board in 9 days',
      startsAt: m2.startsAt,
      endsAt: m2.endsAt,
      localStart: m2.localStart,
      durationMinutes: 60,
      status: 'scheduled',
      myRole: role,
      agendaItems: 0,
    },
  ];

  const NOTHING_WAITING = {
    missingRecords: [],
    notReadyForNextMeeting: [],
    preparationRequests: { open: 0, first: [] },
  };

  it('shows a presenter their meetings, their open cases with readiness, and what they lack', async () => {
    const m1Ref = { meetingId: m1.id, startsAt: m1.startsAt, timezone: 'Europe/Paris' };
    const view = await home(presenter);
    expect(view).toEqual({
      nextMeetings: meetingsAs(BoardRole.Presenter),
      myCases: [
        {
          caseId: ids['H-002'],
          boardId,
          boardName: 'Home Board',
          patientRef: 'H-002',
          status: 'draft',
          priority: 'urgent',
          dueDate: m1.localStart.slice(0, 10),
          primarySite: 'Right upper lobe',
          readiness: {
            ready: false,
            missing: ['Pathology report present', 'Radiology report within 60 days'],
          },
          nextMeeting: null,
        },
        {
          caseId: ids['H-001'],
          boardId,
          boardName: 'Home Board',
          patientRef: 'H-001',
          status: 'scheduled',
          priority: 'urgent',
          dueDate: '2030-01-15',
          primarySite: 'Right upper lobe',
          readiness: { ready: true, missing: [] },
          nextMeeting: m1Ref,
        },
        {
          caseId: ids['H-003'],
          boardId,
          boardName: 'Home Board',
          patientRef: 'H-003',
          status: 'scheduled',
          priority: 'urgent',
          dueDate: '2030-01-15',
          primarySite: 'Right upper lobe',
          readiness: { ready: false, missing: ['Radiology imaging review'] },
          nextMeeting: m1Ref,
        },
      ],
      waitingOnMe: {
        missingRecords: [
          {
            caseId: ids['H-002'],
            boardId,
            patientRef: 'H-002',
            dueDate: m1.localStart.slice(0, 10),
            missing: ['Pathology report present', 'Radiology report within 60 days'],
          },
          {
            caseId: ids['H-003'],
            boardId,
            patientRef: 'H-003',
            dueDate: '2030-01-15',
            missing: ['Radiology imaging review'],
          },
        ],
        notReadyForNextMeeting: [],
        preparationRequests: { open: 0, first: [] },
      },
    });
  });

  it('shows a coordinator the cases not ready for the next meeting', async () => {
    const m1Ref = { meetingId: m1.id, startsAt: m1.startsAt, timezone: 'Europe/Paris' };
    expect(await home(coordinator)).toEqual({
      nextMeetings: meetingsAs(BoardRole.Coordinator),
      myCases: [],
      waitingOnMe: {
        missingRecords: [],
        notReadyForNextMeeting: [
          {
            caseId: ids['H-002'],
            boardId,
            boardName: 'Home Board',
            patientRef: 'H-002',
            status: 'draft',
            dueDate: m1.localStart.slice(0, 10),
            presenterId: presenter.user.id,
            missing: ['Pathology report present', 'Radiology report within 60 days'],
            meeting: m1Ref,
            onAgenda: false,
          },
          {
            caseId: ids['H-003'],
            boardId,
            boardName: 'Home Board',
            patientRef: 'H-003',
            status: 'scheduled',
            dueDate: '2030-01-15',
            presenterId: presenter.user.id,
            missing: ['Radiology imaging review'],
            meeting: m1Ref,
            onAgenda: true,
          },
        ],
        preparationRequests: { open: 0, first: [] },
      },
    });
  });

  it('shows a radiologist the preparation asked of them', async () => {
    const view = await home(radiologist);
    expect(view.nextMeetings).toEqual(meetingsAs(BoardRole.Panelist));
    expect(view.myCases).toEqual([]);
    expect(view.waitingOnMe).toEqual({
      missingRecords: [],
      notReadyForNextMeeting: [],
      preparationRequests: {
        open: 1,
        first: [
          {
            ...h3Review,
            patientRef: 'H-003',
            caseStatus: 'scheduled',
            casePriority: 'urgent',
            caseDueDate: '2030-01-15',
            boardName: 'Home Board',
            nextMeeting: { meetingId: m1.id, startsAt: m1.startsAt, timezone: 'Europe/Paris' },
          },
        ],
      },
    });
  });

  it('shows an observer their meetings only', async () => {
    expect(await home(observer)).toEqual({
      nextMeetings: meetingsAs(BoardRole.Observer),
      myCases: [],
      waitingOnMe: NOTHING_WAITING,
    });
  });

  it('shows an administrator who belongs to no board nothing', async () => {
    expect(await home(admin)).toEqual({
      nextMeetings: [],
      myCases: [],
      waitingOnMe: NOTHING_WAITING,
    });
  });

  it('follows the work: a finding makes the case ready for everyone', async () => {
    await api()
      .post(`/api/v1/preparation-requests/${h3Review.id}/complete`)
      .set(bearer(radiologist.token))
      .send({ finding: 'Partial response by RECIST 1.1.' })
      .expect(200);
    expect((await home(radiologist)).waitingOnMe.preparationRequests).toEqual({
      open: 0,
      first: [],
    });
    const presenterHome = await home(presenter);
    expect(presenterHome.myCases.find((c) => c.patientRef === 'H-003')?.readiness).toEqual({
      ready: true,
      missing: [],
    });
    expect(
      (await home(coordinator)).waitingOnMe.notReadyForNextMeeting.map((c) => c.patientRef),
    ).toEqual(['H-002']);
  });

  it('keeps to a fixed number of queries however many boards, meetings, cases and requests', async () => {
    const ask = (caseId: string, body: object) =>
      api()
        .post(`/api/v1/cases/${caseId}/preparation-requests`)
        .set(bearer(presenter.token))
        .send(body)
        .expect(201);
    await ask(ids['H-003'], {
      specialty: 'radiology',
      kind: 'specialty_review',
      question: 'Stop?',
    });
    const queries = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    // Other work of the server (an earlier request's after-commit audit, the live room's periodic
    // sweep) can run while a request is measured and only ever adds queries: wait until the
    // database has been quiet for a moment, count the request twice and keep the smaller count.
    const quiet = async () => {
      let seen = -1;
      while (seen !== queries.mock.calls.length) {
        seen = queries.mock.calls.length;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    };
    const once = async (path: string, who: Person) => {
      await quiet();
      queries.mockClear();
      await api().get(path).set(bearer(who.token)).expect(200);
      return queries.mock.calls.length;
    };
    const count = async (path: string, who: Person) =>
      Math.min(await once(path, who), await once(path, who));
    const measure = async () => ({
      presenter: await count('/api/v1/users/me/home', presenter),
      coordinator: await count('/api/v1/users/me/home', coordinator),
      radiologist: await count('/api/v1/users/me/home', radiologist),
      worklist: await count('/api/v1/users/me/preparation-requests', radiologist),
      missing: await count(`/api/v1/boards/${boardId}/missing-records`, coordinator),
    });
    try {
      const before = await measure();
      expect(Math.min(...Object.values(before))).toBeGreaterThan(0);

      // A second board with the same people, a meeting, and more cases and requests on both.
      const second = await api()
        .post('/api/v1/boards')
        .set(bearer(coordinator.token))
        .send({ name: 'Second Board', tumourSites: ['gi'], institution: 'GH', timezone: 'UTC' })
        .expect(201);
      for (const [who, role] of [
        [presenter, 'presenter'],
        [radiologist, 'panelist'],
      ] as const) {
        await api()
          .post(`/api/v1/boards/${second.body.id}/members`)
          .set(bearer(coordinator.token))
          .send({ userId: who.user.id, role })
          .expect(201);
      }
      const meeting = (
        await api()
          .post(`/api/v1/boards/${second.body.id}/meetings`)
          .set(bearer(coordinator.token))
          .send({ title: 'GI board', startLocal: localDaysAhead(4), durationMinutes: 60 })
          .expect(201)
      ).body.meetings[0];
      for (const [n, board] of [
        [1, second.body.id],
        [2, second.body.id],
        [3, second.body.id],
        [4, boardId],
        [5, boardId],
      ] as const) {
        const created = await api()
          .post(`/api/v1/boards/${board}/cases`)
          .set(bearer(presenter.token))
          .send({ ...completeCase(`MORE-${n}`), dueDate: m1.localStart.slice(0, 10) })
          .expect(201);
        await ask(created.body.id, {
          specialty: 'radiology',
          kind: 'imaging_review',
          question: 'Staging CT?',
        });
        await api()
          .post(`/api/v1/meetings/${board === boardId ? m2.id : meeting.id}/agenda`)
          .set(bearer(coordinator.token))
          .send({
            caseId: created.body.id,
            minutesAllotted: 5,
            presenterId: presenter.user.id,
            overrideReason: 'Records on their way',
          })
          .expect(201);
      }
      const after = await measure();
      expect((await home(radiologist)).waitingOnMe.preparationRequests.open).toBe(6);
      expect((await home(presenter)).myCases).toHaveLength(8);
      expect(after).toEqual(before);
    } finally {
      queries.mockRestore();
    }
  });
});
