import { randomUUID } from 'node:crypto';
import request, { Response } from 'supertest';
import { BoardRole, PlatformRole, Specialty } from '@app/contracts';
import { Person, boardWithPanel, person } from '../support/clinical';
import { MALFORMED_BODIES } from '../support/fuzz';
import { pdfText } from '@app/testing';
import { TestApp, bearer, createUser, login, startTestApp } from '../support/test-app';
import { minimalPdf } from '../support/documents';

const FIRST_OPINION_TREATMENT = 'Neoadjuvant chemotherapy, then lobectomy';
const SAME_INSTITUTION = 'Ospedale San Carlo, Milano';
const PDF = minimalPdf(['Synthetic test record']);
const ASSESSMENT = {
  diagnosis: 'Adenocarcinoma, right upper lobe, N2 single station',
  stage: 'cT2aN2M0, IIIA',
  recommendation: 'Definitive concurrent chemoradiotherapy, then durvalumab consolidation',
  alternatives: ['Induction chemo-immunotherapy, then surgery', 'Clinical trial NCT04025879'],
  risks: 'Radiation pneumonitis, oesophagitis',
  pros: 'Avoids the risk of a pneumonectomy; non-surgical',
  cons: 'Six weeks of daily treatment',
};
const { recommendation: _recommendation, ...PANEL_CONCLUSION } = ASSESSMENT;
const PATIENT_SUMMARY =
  'Il gruppo di esperti consiglia la chemioradioterapia invece della chirurgia. ' +
  'Ne parli con il suo oncologo: è una decisione da prendere insieme.';

const referral = (overrides: object = {}) => ({
  type: 'treatment_plan',
  priority: 'routine',
  patient: { reference: `SO-${randomUUID().slice(0, 8)}`, birthYear: 1961, sex: 'female' },
  preferredLanguage: 'it',
  country: 'IT',
  timezone: 'Europe/Rome',
  question: 'Is surgery after induction the right plan, or definitive chemoradiation?',
  referrer: {
    name: 'Dr M. Rossi',
    institution: SAME_INSTITUTION,
    email: 'm.rossi@sancarlo.example',
  },
  firstOpinion: {
    diagnosis: 'Adenocarcinoma of the right upper lobe',
    stage: 'cT2aN2M0, IIIA',
    proposedTreatment: FIRST_OPINION_TREATMENT,
    institution: SAME_INSTITUTION,
    physician: 'Dr M. Rossi',
  },
  consent: {
    grantedBy: 'patient',
    grantedAt: new Date(Date.now() - 86_400_000).toISOString(),
    scope: ['share_records', 'process_records'],
  },
  payer: { payer: 'Self-pay', coverageVerified: true },
  ...overrides,
});

