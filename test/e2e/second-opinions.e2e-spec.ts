import request from 'supertest';
import { PlatformRole, Specialty } from '@app/contracts';
import { Person, boardWithPanel, person } from '../support/clinical';
import { MALFORMED_BODIES } from '../support/fuzz';
import { TestApp, bearer, startTestApp } from '../support/test-app';
import { minimalPdf } from '../support/documents';

const referral = () => ({
  type: 'treatment_plan',
  priority: 'routine',
  patient: { reference: 'SO-PT-0042', birthYear: 1961, sex: 'female' },
  preferredLanguage: 'it',
  country: 'IT',
  timezone: 'Europe/Rome',
  question: 'Is surgery after induction the right plan, or definitive chemoradiation?',
  referrer: {
    name: 'Dr M. Rossi',
    institution: 'Ospedale San Carlo, Milano',
    email: 'm.rossi@sancarlo.example',
  },
  firstOpinion: {
    diagnosis: 'Adenocarcinoma of the right upper lobe',
    stage: 'cT2aN2M0, IIIA',
    proposedTreatment: 'Neoadjuvant chemotherapy, then lobectomy',
    institution: 'Ospedale San Carlo, Milano',
    physician: 'Dr M. Rossi',
  },
  consent: {
    grantedBy: 'patient',
    grantedAt: new Date(Date.now() - 86_400_000).toISOString(),
    scope: ['share_records', 'process_records', 'international_transfer'],
  },
  payer: { payer: 'Self-pay', coverageVerified: true },
});