const binary = (test: request.Test) =>
  test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('second opinion: from referral to delivered opinion', () => {
  let t: TestApp;
  let boardId: string;
  let coordinator: Person;
  let members: Awaited<ReturnType<typeof boardWithPanel>>['members'];
  let admin: Person;
  let sameInstitution: Person;
  let specialist: Person;

  const api = () => request(t.http);
  const as = (who: Person) => bearer(who.token);

  const member = async (
    role: BoardRole,
    specialty: Specialty,
    extra: { institution?: string; displayName?: string; credentials?: object } = {},
  ): Promise<Person> => {
    const user = await createUser(t, { specialty, ...extra } as Parameters<typeof createUser>[1]);
    const joined: Person = { user, token: (await login(t, user.email)).accessToken };
    await api()
      .post(`/api/v1/boards/${boardId}/members`)
      .set(as(coordinator))
      .send({ userId: user.id, role })
      .expect(201);
    return joined;
  };

  const intake = async (overrides: object = {}): Promise<string> => {
    const created = await api()
      .post(`/api/v1/boards/${boardId}/second-opinions`)
      .set(as(coordinator))
      .send(referral(overrides))
      .expect(201);
    return created.body.id;
  };

  const uploadByLink = async (id: string, kind: string): Promise<void> => {
    const link = await api()
      .post(`/api/v1/second-opinions/${id}/upload-links`)
      .set(as(coordinator))
      .send({ kind })
      .expect(201);
    await api()
      .post(`/api/v1/uploads/${link.body.url.split('/').pop()}`)
      .field('title', kind)
      .attach('file', PDF, { filename: `${kind}.pdf`, contentType: 'application/pdf' })
      .expect(201);
  };

  const completeRecords = async (id: string): Promise<void> => {
    const checklist = await api()
      .get(`/api/v1/second-opinions/${id}/records`)
      .set(as(coordinator))
      .expect(200);
    for (const item of checklist.body.items) await uploadByLink(id, item.kind);
  };

  const review = async (id: string, reviewer: Person, concordance?: object) => {
    const base = `/api/v1/second-opinions/${id}/review`;
    await api()
      .post(`${base}/attestation`)
      .set(as(reviewer))
      .send({ noConflict: true })
      .expect(200);
    await api().post(`${base}/assessment`).set(as(reviewer)).send(ASSESSMENT).expect(200);
    if (concordance)
      await api().post(`${base}/concordance`).set(as(reviewer)).send(concordance).expect(200);
  };

  const get = (path: string, who: Person) => api().get(`/api/v1${path}`).set(as(who));

  beforeAll(async () => {
    t = await startTestApp({
      SECOND_OPINION_FOLLOW_UP_QUESTIONS: '1',
      SECOND_OPINION_TARGET_DAYS_ROUTINE: '7',
    });
    ({ boardId, coordinator, members } = await boardWithPanel(t, 'Second Opinion Program'));
    await api()
      .patch(`/api/v1/boards/${boardId}`)
      .set(as(coordinator))
      .send({ quorumPolicy: { requiredSpecialties: [], minVotingMembers: 3 } })
      .expect(200);
    admin = await person(t, Specialty.Other, PlatformRole.Admin);
    sameInstitution = await member(BoardRole.Panelist, Specialty.SurgicalOncology, {
      institution: 'OSPEDALE SAN CARLO – Milano',
    });
    specialist = await member(BoardRole.Panelist, Specialty.RadiationOncology, {
      displayName: 'Dr Łukasz Wójcik',
      credentials: {
        licences: [{ number: 'PWZ-1234567', jurisdiction: 'Naczelna Izba Lekarska' }],
        boardCertifications: [{ board: 'ESTRO', specialty: 'Radiation Oncology' }],
      },
    });
  });

  afterAll(() => t.close());

  it('takes in a referral, collects its records by link with the clock paused, keeps the first opinion from the reviewer until the assessment, and delivers the opinion with its concordance class', async () => {
    const id = await intake();
    const base = `/api/v1/second-opinions/${id}`;

    // Records: the clock starts when the checklist is complete, and pauses while more are awaited.
    await completeRecords(id);
    const running = await get(`/second-opinions/${id}`, coordinator).expect(200);
    expect(running.body).toMatchObject({ status: 'records_complete', clock: { state: 'running' } });
    await api()
      .post(`${base}/upload-links`)
      .set(as(coordinator))
      .send({ kind: 'radiology_report' })
      .expect(201);
    const paused = await get(`/second-opinions/${id}`, coordinator).expect(200);
    expect(paused.body).toMatchObject({ status: 'awaiting_records', clock: { state: 'paused' } });
    await sleep(400);
    await uploadByLink(id, 'radiology_report');

    // Independence: the same institution, however it is written, is refused.
    const refused = await api()
      .post(`${base}/reviewers`)
      .set(as(coordinator))
      .send({ userIds: [sameInstitution.user.id] })
      .expect(409);
    expect(JSON.stringify(refused.body)).toContain('same_institution');
    await api()
      .post(`${base}/reviewers`)
      .set(as(coordinator))
      .send({ userIds: [specialist.user.id] })
      .expect(204);

    // Blinding: nothing the reviewer may call shows the first opinion before the assessment.
    const blindProbe = async () => {
      for (const path of [
        `/second-opinions/${id}`,
        `/second-opinions/${id}/review`,
        `/second-opinions/${id}/records`,
        `/second-opinions/${id}/opinion`,
        `/second-opinions/${id}/opinion/versions`,
        `/second-opinions/${id}/questions`,
        `/boards/${boardId}/second-opinions`,
      ]) {
        const response = await get(path, specialist);
        expect(response.status).toBeLessThan(500);
        expect(JSON.stringify(response.body)).not.toContain(FIRST_OPINION_TREATMENT);
      }
    };
    await blindProbe();
    await api()
      .post(`${base}/review/attestation`)
      .set(as(specialist))
      .send({ noConflict: true })
      .expect(200);
    await blindProbe();

    // The records are open to the cleared reviewer (each download audited), not to other members.
    const records = await get(`/second-opinions/${id}/records`, specialist).expect(200);
    const recordId = records.body.items[0].records[0].id;
    const file = await binary(get(`/second-opinions/${id}/records/${recordId}/file`, specialist))
      .expect(200)
      .expect('cache-control', 'no-store');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    await get(`/second-opinions/${id}/records/${recordId}/file`, members.panelist).expect(403);
    await get(`/second-opinions/${id}/records/${randomUUID()}/file`, coordinator).expect(404);
    // The referral letter may state the first opinion: withheld from the reviewer until the assessment.
    const letter = records.body.items.find(
      (item: { kind: string }) => item.kind === 'clinical_note',
    ).records[0];
    expect(letter).toMatchObject({ withheld: true, fileName: '' });
    expect(letter.title).toMatch(/^Withheld/);
    await get(`/second-opinions/${id}/records/${letter.id}/file`, specialist).expect(403);

    await api().post(`${base}/review/assessment`).set(as(specialist)).send(ASSESSMENT).expect(200);
    const revealed = await get(`/second-opinions/${id}/review`, specialist).expect(200);
    expect(revealed.body.firstOpinion.proposedTreatment).toBe(FIRST_OPINION_TREATMENT);
    await get(`/second-opinions/${id}/records/${letter.id}/file`, specialist).expect(200);
    const unblinded = await get(`/second-opinions/${id}/records`, specialist).expect(200);
    expect(JSON.stringify(unblinded.body)).not.toContain('"withheld":true');

    // Delivery waits for the concordance class.
    await api()
      .post(`${base}/opinion`)
      .set(as(coordinator))
      .send({ patientSummary: PATIENT_SUMMARY })
      .expect(409);
    await api()
      .post(`${base}/review/concordance`)
      .set(as(specialist))
      .send({
        classification: 'treatment_changed',
        rationale: 'N2 single station: definitive chemoradiation preferred to surgery',
      })
      .expect(200);

    // Only the coordinator delivers, and a specialist's opinion is their own assessment.
    await api()
      .post(`${base}/opinion`)
      .set(as(specialist))
      .send({ patientSummary: PATIENT_SUMMARY })
      .expect(403);
    await api()
      .post(`${base}/opinion`)
      .set(as(coordinator))
      .send({ patientSummary: PATIENT_SUMMARY, concordance: { classification: 'confirmed' } })
      .expect(400);
    const delivered = await api()
      .post(`${base}/opinion`)
      .set(as(coordinator))
      .send({ patientSummary: PATIENT_SUMMARY })
      .expect(201);
    expect(delivered.body.opinion).toMatchObject({
      version: 1,
      revisionReason: null,
      contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      content: {
        reviewMode: 'specialist',
        panelDecision: null,
        concordance: { classification: 'treatment_changed' },
        conclusion: { recommendation: ASSESSMENT.recommendation },
        firstOpinion: { proposedTreatment: FIRST_OPINION_TREATMENT },
        patientSummary: PATIENT_SUMMARY,
        reviewers: [
          {
            displayName: 'Dr Łukasz Wójcik',
            credentials: {
              licences: [{ number: 'PWZ-1234567' }],
              boardCertifications: [{ board: 'ESTRO' }],
            },
          },
        ],
        addenda: [],
      },
    });
    await api()
      .post(`${base}/opinion`)
      .set(as(coordinator))
      .send({ patientSummary: PATIENT_SUMMARY })
      .expect(409);

    // The clock stopped at delivery, with the time spent waiting for records left out.
    const stopped = await get(`/second-opinions/${id}`, coordinator).expect(200);
    expect(stopped.body.status).toBe('opinion_delivered');
    expect(stopped.body.clock).toMatchObject({
      state: 'stopped',
      stoppedAt: expect.any(String),
      targetMs: 7 * 86_400_000,
      status: 'on_track',
    });
    expect(stopped.body.clock.pausedMs).toBeGreaterThanOrEqual(400);
    expect(stopped.body.clock.pauses).toHaveLength(1);
    const total =
      Date.parse(stopped.body.clock.stoppedAt) - Date.parse(stopped.body.clock.startedAt);
    expect(stopped.body.clock.elapsedMs).toBe(total - stopped.body.clock.pausedMs);
    await sleep(50);
    const later = await get(`/second-opinions/${id}`, coordinator).expect(200);
    expect(later.body.clock.elapsedMs).toBe(stopped.body.clock.elapsedMs);

    // No more records, reviewers or assessments once delivered.
    await api()
      .post(`${base}/upload-links`)
      .set(as(coordinator))
      .send({ kind: 'other' })
      .expect(409);
    await api()
      .post(`${base}/reviewers`)
      .set(as(coordinator))
      .send({ userIds: [members.panelist.user.id] })
      .expect(409);

    // The quality metrics count it: one opinion, treatment changed, delivered within its target.
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const metrics = await get(
      `/boards/${boardId}/quality-metrics?from=${day(-1)}&to=${day(1)}&analyticCaseload=10`,
      coordinator,
    ).expect(200);
    expect(metrics.body.concordance.classified).toBe(1);
    expect(
      metrics.body.concordance.classes.find(
        (c: { classification: string }) => c.classification === 'treatment_changed',
      ).share,
    ).toEqual({ numerator: 1, denominator: 1, percent: 100 });
    expect(metrics.body.turnaround).toMatchObject({
      delivered: 1,
      p50Ms: stopped.body.clock.elapsedMs,
      p90Ms: stopped.body.clock.elapsedMs,
      breaches: { numerator: 0, denominator: 1, percent: 0 },
    });

    // The outcome is followed up at 30, 90 and 365 days from delivery; an outcome learnt early is recorded early.
    const followUps = await get(`/second-opinions/${id}/outcome-follow-ups`, specialist).expect(
      200,
    );
    expect(followUps.body.subject).toMatchObject({ type: 'second_opinion', id });
    expect(
      followUps.body.followUps.map((f: { intervalDays: number; status: string }) => [
        f.intervalDays,
        f.status,
      ]),
    ).toEqual([
      [30, 'upcoming'],
      [90, 'upcoming'],
      [365, 'upcoming'],
    ]);
    await api()
      .post(`${base}/outcome-follow-ups`)
      .set(as(coordinator))
      .send({
        intervalDays: 30,
        adherence: 'implemented_partly',
        deviationReason: 'patient_preference',
        outcomeNotes: 'Chose to be treated closer to home',
      })
      .expect(201);
    // The request's timeline keeps it too, with who recorded it.
    expect(
      await t.dataSource.query(
        `SELECT actor_id, details FROM second_opinion_event WHERE request_id = $1 AND type = 'outcome_recorded'`,
        [id],
      ),
    ).toEqual([
      {
        actor_id: coordinator.user.id,
        details: expect.objectContaining({
          boardId,
          intervalDays: 30,
          adherence: 'implemented_partly',
          deviationReason: 'patient_preference',
        }),
      },
    ]);
    const overdue = await get(
      `/boards/${boardId}/outcome-follow-ups?status=overdue&asOf=${new Date(Date.now() + 120 * 86_400_000).toISOString()}`,
      coordinator,
    ).expect(200);
    expect(
      overdue.body.items
        .filter((item: { subject: { id: string } }) => item.subject.id === id)
        .map((item: { intervalDays: number }) => item.intervalDays),
    ).toEqual([90]);

    // The clinical report carries the opinion, the concordance class and the reviewer's credentials.
    const report = await binary(
      get(`/second-opinions/${id}/opinion/clinical-report.pdf`, coordinator),
    )
      .expect(200)
      .expect('content-type', /application\/pdf/);
    const reportText = flat(pdfText(report.body as Buffer));
    for (const expected of [
      ASSESSMENT.recommendation,
      FIRST_OPINION_TREATMENT,
      'Treatment changed',
      'Łukasz Wójcik',
      'PWZ-1234567',
      'ESTRO',
    ])
      expect(reportText).toContain(expected);

    // The referrer's link: the opinion, its patient summary, one follow-up question. The link
    // opens the web client's opinion page, which calls /api/v1/opinions/<token>.
    expect(delivered.body.referrerLink.url).toMatch(
      /^https?:\/\/[^/]+\/opinions\/[A-Za-z0-9_-]{43}$/,
    );
    const token = delivered.body.referrerLink.url.split('/').pop();
    const overview = await api().get(`/api/v1/opinions/${token}`).expect(200);
    expect(overview.body).toMatchObject({
      boardName: 'Second Opinion Program',
      preferredLanguage: 'it',
      versions: [{ version: 1, revisionReason: null }],
      questions: [],
      questionsAllowed: 1,
      questionsRemaining: 1,
      consultation: null,
    });
    // The opinion to read on the page: the reviewer's conclusion, never the first opinion the
    // referrer wrote, nor ids or licence numbers.
    expect(overview.body.opinion).toEqual({
      version: 1,
      issuedAt: delivered.body.opinion.issuedAt,
      conclusion: ASSESSMENT,
      concordance: 'treatment_changed',
      patientSummary: PATIENT_SUMMARY,
      reviewMode: 'specialist',
      reviewers: [
        {
          displayName: 'Dr Łukasz Wójcik',
          specialty: Specialty.RadiationOncology,
          institution: specialist.user.institution,
        },
      ],
      arbitration: null,
    });
    for (const hidden of [
      specialist.user.email,
      specialist.user.id,
      'PWZ-1234567',
      FIRST_OPINION_TREATMENT,
      'm.rossi@sancarlo.example',
    ])
      expect(JSON.stringify(overview.body)).not.toContain(hidden);
    const summary = await binary(api().get(`/api/v1/opinions/${token}/patient-summary.pdf`)).expect(
      200,
    );
    expect(flat(pdfText(summary.body as Buffer))).toContain('è una decisione da prendere insieme');

    const asked = await api()
      .post(`/api/v1/opinions/${token}/questions`)
      .send({ question: 'Could the radiotherapy be given in Milan rather than abroad?' })
      .expect(201);
    expect(asked.body).toMatchObject({ number: 1, askedVia: 'referrer_link', answer: null });
    const limit = await api()
      .post(`/api/v1/opinions/${token}/questions`)
      .send({ question: 'And a second question beyond the limit?' })
      .expect(409);
    expect(limit.body.code).toBe('question_limit_reached');
    await api()
      .post(`${base}/questions`)
      .set(as(coordinator))
      .send({ question: 'Taken down by phone, beyond the limit too' })
      .expect(409);

    // The reviewer answers: an addendum, issued as version 2; version 1 stays as it was.
    await api()
      .post(`${base}/questions/1/answer`)
      .set(as(coordinator))
      .send({ answer: 'Coordinators do not answer clinical questions' })
      .expect(403);
    for (const number of ['0', '21', '2147483648', '99999999999999999999', 'one'])
      await api()
        .post(`${base}/questions/${number}/answer`)
        .set(as(specialist))
        .send({ answer: 'Out of range' })
        .expect(400);
    await api()
      .post(`${base}/questions/2/answer`)
      .set(as(specialist))
      .send({ answer: 'No such question yet' })
      .expect(404);
    const answered = await api()
      .post(`${base}/questions/1/answer`)
      .set(as(specialist))
      .send({ answer: 'Yes: any centre with IMRT and daily image guidance can deliver it.' })
      .expect(200);
    expect(answered.body).toMatchObject({
      version: 2,
      revisionReason: 'Addendum: answer to follow-up question 1',
      content: {
        addenda: [
          {
            number: 1,
            question: 'Could the radiotherapy be given in Milan rather than abroad?',
            answeredBy: { displayName: 'Dr Łukasz Wójcik' },
          },
        ],
      },
    });
    await api()
      .post(`${base}/questions/1/answer`)
      .set(as(specialist))
      .send({ answer: 'A second answer' })
      .expect(409);
    const first = await get(`/second-opinions/${id}/opinion?version=1`, coordinator).expect(200);
    expect(first.body.contentSha256).toBe(delivered.body.opinion.contentSha256);
    expect(first.body.content.addenda).toEqual([]);
    const versions = await get(`/second-opinions/${id}/opinion/versions`, specialist).expect(200);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const addendumReport = await binary(
      api().get(`/api/v1/opinions/${token}/clinical-report.pdf`),
    ).expect(200);
    const addendumText = flat(pdfText(addendumReport.body as Buffer));
    expect(addendumText).toContain('any centre with IMRT and daily image guidance');
    expect(addendumText).toContain('Addendum: answer to follow-up question 1');
    const questions = await get(`/second-opinions/${id}/questions`, coordinator).expect(200);
    expect(questions.body[0]).toMatchObject({ number: 1, answeredInVersion: 2 });

    // A corrected patient summary is a version of its own, with its reason.
    const corrected = await api()
      .post(`${base}/opinion/corrections`)
      .set(as(coordinator))
      .send({
        reason: 'Plainer wording requested by the patient',
        patientSummary: `${PATIENT_SUMMARY} Può chiedere un altro colloquio.`,
      })
      .expect(201);
    expect(corrected.body).toMatchObject({
      version: 3,
      revisionReason: 'Plainer wording requested by the patient',
    });
    expect(corrected.body.content.addenda).toHaveLength(1);
    // The referrer's page reads the latest version.
    const correctedOverview = await api().get(`/api/v1/opinions/${token}`).expect(200);
    expect(correctedOverview.body.opinion).toMatchObject({
      version: 3,
      issuedAt: corrected.body.issuedAt,
      conclusion: ASSESSMENT,
      patientSummary: `${PATIENT_SUMMARY} Può chiedere un altro colloquio.`,
    });

    // The follow-up consultation: an invitation that calendars update in place.
    await get(`/second-opinions/${id}/consultation`, coordinator).expect(404);
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    startsAt.setUTCHours(9, 30, 0, 0);
    const scheduled = await api()
      .put(`${base}/consultation`)
      .set(as(coordinator))
      .send({
        startsAt: startsAt.toISOString(),
        durationMinutes: 30,
        location: 'Video call: https://meet.example.org/so',
      })
      .expect(200);
    expect(scheduled.body).toMatchObject({ sequence: 0, timezone: 'Europe/Rome' });
    expect(scheduled.body.patientLocalStart).toMatch(/1[01]:30/);
    const invite = await api().get(`/api/v1/opinions/${token}/consultation.ics`).expect(200);
    expect(invite.headers['content-type']).toMatch(/text\/calendar/);
    expect(invite.text).toContain('METHOD:REQUEST');
    expect(invite.text).toContain(`UID:${scheduled.body.id}@tumor-board`);
    const compact = startsAt.toISOString().replace(/[-:]/g, '').replace('.000', '');
    expect(invite.text).toContain(`DTSTART:${compact}`);
    const moved = new Date(startsAt.getTime() + 86_400_000);
    const rescheduled = await api()
      .put(`${base}/consultation`)
      .set(as(coordinator))
      .send({ startsAt: moved.toISOString(), durationMinutes: 45, location: 'Room 3' })
      .expect(200);
    expect(rescheduled.body).toMatchObject({ id: scheduled.body.id, sequence: 1 });
    await api().delete(`${base}/consultation`).set(as(coordinator)).expect(200);
    const cancelled = await get(`/second-opinions/${id}/consultation.ics`, specialist).expect(200);
    expect(cancelled.text).toContain('METHOD:CANCEL');
    expect(cancelled.text).toContain('SEQUENCE:2');
    expect(cancelled.text).toContain('STATUS:CANCELLED');

    // A new link replaces the old one, which stops working.
    const reissued = await api().post(`${base}/referrer-link`).set(as(coordinator)).expect(201);
    await api().get(`/api/v1/opinions/${token}`).expect(410);
    const newToken = reissued.body.url.split('/').pop();
    await api().get(`/api/v1/opinions/${newToken}`).expect(200);
    await api().post(`${base}/referrer-link`).set(as(specialist)).expect(403);

    // Every successful use of the referrer's link is in the audit log; the refused question is not.
    const audit = await api()
      .get('/api/v1/audit')
      .query({ targetId: id, limit: 200 })
      .set(as(admin))
      .expect(200);
    const actions: string[] = audit.body.items.map((item: { action: string }) => item.action);
    expect(
      actions.filter((a) => a === 'second_opinion.referrer_link_question_submitted'),
    ).toHaveLength(1);
    expect(JSON.stringify(audit.body.items)).not.toContain('Plainer wording requested');
    for (const action of [
      'second_opinion.record_downloaded',
      'second_opinion.opinion_delivered',
      'second_opinion.referrer_link_opened',
      'second_opinion.referrer_link_document_downloaded',
      'second_opinion.referrer_link_question_submitted',
      'second_opinion.follow_up_question_asked',
      'second_opinion.referrer_link_invitation_downloaded',
      'second_opinion.consultation_cancelled',
      'second_opinion.referrer_link_reissued',
    ])
      expect(actions).toContain(action);
  });

  it('puts a request to a panel: independent assessments first, then an asynchronous vote with a deadline', async () => {
    const id = await intake();
    const base = `/api/v1/second-opinions/${id}`;
    await completeRecords(id);
    const panel = [members.panelist, members.chair, specialist];
    await api()
      .post(`${base}/reviewers`)
      .set(as(coordinator))
      .send({ userIds: panel.map((p) => p.user.id) })
      .expect(204);
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    const options = [
      { text: 'Definitive chemoradiotherapy', intent: 'curative', modalities: ['radiotherapy'] },
      { text: 'Induction then lobectomy', intent: 'curative', modalities: ['surgery'] },
    ];
    const voteBody = { question: 'Which treatment do we recommend?', options, deadline };
    await review(id, members.panelist);
    await review(id, members.chair);
    const small = await api().post(`${base}/panel-vote`).set(as(coordinator)).send(voteBody);
    expect(small.status).toBe(409);
    expect(small.body.message).toMatch(/at least 3 reviewers/);
    await api()
      .post(`${base}/review/attestation`)
      .set(as(specialist))
      .send({ noConflict: true })
      .expect(200);
    const early = await api().post(`${base}/panel-vote`).set(as(coordinator)).send(voteBody);
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/independent assessment before the panel votes/);
    await api().post(`${base}/review/assessment`).set(as(specialist)).send(ASSESSMENT).expect(200);
    await api().post(`${base}/panel-vote`).set(as(members.chair)).send(voteBody).expect(403);
    const vote = await api().post(`${base}/panel-vote`).set(as(coordinator)).send(voteBody);
    expect(vote.status).toBe(201);
    expect(vote.body).toMatchObject({ mode: 'async', status: 'open', deadline });
    expect(vote.body.eligible.map((e: { userId: string }) => e.userId).sort()).toEqual(
      panel.map((p) => p.user.id).sort(),
    );

    await api()
      .post(`${base}/reviewers`)
      .set(as(coordinator))
      .send({ userIds: [members.presenter.user.id] })
      .expect(409);

    // The panel's case holds the vote, without the first opinion.
    const request_ = await get(`/second-opinions/${id}`, coordinator).expect(200);
    const caseView = await get(`/cases/${request_.body.panelCaseId}`, members.panelist).expect(200);
    expect(JSON.stringify(caseView.body)).not.toContain(FIRST_OPINION_TREATMENT);

    await api()
      .post(`${base}/opinion`)
      .set(as(coordinator))
      .send({
        patientSummary: PATIENT_SUMMARY,
        conclusion: PANEL_CONCLUSION,
        concordance: { classification: 'confirmed' },
      })
      .expect(409);
    for (const voter of panel)
      await api()
        .post(`/api/v1/votes/${vote.body.id}/ballots`)
        .set(as(voter))
        .send({ choice: vote.body.options[0].id, submissionId: randomUUID() })
        .expect(200);

    await api()
      .post(`${base}/opinion`)
      .set(as(coordinator))
      .send({ patientSummary: PATIENT_SUMMARY })
      .expect(400);
    await api()
      .post(`${base}/opinion`)
      .set(as(coordinator))
      .send({
        patientSummary: PATIENT_SUMMARY,
        conclusion: ASSESSMENT,
        concordance: { classification: 'confirmed' },
      })
      .expect(400);
    const delivered = await api()
      .post(`${base}/opinion`)
      .set(as(coordinator))
      .send({
        patientSummary: PATIENT_SUMMARY,
        conclusion: PANEL_CONCLUSION,
        concordance: { classification: 'treatment_changed', rationale: 'Panel: no surgery' },
      })
      .expect(201);
    expect(delivered.body.opinion.content).toMatchObject({
      reviewMode: 'panel',
      conclusion: { recommendation: 'Definitive chemoradiotherapy' },
      concordance: { classification: 'treatment_changed', rationale: 'Panel: no surgery' },
      panelDecision: {
        voteId: vote.body.id,
        outcome: 'consensus',
        decidedOption: 'Definitive chemoradiotherapy',
        votesFor: 3,
        eligible: 3,
      },
    });
    expect(delivered.body.opinion.content.reviewers).toHaveLength(3);
    const report = await binary(
      get(`/second-opinions/${id}/opinion/clinical-report.pdf`, members.chair),
    ).expect(200);
    expect(flat(pdfText(report.body as Buffer))).toContain('Definitive chemoradiotherapy');
  });

  it('closes the referrer link when it expires or consent is withdrawn, and never shows the opinion to others', async () => {
    const id = await intake();
    await completeRecords(id);
    await api()
      .post(`/api/v1/second-opinions/${id}/reviewers`)
      .set(as(coordinator))
      .send({ userIds: [specialist.user.id] })
      .expect(204);
    await review(id, specialist, { classification: 'confirmed' });
    const delivered = await api()
      .post(`/api/v1/second-opinions/${id}/opinion`)
      .set(as(coordinator))
      .send({ patientSummary: PATIENT_SUMMARY })
      .expect(201);
    const token = delivered.body.referrerLink.url.split('/').pop();
    await api().get(`/api/v1/opinions/${token}`).expect(200);
    await api()
      .get(`/api/v1/opinions/${token.slice(0, -2)}xx`)
      .expect(404);
    const outsider = await person(t, Specialty.Pathology);
    for (const who of [members.panelist, members.observer, members.presenter])
      await get(`/second-opinions/${id}/opinion`, who).expect(403);
    await get(`/second-opinions/${id}/opinion`, outsider).expect(404);
    await api().get(`/api/v1/second-opinions/${id}/opinion`).expect(401);

    await t.dataSource.query(
      `UPDATE second_opinion_referrer_link SET expires_at = now() - interval '1 second' WHERE request_id = $1`,
      [id],
    );
    const expired = await api().get(`/api/v1/opinions/${token}`).expect(410);
    expect(expired.body.code).toBe('link_expired');
    await t.dataSource.query(
      `UPDATE second_opinion_referrer_link SET expires_at = now() + interval '1 day' WHERE request_id = $1`,
      [id],
    );
    await api()
      .post(`/api/v1/second-opinions/${id}/consent/withdraw`)
      .set(as(coordinator))
      .send({ reason: 'patient withdrew consent' })
      .expect(200);
    await api().get(`/api/v1/opinions/${token}/patient-summary.pdf`).expect(410);
    await get(`/second-opinions/${id}/outcome-follow-ups`, coordinator).expect(409);
    await api()
      .post(`/api/v1/opinions/${token}/questions`)
      .send({ question: 'Is it still valid?' })
      .expect(410);
  });

  it('goes ahead without a record that does not exist: waived with its reason, and the clock starts', async () => {
    const id = await intake({ type: 'pathology_review' });
    const base = `/api/v1/second-opinions/${id}`;
    await uploadByLink(id, 'clinical_note');
    const waiver = {
      kind: 'pathology_report',
      reason: 'Cytology only: no histology report exists',
    };
    await api().post(`${base}/records/waivers`).set(as(members.chair)).send(waiver).expect(403);
    await api()
      .post(`${base}/records/waivers`)
      .set(as(coordinator))
      .send({ ...waiver, kind: 'lab' })
      .expect(400);
    await api()
      .post(`${base}/records/waivers`)
      .set(as(coordinator))
      .send({ kind: 'clinical_note', reason: 'Received already, cannot be waived' })
      .expect(409);
    const waived = await api()
      .post(`${base}/records/waivers`)
      .set(as(coordinator))
      .send(waiver)
      .expect(201);
    expect(waived.body).toMatchObject({ complete: true, missing: [] });
    expect(
      waived.body.items.find((item: { kind: string }) => item.kind === 'pathology_report').waiver,
    ).toMatchObject({ reason: waiver.reason, waivedBy: coordinator.user.id });
    const started = await get(`/second-opinions/${id}`, coordinator).expect(200);
    expect(started.body).toMatchObject({ status: 'records_complete', clock: { state: 'running' } });
    await api().post(`${base}/records/waivers`).set(as(coordinator)).send(waiver).expect(409);
    const audit = await api()
      .get('/api/v1/audit')
      .query({ action: 'second_opinion.record_waived', targetId: id })
      .set(as(admin))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(JSON.stringify(audit.body.items)).not.toContain('Cytology only');
  });

  it('keeps issued versions and answered questions frozen in the database', async () => {
    const [row] = await t.dataSource.query(
      `SELECT request_id FROM second_opinion_opinion ORDER BY issued_at LIMIT 1`,
    );
    const [{ answered }] = await t.dataSource.query(
      `SELECT count(*)::int AS answered FROM second_opinion_question WHERE answer IS NOT NULL`,
    );
    expect(answered).toBeGreaterThan(0);
    await expect(
      t.dataSource.query(`UPDATE second_opinion_opinion SET content = '{}' WHERE request_id = $1`, [
        row.request_id,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`UPDATE second_opinion_question SET answer = 'rewritten'`),
    ).rejects.toThrow(/answered once/);
  });

  let malformedTarget: Promise<string> | null = null;
  it.each(MALFORMED_BODIES.map((body, index) => [index, body]))(
    'answers malformed body #%i with 400 on every write route, never 500',
    async (_index, body) => {
      malformedTarget ??= intake();
      const id = await malformedTarget;
      for (const path of ['opinion', 'panel-vote', 'questions', 'opinion/corrections']) {
        const response: Response = await api()
          .post(`/api/v1/second-opinions/${id}/${path}`)
          .set(as(coordinator))
          .set('content-type', 'application/json')
          .send(body as string);
        expect([400, 413, 415]).toContain(response.status);
      }
      const consultation = await api()
        .put(`/api/v1/second-opinions/${id}/consultation`)
        .set(as(coordinator))
        .set('content-type', 'application/json')
        .send(body as string);
      expect([400, 413, 415]).toContain(consultation.status);
    },
  );
});

describe('referrer links under a flood', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '3' });
  });

  afterAll(() => t.close());

  it('rate-limits guessing at link tokens per client and route, like logins', async () => {
    for (const path of ['opinions', 'uploads']) {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1)
        statuses.push((await request(t.http).get(`/api/v1/${path}/${randomUUID()}`)).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
    }
  });
});