describe('second-opinion intake', () => {
  let t: TestApp;
  let boardId: string;
  let coordinator: Person;
  let members: Awaited<ReturnType<typeof boardWithPanel>>['members'];
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ boardId, coordinator, members } = await boardWithPanel(t, 'Second Opinion Program'));
    admin = (await person(t, Specialty.Other, PlatformRole.Admin)).token;
  });

  afterAll(() => t.close());

  const intake = (token: string, body: unknown) =>
    request(t.http)
      .post(`/api/v1/boards/${boardId}/second-opinions`)
      .set(bearer(token))
      .send(body as object);

  it('takes in a referral with the pseudonymous patient, first opinion, consent and payer, and audits it', async () => {
    const created = await intake(coordinator.token, referral()).expect(201);
    expect(created.body).toMatchObject({
      status: 'awaiting_records',
      clock: { state: 'not_started', elapsedMs: 0 },
      patient: { reference: 'SO-PT-0042', birthYear: 1961, sex: 'female' },
      country: 'IT',
      firstOpinion: { institution: 'Ospedale San Carlo, Milano', stage: 'cT2aN2M0, IIIA' },
      consent: { grantedBy: 'patient', withdrawnAt: null },
      payer: { payer: 'Self-pay', coverageVerified: true, authorizationNumber: null },
    });
    const audit = await request(t.http)
      .get('/api/v1/audit')
      .query({ action: 'second_opinion.received', targetId: created.body.id })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(JSON.stringify(audit.body.items[0].details)).not.toContain('Rossi');
    const listed = await request(t.http)
      .get(`/api/v1/boards/${boardId}/second-opinions`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(listed.body.map((r: { id: string }) => r.id)).toContain(created.body.id);
  });

  it('refuses an emergent case and sends it to emergency care', async () => {
    const refused = await intake(coordinator.token, { ...referral(), priority: 'emergent' }).expect(
      422,
    );
    expect(refused.body.message).toMatch(/emergency care now/);
  });

  it('lets only the coordinator take in referrals; members do not see the first opinion', async () => {
    await intake(members.panelist.token, referral()).expect(403);
    await intake(members.chair.token, referral()).expect(403);
    const outsider = await person(t, Specialty.Pathology);
    await intake(outsider.token, referral()).expect(404);
    const created = await intake(coordinator.token, referral()).expect(201);
    const seen = await request(t.http)
      .get(`/api/v1/second-opinions/${created.body.id}`)
      .set(bearer(members.panelist.token))
      .expect(200);
    expect(seen.body.firstOpinion).toBeUndefined();
    expect(JSON.stringify(seen.body)).not.toContain('Neoadjuvant chemotherapy, then lobectomy');
    await request(t.http)
      .get(`/api/v1/second-opinions/${created.body.id}`)
      .set(bearer(outsider.token))
      .expect(404);
  });

  it('records a consent withdrawal once, and stops the request', async () => {
    const created = await intake(coordinator.token, referral()).expect(201);
    const path = `/api/v1/second-opinions/${created.body.id}/consent/withdraw`;
    await request(t.http)
      .post(path)
      .set(bearer(members.chair.token))
      .send({ reason: 'patient request' })
      .expect(403);
    const withdrawn = await request(t.http)
      .post(path)
      .set(bearer(coordinator.token))
      .send({ reason: 'patient changed her mind' })
      .expect(200);
    expect(withdrawn.body).toMatchObject({
      status: 'consent_withdrawn',
      consent: { withdrawalReason: 'patient changed her mind', withdrawnAt: expect.any(String) },
    });
    await request(t.http)
      .post(path)
      .set(bearer(coordinator.token))
      .send({ reason: 'again' })
      .expect(409);
  });

  it.each([
    [
      'a name-like reference with spaces',
      { patient: { reference: 'Anna Bianchi', birthYear: 1961, sex: 'female' } },
    ],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }],
    ['a country that is not ISO 3166', { country: 'Italy' }],
    ['a language that is not BCP 47', { preferredLanguage: 'Italian' }],
    [
      'consent granted in the future',
      {
        consent: {
          grantedBy: 'patient',
          grantedAt: '2999-01-01T00:00:00Z',
          scope: ['share_records'],
        },
      },
    ],
    [
      'consent without scope',
      { consent: { grantedBy: 'patient', grantedAt: '2026-01-01T00:00:00Z', scope: [] } },
    ],
    ['no first opinion', { firstOpinion: undefined }],
    ['an unknown field', { mrn: '12345' }],
  ])('refuses %s with 400', async (_name, change) => {
    await intake(coordinator.token, { ...referral(), ...change }).expect(400);
  });

  it('answers malformed bodies with 4xx only', async () => {
    for (const body of MALFORMED_BODIES) {
      const response = await request(t.http)
        .post(`/api/v1/boards/${boardId}/second-opinions`)
        .set(bearer(coordinator.token))
        .set('content-type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  describe('records collection by upload link', () => {
    const PDF = minimalPdf(['Synthetic test record']);
    const tokenOf = (url: string) => url.split('/').pop() as string;
    const uploadWith = (
      token: string,
      content: Buffer,
      type = 'application/pdf',
      name = 'report.pdf',
    ) =>
      request(t.http)
        .post(`/api/v1/uploads/${token}`)
        .field('title', 'Pathology report')
        .attach('file', content, { filename: name, contentType: type });

    it('collects the checklist through single-purpose, expiring links that need no account', async () => {
      const created = await intake(coordinator.token, {
        ...referral(),
        type: 'pathology_review',
      }).expect(201);
      const id = created.body.id;
      const checklist = await request(t.http)
        .get(`/api/v1/second-opinions/${id}/records`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(checklist.body).toMatchObject({
        complete: false,
        missing: ['Pathology report', expect.stringContaining('Clinical summary')],
      });
      await request(t.http)
        .post(`/api/v1/second-opinions/${id}/upload-links`)
        .set(bearer(members.panelist.token))
        .send({ kind: 'pathology_report' })
        .expect(403);
      await request(t.http)
        .post(`/api/v1/second-opinions/${id}/upload-links`)
        .set(bearer(coordinator.token))
        .send({ kind: 'radiology_report' })
        .expect(400);
      const pathology = await request(t.http)
        .post(`/api/v1/second-opinions/${id}/upload-links`)
        .set(bearer(coordinator.token))
        .send({ kind: 'pathology_report', hours: 48 })
        .expect(201);
      // The link opens the web client's upload page, which calls /api/v1/uploads/<token>.
      expect(pathology.body.url).toMatch(/^https?:\/\/[^/]+\/uploads\/[A-Za-z0-9_-]{43}$/);
      const token = tokenOf(pathology.body.url);

      const opened = await request(t.http).get(`/api/v1/uploads/${token}`).expect(200);
      expect(opened.body).toMatchObject({ kind: 'pathology_report', label: 'Pathology report' });
      await uploadWith(
        token,
        Buffer.from('MZ this is an executable'),
        'application/pdf',
        'x.pdf',
      ).expect(400);
      const uploaded = await uploadWith(token, PDF).expect(201);
      expect(uploaded.body).toMatchObject({
        kind: 'pathology_report',
        contentType: 'application/pdf',
      });
      expect((await uploadWith(token, PDF).expect(410)).body.code).toBe('link_used');
      await request(t.http).get('/api/v1/uploads/not-a-real-token').expect(404);

      const letter = await request(t.http)
        .post(`/api/v1/second-opinions/${id}/upload-links`)
        .set(bearer(coordinator.token))
        .send({ kind: 'clinical_note' })
        .expect(201);
      await t.dataSource.query(
        `UPDATE second_opinion_upload_link SET expires_at = now() - interval '1 minute' WHERE id = $1`,
        [letter.body.id],
      );
      expect((await uploadWith(tokenOf(letter.body.url), PDF).expect(410)).body.code).toBe(
        'link_expired',
      );
      const fresh = await request(t.http)
        .post(`/api/v1/second-opinions/${id}/upload-links`)
        .set(bearer(coordinator.token))
        .send({ kind: 'clinical_note' })
        .expect(201);
      await uploadWith(tokenOf(fresh.body.url), PDF).expect(201);

      const complete = await request(t.http)
        .get(`/api/v1/second-opinions/${id}/records`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(complete.body).toMatchObject({ complete: true, missing: [] });
      const request_ = await request(t.http)
        .get(`/api/v1/second-opinions/${id}`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(request_.body.status).toBe('records_complete');
      expect(request_.body.clock).toMatchObject({
        state: 'running',
        pauses: [],
        status: 'on_track',
      });
      expect(request_.body.clock.targetMs).toBe(10 * 86_400_000);

      // More records asked for after completion: the clock pauses until they are in.
      const extra = await request(t.http)
        .post(`/api/v1/second-opinions/${id}/upload-links`)
        .set(bearer(coordinator.token))
        .send({ kind: 'other' })
        .expect(201);
      const paused = await request(t.http)
        .get(`/api/v1/second-opinions/${id}`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(paused.body).toMatchObject({
        status: 'awaiting_records',
        clock: { state: 'paused', pauses: [{ to: null }] },
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await uploadWith(tokenOf(extra.body.url), PDF).expect(201);
      const resumed = await request(t.http)
        .get(`/api/v1/second-opinions/${id}`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(resumed.body.status).toBe('records_complete');
      expect(resumed.body.clock.state).toBe('running');
      expect(resumed.body.clock.pauses).toEqual([
        { from: expect.any(String), to: expect.any(String) },
      ]);
      expect(resumed.body.clock.pausedMs).toBeGreaterThanOrEqual(50);
      const audit = await request(t.http)
        .get('/api/v1/audit')
        .query({ targetId: id, targetType: 'second_opinion' })
        .set(bearer(admin))
        .expect(200);
      const actions = audit.body.items.map((item: { action: string }) => item.action);
      for (const action of [
        'second_opinion.received',
        'second_opinion.upload_link_created',
        'second_opinion.upload_link_opened',
        'second_opinion.record_uploaded',
      ])
        expect(actions).toContain(action);
      const timeline = await t.dataSource.query(
        `SELECT type FROM second_opinion_event WHERE request_id = $1 ORDER BY id`,
        [id],
      );
      expect(timeline.map((row: { type: string }) => row.type)).toEqual([
        'received',
        'records_requested',
        'record_received',
        'records_requested',
        'records_requested',
        'record_received',
        'records_complete',
        'records_requested',
        'record_received',
        'records_complete',
      ]);
    });

    it('stops collecting once consent is withdrawn', async () => {
      const created = await intake(coordinator.token, referral()).expect(201);
      const link = await request(t.http)
        .post(`/api/v1/second-opinions/${created.body.id}/upload-links`)
        .set(bearer(coordinator.token))
        .send({ kind: 'pathology_report' })
        .expect(201);
      await request(t.http)
        .post(`/api/v1/second-opinions/${created.body.id}/consent/withdraw`)
        .set(bearer(coordinator.token))
        .send({ reason: 'patient request' })
        .expect(200);
      expect((await uploadWith(tokenOf(link.body.url), PDF).expect(410)).body.code).toBe(
        'consent_withdrawn',
      );
      await request(t.http)
        .post(`/api/v1/second-opinions/${created.body.id}/upload-links`)
        .set(bearer(coordinator.token))
        .send({ kind: 'pathology_report' })
        .expect(409);
    });
  });

  describe('independent, blinded review', () => {
    const PDF = minimalPdf(['Synthetic test record']);
    const FIRST_OPINION_TREATMENT = 'Neoadjuvant chemotherapy, then lobectomy';
    const withRecords = async (body: object) => {
      const created = await intake(coordinator.token, body).expect(201);
      for (const kind of ['pathology_report', 'clinical_note']) {
        const link = await request(t.http)
          .post(`/api/v1/second-opinions/${created.body.id}/upload-links`)
          .set(bearer(coordinator.token))
          .send({ kind })
          .expect(201);
        await request(t.http)
          .post(`/api/v1/uploads/${link.body.url.split('/').pop()}`)
          .field('title', kind)
          .attach('file', PDF, { filename: 'r.pdf', contentType: 'application/pdf' })
          .expect(201);
      }
      return created.body.id as string;
    };
    const as = (who: Person) => bearer(who.token);

    it('refuses reviewers from the first opinion’s institution, however it is written', async () => {
      const id = await withRecords({
        ...referral(),
        type: 'pathology_review',
        firstOpinion: { ...referral().firstOpinion, institution: 'General Hosp.' },
      });
      const refused = await request(t.http)
        .post(`/api/v1/second-opinions/${id}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [members.panelist.user.id] })
        .expect(409);
      expect(JSON.stringify(refused.body)).toContain('same_institution');
    });

    it('opens records only after the no-conflict attestation, and the first opinion only after the assessment', async () => {
      const id = await withRecords({ ...referral(), type: 'pathology_review' });
      const base = `/api/v1/second-opinions/${id}`;
      await request(t.http)
        .post(`${base}/reviewers`)
        .set(as(members.panelist))
        .send({ userIds: [members.panelist.user.id] })
        .expect(403);
      await request(t.http)
        .post(`${base}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [members.observer.user.id] })
        .expect(400);
      await request(t.http)
        .post(`${base}/reviewers`)
        .set(as(coordinator))
        .send({ userIds: [members.panelist.user.id, members.presenter.user.id] })
        .expect(204);

      const reviewer = members.panelist;
      const probe = async () => {
        for (const path of [
          base,
          `${base}/review`,
          `${base}/records`,
          `/api/v1/boards/${boardId}/second-opinions`,
        ]) {
          const response = await request(t.http).get(path).set(as(reviewer));
          expect(JSON.stringify(response.body)).not.toContain(FIRST_OPINION_TREATMENT);
        }
      };
      await probe();
      const before = await request(t.http).get(`${base}/review`).set(as(reviewer)).expect(200);
      expect(before.body).toMatchObject({ attestation: null, assessment: null });
      expect(before.body.firstOpinion).toBeUndefined();
      expect(before.body.reviewer).toMatchObject({
        institution: 'General Hospital',
        credentials: expect.any(Object),
      });
      await request(t.http).get(`${base}/records`).set(as(reviewer)).expect(403);
      const assessment = {
        diagnosis: 'Adenocarcinoma, right upper lobe, N2 single station',
        stage: 'cT2aN2M0, IIIA',
        recommendation: 'Definitive concurrent chemoradiotherapy, then durvalumab',
        alternatives: ['Induction chemo-immunotherapy then surgery', 'Clinical trial'],
        risks: 'Pneumonitis',
        pros: 'Avoids pneumonectomy risk',
        cons: 'Longer treatment',
      };
      await request(t.http)
        .post(`${base}/review/assessment`)
        .set(as(reviewer))
        .send(assessment)
        .expect(403);
      await request(t.http)
        .post(`${base}/review/attestation`)
        .set(as(reviewer))
        .send({ noConflict: true })
        .expect(200);
      await request(t.http)
        .post(`${base}/review/attestation`)
        .set(as(reviewer))
        .send({ noConflict: true })
        .expect(409);
      await request(t.http).get(`${base}/records`).set(as(reviewer)).expect(200);
      await probe();

      await request(t.http)
        .post(`${base}/review/attestation`)
        .set(as(members.presenter))
        .send({ noConflict: false })
        .expect(200);
      await request(t.http).get(`${base}/records`).set(as(members.presenter)).expect(403);
      await request(t.http)
        .post(`${base}/review/assessment`)
        .set(as(members.presenter))
        .send(assessment)
        .expect(403);
      await request(t.http).get(`${base}/review`).set(as(members.chair)).expect(404);

      await request(t.http)
        .post(`${base}/review/concordance`)
        .set(as(reviewer))
        .send({ classification: 'treatment_changed', rationale: 'x' })
        .expect(409);
      await request(t.http)
        .post(`${base}/review/assessment`)
        .set(as(reviewer))
        .send({ ...assessment, extra: 1 })
        .expect(400);
      const submitted = await request(t.http)
        .post(`${base}/review/assessment`)
        .set(as(reviewer))
        .send(assessment)
        .expect(200);
      expect(submitted.body).toMatchObject({
        assessment: { recommendation: assessment.recommendation, submittedAt: expect.any(String) },
        firstOpinion: { proposedTreatment: FIRST_OPINION_TREATMENT },
      });
      await request(t.http)
        .post(`${base}/review/assessment`)
        .set(as(reviewer))
        .send(assessment)
        .expect(409);
      await request(t.http)
        .post(`${base}/review/concordance`)
        .set(as(reviewer))
        .send({ classification: 'treatment_changed' })
        .expect(400);
      const classified = await request(t.http)
        .post(`${base}/review/concordance`)
        .set(as(reviewer))
        .send({
          classification: 'treatment_changed',
          rationale: 'Bulky N2: chemoradiation preferred to surgery',
        })
        .expect(200);
      expect(classified.body.concordance).toMatchObject({ classification: 'treatment_changed' });
      await request(t.http)
        .post(`${base}/review/concordance`)
        .set(as(reviewer))
        .send({ classification: 'confirmed' })
        .expect(409);
      await expect(
        t.dataSource.query(
          `UPDATE second_opinion_assessment SET assessment = '{}' WHERE request_id = $1`,
          [id],
        ),
      ).rejects.toThrow(/never change/);
    });
  });

  it('lists at-risk and breached turnarounds, the clock paused time left out', async () => {
    const urgent = await intake(coordinator.token, { ...referral(), priority: 'urgent' }).expect(
      201,
    );
    const routine = await intake(coordinator.token, referral()).expect(201);
    const backdate = async (id: string, events: Array<[string, number]>) => {
      for (const [type, daysAgo] of events)
        await t.dataSource.query(
          `INSERT INTO second_opinion_event (request_id, type, at, details)
           VALUES ($1, $2, now() - make_interval(secs => $3 * 86400), '{}')`,
          [id, type, daysAgo],
        );
    };
    // Urgent (3-day target): complete 5 days ago, 1 day paused: 4 days running, breached.
    await backdate(urgent.body.id, [
      ['records_complete', 5],
      ['records_requested', 3],
      ['records_complete', 2],
    ]);
    // Routine (10-day target): complete 9 days ago: at risk.
    await backdate(routine.body.id, [['records_complete', 9]]);
    await request(t.http)
      .get(`/api/v1/boards/${boardId}/second-opinions/turnaround-watch`)
      .set(bearer(members.chair.token))
      .expect(403);
    const watch = await request(t.http)
      .get(`/api/v1/boards/${boardId}/second-opinions/turnaround-watch`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(watch.body.map((r: { id: string }) => r.id)).toEqual([urgent.body.id, routine.body.id]);
    const [breached, atRisk] = watch.body;
    expect(breached.clock).toMatchObject({ state: 'running', status: 'breached' });
    expect(Math.round(breached.clock.elapsedMs / 86_400_000)).toBe(4);
    expect(Math.round(breached.clock.pausedMs / 86_400_000)).toBe(1);
    expect(atRisk.clock).toMatchObject({ status: 'at_risk' });
  });
});
