import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  CaseDetailView,
  CaseFirstTreatment,
  PlatformRole,
  QualityMetricsShareView,
  QualityMetricsView,
  Specialty,
} from '@app/contracts';
import { Person, completeCase, person } from '../support/clinical';
import { TEST_PASSWORD, TestApp, bearer, login, startTestApp } from '../support/test-app';

const DAY_MS = 86_400_000;

/**
 * March 2039 on a board in Europe/Paris: from 1 March 00:00 CET (UTC+1) to 1 April 00:00 CEST
 * (UTC+2, summer time from 27 March), so the period runs 2039-02-28T23:00Z to 2039-03-31T22:00Z.
 */
const MARCH = { from: '2039-03-01', to: '2039-03-31' };
const PERIOD_START = '2039-02-28T23:00:00.000Z';
const PERIOD_END = '2039-03-31T22:00:00.000Z';
/** The instant just before the period starts, and the last one in it. */
const JUST_BEFORE = '2039-02-28T22:59:59.999Z';
const LAST_INSTANT = '2039-03-31T21:59:59.999Z';
/** When the clinic records the first treatments begun around the March meetings. */
const RECORDED_LATER = '2039-04-20T09:00:00.000Z';

const referral = (priority: 'routine' | 'urgent') => ({
  type: 'treatment_plan',
  priority,
  patient: { reference: `QM-SO-${randomUUID().slice(0, 8)}`, birthYear: 1958, sex: 'male' },
  preferredLanguage: 'fr',
  country: 'FR',
  timezone: 'Europe/Paris',
  question: 'Is chemoradiation the right plan?',
  referrer: { name: 'Dr L. Petit', institution: 'CH Annecy', email: 'l.petit@ch-annecy.example' },
  firstOpinion: {
    diagnosis: 'Squamous cell carcinoma of the left lower lobe',
    stage: 'cT3N1M0, IIIA',
    proposedTreatment: 'Concurrent chemoradiation',
    institution: 'CH Annecy',
    physician: 'Dr L. Petit',
  },
  consent: {
    grantedBy: 'patient',
    grantedAt: new Date(Date.now() - DAY_MS).toISOString(),
    scope: ['share_records', 'process_records'],
  },
  payer: { payer: 'Assurance maladie', coverageVerified: true },
});

const share = (numerator: number, denominator: number, percent: number | null) => ({
  numerator,
  denominator,
  percent,
});

/** RFC 4180 as `toCsv` writes it here: no field needs quotes, every record ends with CRLF. */
function parseCsv(text: string): string[][] {
  expect(text).not.toContain('"');
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('quality metrics per board and period', () => {
  let t: TestApp;
  let boardId: string;
  let otherBoardId: string;
  let coordinator: Person;
  let chair: Person;
  let surgeon: Person;
  let pathologist: Person;
  let radiologist: Person;
  let radiationOncologist: Person;
  let geneticist: Person;
  let admin: Person;
  let outsider: Person;
  let qm1: string;
  let qm8: string;
  /** The case views returned when the first treatments were recorded, by patient reference. */
  const recorded = new Map<string, CaseDetailView>();

  const api = () => request(t.http);
  const as = (who: Person) => bearer(who.token);
  const metrics = (
    who: Person,
    query: Record<string, string | number>,
    board = boardId,
  ): request.Test => api().get(`/api/v1/boards/${board}/quality-metrics`).query(query).set(as(who));
  const march = (analyticCaseload = 10) => ({ ...MARCH, analyticCaseload });

  async function member(specialty: Specialty, role: string): Promise<Person> {
    const who = await person(t, specialty);
    await api()
      .post(`/api/v1/boards/${boardId}/members`)
      .set(as(coordinator))
      .send({ userId: who.user.id, role })
      .expect(201);
    return who;
  }

  async function meeting(
    startLocal: string,
    durationMinutes = 60,
  ): Promise<{ id: string; startsAt: string }> {
    const series = await api()
      .post(`/api/v1/boards/${boardId}/meetings`)
      .set(as(coordinator))
      .send({ title: `Thoracic board ${startLocal}`, startLocal, durationMinutes })
      .expect(201);
    return series.body.meetings[0];
  }

  async function boardCase(
    patientRef: string,
    staging: object | undefined,
    firstTreatment?: CaseFirstTreatment,
  ): Promise<string> {
    const created = await api()
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(as(surgeon))
      .send({ ...completeCase(patientRef), staging, firstTreatment })
      .expect(201);
    expect(created.body.firstTreatment).toEqual(firstTreatment ?? null);
    return created.body.id;
  }

  /** Records on the case whether its first treatment began, through the case API. */
  async function recordFirstTreatment(
    who: Person,
    caseId: string,
    firstTreatment: CaseFirstTreatment | null,
  ): Promise<CaseDetailView> {
    const current = await api().get(`/api/v1/cases/${caseId}`).set(as(who)).expect(200);
    const updated = await api()
      .patch(`/api/v1/cases/${caseId}`)
      .set(as(who))
      .send({ firstTreatment, version: current.body.version })
      .expect(200);
    return updated.body;
  }

  /**
   * Runs `work` for `who`, logged in afresh, with the clock moved on to `instant`. A first
   * treatment is never dated in the future, and these meetings are in 2039: a treatment begun
   * around them can only be recorded once that time has come. Only `Date` is moved; timers run
   * as usual.
   */
  async function atInstant<T>(
    instant: string,
    who: Person,
    work: (then: Person) => Promise<T>,
  ): Promise<T> {
    jest.useFakeTimers({
      now: new Date(instant),
      advanceTimers: true,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      const { accessToken } = await login(t, who.user.email);
      return await work({ ...who, token: accessToken });
    } finally {
      jest.useRealTimers();
    }
  }

  /** Puts the case on the agenda (coordinator override: its records are not attached). */
  async function onAgenda(meetingId: string, caseId: string): Promise<string> {
    const agenda = await api()
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(as(coordinator))
      .send({
        caseId,
        minutesAllotted: 10,
        presenterId: surgeon.user.id,
        overrideReason: 'Records are presented at the meeting',
      })
      .expect(201);
    return agenda.body.items.find((item: { caseId: string }) => item.caseId === caseId).id;
  }

  async function meetingStatus(meetingId: string, status: 'live' | 'ended'): Promise<void> {
    await api()
      .post(`/api/v1/meetings/${meetingId}/status`)
      .set(as(chair))
      .send({ status })
      .expect(200);
  }

  async function discuss(itemId: string): Promise<void> {
    for (const status of ['in_discussion', 'discussed'])
      await api()
        .post(`/api/v1/agenda-items/${itemId}/status`)
        .set(as(chair))
        .send({ status })
        .expect(200);
  }

  /**
   * The board's recommendation on a case through the real path: an asynchronous vote of the
   * chair alone (the quorum is one voting member), drafted and signed by the chair, published by
   * the coordinator unless `publish` is false. Returns the recommendation's id.
   */
  async function recommend(
    caseId: string,
    content: {
      modalities: string[];
      guidelineReferences: Array<{ citation: string; evidenceCategory: string }>;
      trialReferrals: Array<{ nctId: string; title?: string }>;
    },
    publish = true,
  ): Promise<string> {
    const vote = await api()
      .post(`/api/v1/cases/${caseId}/votes`)
      .set(as(chair))
      .send({
        question: 'What does the board recommend?',
        options: [{ text: 'The plan agreed', intent: 'curative', modalities: content.modalities }],
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
        panelUserIds: [chair.user.id],
      })
      .expect(201);
    const receipt = await api()
      .post(`/api/v1/votes/${vote.body.id}/ballots`)
      .set(as(chair))
      .send({ choice: vote.body.options[0].id, submissionId: randomUUID() })
      .expect(200);
    expect(receipt.body.closed).toBe(true);
    const drafted = await api()
      .post(`/api/v1/votes/${vote.body.id}/recommendation`)
      .set(as(chair))
      .send({
        rationale: 'Discussed at the board.',
        guidelineReferences: content.guidelineReferences,
        trialReferrals: content.trialReferrals,
      })
      .expect(201);
    const id: string = drafted.body.id;
    if (!publish) return id;
    await api()
      .post(`/api/v1/recommendations/${id}/sign`)
      .set(as(chair))
      .send({ password: TEST_PASSWORD })
      .expect(200);
    await api().post(`/api/v1/recommendations/${id}/publish`).set(as(coordinator)).expect(200);
    return id;
  }

  /**
   * Test fixture, SQL: the live room records attendance from socket presence, far too heavy to
   * drive here; these are the intervals it would write (joined 5 minutes in, left 50 minutes in).
   */
  async function attended(
    held: { id: string; startsAt: string },
    who: Person[],
    itemId: string | null = null,
  ): Promise<void> {
    const start = new Date(held.startsAt).getTime();
    for (const attendee of who)
      await t.dataSource.query(
        `INSERT INTO meeting_attendance (meeting_id, user_id, agenda_item_id, joined_at, left_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          held.id,
          attendee.user.id,
          itemId,
          new Date(start + 5 * 60_000),
          new Date(start + 50 * 60_000),
        ],
      );
  }

  /**
   * A second opinion taken in through the API, then delivered. Test fixture, SQL: the delivery
   * service is not there yet, so the timeline events that move the turnaround clock and version 1
   * of the written opinion are seeded as the delivery would leave them (of the opinion's content
   * only the concordance is read by the metrics).
   */
  async function deliveredOpinion(
    board: string,
    priority: 'routine' | 'urgent',
    classification: string,
    timeline: Array<[string, string]>,
    issuedAt: string,
  ): Promise<string> {
    const intake = await api()
      .post(`/api/v1/boards/${board}/second-opinions`)
      .set(as(coordinator))
      .send(referral(priority))
      .expect(201);
    const requestId: string = intake.body.id;
    for (const [type, at] of timeline)
      await t.dataSource.query(
        `INSERT INTO second_opinion_event (request_id, type, at, details) VALUES ($1, $2, $3, '{}')`,
        [requestId, type, at],
      );
    await issueOpinion(requestId, 1, classification, issuedAt);
    return requestId;
  }

  /** Test fixture, SQL: one version of the written opinion (see `deliveredOpinion`). */
  async function issueOpinion(
    requestId: string,
    version: number,
    classification: string,
    issuedAt: string,
  ): Promise<void> {
    await t.dataSource.query(
      `INSERT INTO second_opinion_opinion (request_id, version, content, content_sha256, clinical_pdf,
         patient_summary_pdf, revision_reason, issued_by, issued_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
      [
        requestId,
        version,
        JSON.stringify({ requestId, concordance: { classification, rationale: null } }),
        'ab'.repeat(32),
        Buffer.from('%PDF-1.7'),
        version === 1 ? null : 'Addendum',
        coordinator.user.id,
        issuedAt,
      ],
    );
  }

  /**
   * Test fixture, SQL: an outcome follow-up as its service (being written) records it, for a
   * recommendation by default.
   */
  async function followUp(
    subjectId: string,
    intervalDays: number,
    adherence: string,
    deviationReason: string | null,
    recordedAt: string,
    options: { board?: string; subjectType?: string } = {},
  ): Promise<void> {
    await t.dataSource.query(
      `INSERT INTO outcome_follow_up (id, board_id, subject_type, subject_id, interval_days, adherence,
         deviation_reason, deviation_detail, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        randomUUID(),
        options.board ?? boardId,
        options.subjectType ?? 'recommendation',
        subjectId,
        intervalDays,
        adherence,
        deviationReason,
        deviationReason === 'other' ? 'Moved abroad' : null,
        coordinator.user.id,
        recordedAt,
      ],
    );
  }

  beforeAll(async () => {
    t = await startTestApp({
      SECOND_OPINION_TARGET_DAYS_ROUTINE: '10',
      SECOND_OPINION_TARGET_DAYS_URGENT: '3',
    });
    coordinator = await person(t, Specialty.OncologyNursing);
    admin = await person(t, Specialty.Other, PlatformRole.Admin);
    outsider = await person(t, Specialty.Pathology);
    // The quorum asks for pathology and genetics: genetics is reported after the CoC five.
    const board = await api()
      .post('/api/v1/boards')
      .set(as(coordinator))
      .send({
        name: 'Thoracic Quality Board',
        tumourSites: ['lung'],
        institution: 'Hôpital Européen',
        timezone: 'Europe/Paris',
        quorumPolicy: { requiredSpecialties: ['pathology', 'genetics'], minVotingMembers: 1 },
      })
      .expect(201);
    boardId = board.body.id;
    const other = await api()
      .post('/api/v1/boards')
      .set(as(coordinator))
      .send({
        name: 'Another Board',
        tumourSites: ['breast'],
        institution: 'Hôpital Européen',
        timezone: 'Europe/Paris',
      })
      .expect(201);
    otherBoardId = other.body.id;
    chair = await member(Specialty.MedicalOncology, 'chair');
    surgeon = await member(Specialty.SurgicalOncology, 'presenter');
    pathologist = await member(Specialty.Pathology, 'panelist');
    radiologist = await member(Specialty.Radiology, 'panelist');
    radiationOncologist = await member(Specialty.RadiationOncology, 'panelist');
    geneticist = await member(Specialty.Genetics, 'panelist');

    // Meetings, local Paris time. In March: m1 at the very start of the period, m2, and m3 in
    // its last hour (after the change to summer time). Outside: one ending as March begins, one
    // starting as it ends, one cancelled and one never held.
    const before = await meeting('2039-02-28T23:30', 30);
    const m1 = await meeting('2039-03-01T00:00');
    const m2 = await meeting('2039-03-15T08:00');
    const m3 = await meeting('2039-03-31T23:00');
    const after = await meeting('2039-04-01T00:00');
    const cancelled = await meeting('2039-03-20T08:00');
    await meeting('2039-03-25T08:00');

    // QM-2's first treatment is known not to have begun when the case is created; QM-1, QM-3
    // and QM-4's are recorded once begun (see the end), QM-5 to QM-8's never.
    const staged = completeCase('').staging;
    qm1 = await boardCase('QM-1', staged);
    const qm2 = await boardCase('QM-2', undefined, { status: 'not_started' });
    const qm3 = await boardCase('QM-3', { edition: 8, clinical: { t: 'T2a' } });
    const qm4 = await boardCase('QM-4', { edition: 8, clinical: { stageGroup: 'IIIA' } });
    const qm5 = await boardCase('QM-5', staged);
    const qm6 = await boardCase('QM-6', staged);
    const qm7 = await boardCase('QM-7', staged);
    qm8 = await boardCase('QM-8', undefined);

    const beforeItem = await onAgenda(before.id, qm6);
    const m1Items = [await onAgenda(m1.id, qm1), await onAgenda(m1.id, qm2)];
    const m2Items = [await onAgenda(m2.id, qm3), await onAgenda(m2.id, qm8)];
    await onAgenda(m2.id, qm5);
    const m3Items = [await onAgenda(m3.id, qm4)];
    const afterItem = await onAgenda(after.id, qm7);
    for (const [held, items, end] of [
      [before, [beforeItem], true],
      [m1, m1Items, true],
      [m2, m2Items, true],
      [m3, m3Items, false],
      [after, [afterItem], true],
    ] as const) {
      await meetingStatus(held.id, 'live');
      for (const item of items) await discuss(item);
      if (end) await meetingStatus(held.id, 'ended');
    }
    await api()
      .post(`/api/v1/meetings/${cancelled.id}/cancel`)
      .set(as(coordinator))
      .send({ reason: 'Bank holiday' })
      .expect(200);

    const nccn = [{ citation: 'NCCN NSCLC v2.2039, NSCL-7', evidenceCategory: '1' }];
    const trial = [{ nctId: 'NCT04385368', title: 'Adjuvant trial' }];
    const rec1 = await recommend(qm1, {
      modalities: ['surgery', 'systemic_therapy'],
      guidelineReferences: nccn,
      trialReferrals: trial,
    });
    const rec2 = await recommend(qm2, {
      modalities: ['clinical_trial'],
      guidelineReferences: nccn,
      trialReferrals: [],
    });
    await recommend(
      qm3,
      { modalities: ['surgery'], guidelineReferences: nccn, trialReferrals: trial },
      false,
    );
    const rec4 = await recommend(qm4, {
      modalities: ['radiotherapy'],
      guidelineReferences: [],
      trialReferrals: trial,
    });
    const rec6 = await recommend(qm6, {
      modalities: ['surgery'],
      guidelineReferences: nccn,
      trialReferrals: [],
    });

    await attended(m1, [chair, surgeon, pathologist, radiologist, coordinator]);
    await attended(m1, [radiologist], m1Items[0]);
    await attended(m2, [chair, radiationOncologist, pathologist, geneticist]);
    await attended(m3, [chair, surgeon, radiologist]);
    await attended(before, [radiationOncologist, geneticist]);
    await attended(after, [geneticist]);
    await attended(cancelled, [radiationOncologist]);

    // Delivered second opinions (UTC). Turnaround = running clock from records complete to
    // delivery, pauses (records requested → complete again) left out.
    await deliveredOpinion(
      boardId,
      'routine',
      'confirmed',
      [
        ['records_complete', '2039-02-20T23:00:00.000Z'],
        ['opinion_delivered', PERIOD_START],
      ],
      PERIOD_START,
    ); // 8 days, delivered on the first instant of the period
    await deliveredOpinion(
      boardId,
      'routine',
      'confirmed',
      [
        ['records_complete', '2039-03-01T00:00:00.000Z'],
        ['opinion_delivered', '2039-03-05T00:00:00.000Z'],
      ],
      '2039-03-05T00:00:00.000Z',
    ); // 4 days
    const revised = await deliveredOpinion(
      boardId,
      'routine',
      'clarified',
      [
        ['records_complete', '2039-03-02T00:00:00.000Z'],
        ['records_requested', '2039-03-04T00:00:00.000Z'],
        ['records_complete', '2039-03-07T00:00:00.000Z'],
        ['opinion_delivered', '2039-03-12T00:00:00.000Z'],
      ],
      '2039-03-12T00:00:00.000Z',
    ); // 2 + 5 = 7 days (3 days paused)
    await issueOpinion(revised, 2, 'treatment_changed', '2039-03-13T00:00:00.000Z'); // version 2: not a delivery
    await deliveredOpinion(
      boardId,
      'urgent',
      'treatment_changed',
      [
        ['records_complete', '2039-03-10T00:00:00.000Z'],
        ['opinion_delivered', '2039-03-14T00:00:00.000Z'],
      ],
      '2039-03-14T00:00:00.000Z',
    ); // 4 days on a 3-day target: breached
    await deliveredOpinion(
      boardId,
      'routine',
      'confirmed',
      [
        ['records_complete', '2039-03-10T00:00:00.000Z'],
        ['opinion_delivered', '2039-03-20T00:00:00.000Z'],
      ],
      '2039-03-20T00:00:00.000Z',
    ); // exactly the 10-day target: met
    await deliveredOpinion(
      boardId,
      'urgent',
      'diagnosis_changed',
      [
        ['records_complete', '2039-03-20T00:00:00.000Z'],
        ['opinion_delivered', '2039-03-22T12:00:00.000Z'],
      ],
      '2039-03-22T12:00:00.000Z',
    ); // 2.5 days
    await deliveredOpinion(
      boardId,
      'urgent',
      'diagnosis_changed',
      [
        ['records_complete', '2039-02-24T22:59:59.999Z'],
        ['opinion_delivered', JUST_BEFORE],
      ],
      JUST_BEFORE,
    ); // outside: 1 ms before the period (4 days, breached)
    await deliveredOpinion(
      boardId,
      'routine',
      'treatment_changed',
      [
        ['records_complete', '2039-03-29T22:00:00.000Z'],
        ['opinion_delivered', PERIOD_END],
      ],
      PERIOD_END,
    ); // outside: at the end of the period (2 days)
    await deliveredOpinion(
      otherBoardId,
      'urgent',
      'diagnosis_changed',
      [
        ['records_complete', '2039-03-10T00:00:00.000Z'],
        ['opinion_delivered', '2039-03-20T00:00:00.000Z'],
      ],
      '2039-03-20T00:00:00.000Z',
    ); // outside: another board

    await followUp(rec1, 30, 'implemented_fully', null, '2039-03-02T10:00:00.000Z');
    await followUp(
      rec2,
      30,
      'implemented_partly',
      'patient_preference',
      '2039-03-10T10:00:00.000Z',
    );
    await followUp(rec4, 30, 'not_implemented', 'comorbidity', '2039-03-20T10:00:00.000Z');
    await followUp(rec1, 90, 'implemented_fully', null, '2039-03-30T10:00:00.000Z');
    await followUp(rec6, 90, 'not_implemented', 'other', LAST_INSTANT);
    // Outside: before and at the end of the period, a second opinion's, another board's.
    await followUp(rec2, 90, 'implemented_fully', null, JUST_BEFORE);
    await followUp(rec4, 90, 'not_implemented', 'progression', PERIOD_END);
    await followUp(revised, 30, 'not_implemented', 'progression', '2039-03-15T10:00:00.000Z', {
      subjectType: 'second_opinion',
    });
    await followUp(randomUUID(), 30, 'not_implemented', 'progression', '2039-03-15T10:00:00.000Z', {
      board: otherBoardId,
    });

    // In April 2039 the coordinator records the first treatments, the published cases included:
    // QM-1 began the day before m1 (m1 starts 1 March 00:00 in Paris, still 28 February in UTC),
    // QM-3 the very day of m2, QM-4 the day after m3.
    await atInstant(RECORDED_LATER, coordinator, async (then) => {
      for (const [patientRef, caseId, startedOn] of [
        ['QM-1', qm1, '2039-02-28'],
        ['QM-3', qm3, '2039-03-15'],
        ['QM-4', qm4, '2039-04-01'],
      ])
        recorded.set(
          patientRef,
          await recordFirstTreatment(then, caseId, { status: 'started', startedOn }),
        );
    });
  }, 180_000);

  afterAll(() => t.close());

  it('records the first treatment on the case, published or not, and audits its change', async () => {
    expect(
      [...recorded].map(([patientRef, view]) => [patientRef, view.status, view.firstTreatment]),
    ).toEqual([
      ['QM-1', 'recommendation_published', { status: 'started', startedOn: '2039-02-28' }],
      ['QM-3', 'discussed', { status: 'started', startedOn: '2039-03-15' }],
      ['QM-4', 'recommendation_published', { status: 'started', startedOn: '2039-04-01' }],
    ]);
    const current = await api().get(`/api/v1/cases/${qm1}`).set(as(coordinator)).expect(200);
    expect(current.body.firstTreatment).toEqual({ status: 'started', startedOn: '2039-02-28' });
    // Nothing else changes on a published case.
    const refused = await api()
      .patch(`/api/v1/cases/${qm1}`)
      .set(as(coordinator))
      .send({
        clinicalSummary: 'Rewritten after the fact',
        firstTreatment: { status: 'not_started' },
        version: current.body.version,
      })
      .expect(409);
    expect(refused.body.message).toBe(
      'a recommendation_published case can no longer be edited, except for its first treatment',
    );
    // Now (real time) is long before 2039: such a date is still in the future.
    const qm8Version = (await api().get(`/api/v1/cases/${qm8}`).set(as(coordinator)).expect(200))
      .body.version;
    const future = await api()
      .patch(`/api/v1/cases/${qm8}`)
      .set(as(coordinator))
      .send({ firstTreatment: { status: 'started', startedOn: '2039-03-20' }, version: qm8Version })
      .expect(400);
    expect(future.body.details).toEqual([
      { field: 'firstTreatment.startedOn', message: 'startedOn must not be in the future' },
    ]);
    // QM-8 is marked not started by mistake, then erased back to not recorded; erasing it again
    // changes nothing and is not audited.
    expect(
      (await recordFirstTreatment(coordinator, qm8, { status: 'not_started' })).firstTreatment,
    ).toEqual({ status: 'not_started' });
    expect((await recordFirstTreatment(coordinator, qm8, null)).firstTreatment).toBeNull();
    expect((await recordFirstTreatment(coordinator, qm8, null)).firstTreatment).toBeNull();
    const audited = async (caseId: string) =>
      (
        await t.auditLog<{ details: unknown }>(
          `SELECT details FROM audit_event WHERE action = 'case.updated' AND target_id = $1
           ORDER BY seq`,
          [caseId],
        )
      ).map((row) => row.details);
    expect(await audited(qm1)).toEqual([{ fields: ['firstTreatment'] }]);
    expect(await audited(qm8)).toEqual([
      { fields: ['firstTreatment'] },
      { fields: ['firstTreatment'] },
    ]);
  });

  it('matches a hand count of March 2039', async () => {
    const response = await metrics(coordinator, march()).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    const expected: QualityMetricsView = {
      boardId,
      period: {
        fromDate: '2039-03-01',
        toDate: '2039-03-31',
        timezone: 'Europe/Paris',
        from: PERIOD_START,
        to: PERIOD_END,
      },
      analyticCaseload: 10,
      // Delivered in March: 8 d confirmed, 4 d confirmed, 7 d clarified (its version 2 is not a
      // delivery), 4 d treatment changed, 10 d confirmed, 2.5 d diagnosis changed: 6.
      concordance: {
        classified: 6,
        classes: [
          { classification: 'diagnosis_changed', share: share(1, 6, 16.7) }, // 16.67
          { classification: 'treatment_changed', share: share(1, 6, 16.7) },
          { classification: 'clarified', share: share(1, 6, 16.7) },
          { classification: 'confirmed', share: share(3, 6, 50) },
        ],
        // None of the board's disputed opinions went to a third reviewer.
        arbitration: {
          requested: 0,
          decided: 0,
          outcomes: [
            { outcome: 'second_opinion_upheld', share: share(0, 0, null) },
            { outcome: 'first_opinion_upheld', share: share(0, 0, null) },
            { outcome: 'neither_upheld', share: share(0, 0, null) },
          ],
        },
      },
      // Sorted: 2.5, 4, 4, 7, 8, 10 days. p50 rank ⌈0.5·6⌉ = 3 → 4 d; p90 rank ⌈0.9·6⌉ = 6 →
      // 10 d. Breached: only the urgent 4 d (> 3 d); the routine 10 d is exactly on target.
      turnaround: {
        delivered: 6,
        p50Ms: 4 * DAY_MS,
        p90Ms: 10 * DAY_MS,
        breaches: share(1, 6, 16.7),
      },
      // 30 days: fully (rec 1), partly for patient preference (rec 2), not for comorbidity
      // (rec 4). 90 days: fully (rec 1), not for another reason (rec 6, on the last instant).
      adherence: [
        {
          intervalDays: 30,
          followUps: 3,
          levels: [
            { adherence: 'implemented_fully', share: share(1, 3, 33.3) },
            { adherence: 'implemented_partly', share: share(1, 3, 33.3) },
            { adherence: 'not_implemented', share: share(1, 3, 33.3) },
          ],
          deviationReasons: [
            { reason: 'patient_preference', count: 1 },
            { reason: 'comorbidity', count: 1 },
            { reason: 'progression', count: 0 },
            { reason: 'recommendation_not_documented', count: 0 },
            { reason: 'recommendation_not_received', count: 0 },
            { reason: 'other', count: 0 },
          ],
        },
        {
          intervalDays: 90,
          followUps: 2,
          levels: [
            { adherence: 'implemented_fully', share: share(1, 2, 50) },
            { adherence: 'implemented_partly', share: share(0, 2, 0) },
            { adherence: 'not_implemented', share: share(1, 2, 50) },
          ],
          deviationReasons: [
            { reason: 'patient_preference', count: 0 },
            { reason: 'comorbidity', count: 0 },
            { reason: 'progression', count: 0 },
            { reason: 'recommendation_not_documented', count: 0 },
            { reason: 'recommendation_not_received', count: 0 },
            { reason: 'other', count: 1 },
          ],
        },
      ],
      // Discussed at m1, m2, m3: QM-1..QM-4 and QM-8 (QM-5 stayed pending). Staging complete:
      // QM-1 only (QM-2 and QM-8 none, QM-3 and QM-4 partial). Guideline in a published
      // recommendation: QM-1, QM-2 (QM-3's is a draft, QM-8 has none). Trial: QM-1 and QM-4
      // refer to one, QM-2 recommends the trial.
      // Prospective, by the day of the meeting in Paris: QM-1 began 28 February, the day before
      // m1 (1 March) → no; QM-2 not started → yes; QM-3 began on m2's day → yes (the same day
      // counts as before); QM-4 began 1 April, after m3 (31 March) → yes. 3 of the 4 known; QM-8
      // is not recorded.
      caseConference: {
        casesPresented: share(5, 10, 50),
        prospective: share(3, 4, 75),
        prospectiveNotRecorded: 1,
        stageDocumented: share(1, 5, 20),
        guidelineCited: share(2, 5, 40),
        clinicalTrialDiscussed: share(3, 5, 60),
        meetings: 3,
        // m1: med onc, surgery, pathology, radiology (+ nursing); m2: med onc, rad onc,
        // pathology, genetics; m3: med onc, surgery, radiology.
        attendance: [
          { specialty: Specialty.MedicalOncology, share: share(3, 3, 100) },
          { specialty: Specialty.RadiationOncology, share: share(1, 3, 33.3) },
          { specialty: Specialty.SurgicalOncology, share: share(2, 3, 66.7) },
          { specialty: Specialty.Pathology, share: share(2, 3, 66.7) },
          { specialty: Specialty.Radiology, share: share(2, 3, 66.7) },
          { specialty: Specialty.Genetics, share: share(1, 3, 33.3) },
        ],
      },
    };
    expect(response.body).toEqual(expected);
  });

  it('counts what lies just outside March in the days on either side, never twice', async () => {
    // 28 February, Paris: 2039-02-27T23:00Z to 2039-02-28T23:00Z.
    const february = await metrics(coordinator, {
      from: '2039-02-28',
      to: '2039-02-28',
      analyticCaseload: 1,
    }).expect(200);
    expect(february.body).toMatchObject({
      period: { from: '2039-02-27T23:00:00.000Z', to: PERIOD_START },
      concordance: { classified: 1 },
      turnaround: { delivered: 1, p50Ms: 4 * DAY_MS, breaches: share(1, 1, 100) },
      adherence: [{ intervalDays: 90, followUps: 1 }],
      caseConference: {
        casesPresented: share(1, 1, 100),
        // QM-6: not recorded.
        prospective: share(0, 0, null),
        prospectiveNotRecorded: 1,
        stageDocumented: share(1, 1, 100),
        guidelineCited: share(1, 1, 100),
        clinicalTrialDiscussed: share(0, 1, 0),
        meetings: 1,
      },
    });
    const present = (view: QualityMetricsView) =>
      view.caseConference.attendance
        .filter((entry) => entry.share.numerator > 0)
        .map((entry) => entry.specialty);
    expect(present(february.body)).toEqual([Specialty.RadiationOncology, Specialty.Genetics]);

    // 1 April, Paris (summer time): 2039-03-31T22:00Z to 2039-04-01T22:00Z.
    const april = await metrics(coordinator, {
      from: '2039-04-01',
      to: '2039-04-01',
      analyticCaseload: 0,
    }).expect(200);
    expect(april.body).toMatchObject({
      period: { from: PERIOD_END, to: '2039-04-01T22:00:00.000Z' },
      concordance: { classified: 1 },
      turnaround: { delivered: 1, p50Ms: 2 * DAY_MS, breaches: share(0, 1, 0) },
      adherence: [{ intervalDays: 90, followUps: 1 }],
      caseConference: {
        casesPresented: share(1, 0, null),
        // QM-7: not recorded.
        prospective: share(0, 0, null),
        prospectiveNotRecorded: 1,
        stageDocumented: share(1, 1, 100),
        guidelineCited: share(0, 1, 0),
        meetings: 1,
      },
    });
    expect(present(april.body)).toEqual([Specialty.Genetics]);
  });

  it('reports an empty period as zero counts without percents', async () => {
    const empty = await metrics(coordinator, {
      from: '2039-06-01',
      to: '2039-06-30',
      analyticCaseload: 25,
    }).expect(200);
    expect(empty.body).toMatchObject({
      concordance: { classified: 0 },
      turnaround: { delivered: 0, p50Ms: null, p90Ms: null, breaches: share(0, 0, null) },
      adherence: [],
      caseConference: {
        casesPresented: share(0, 25, 0),
        prospective: share(0, 0, null),
        prospectiveNotRecorded: 0,
        stageDocumented: share(0, 0, null),
        meetings: 0,
      },
    });
  });

  it('exports the same figures as CSV, by format=csv or Accept: text/csv', async () => {
    const json: QualityMetricsView = (await metrics(coordinator, march()).expect(200)).body;
    const response = await metrics(coordinator, { ...march(), format: 'csv' }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="quality-metrics-${boardId}-2039-03-01-2039-03-31.csv"`,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    const rows = parseCsv(response.text);
    expect(rows[0]).toEqual(['section', 'item', 'numerator', 'denominator', 'percent', 'value']);
    // Header, period 2, concordance 1 + 4, arbitration 2 + 3 outcomes, turnaround 4, adherence
    // 2 × (1 + 3 levels + 6 reasons), case conference 5 shares + cases not recorded + meetings +
    // 6 specialties.
    expect(rows).toHaveLength(1 + 2 + 5 + 5 + 4 + 20 + 7 + 6);
    const figure = (section: string, item: string) => {
      const found = rows.filter((row) => row[0] === section && row[1] === item);
      expect(found).toHaveLength(1);
      return found[0].slice(2);
    };
    const asShare = (value: QualityMetricsShareView) => [
      String(value.numerator),
      String(value.denominator),
      value.percent === null ? '' : String(value.percent),
      '',
    ];
    const asValue = (value: string | number | null) => [
      '',
      '',
      '',
      value === null ? '' : String(value),
    ];
    expect(figure('period', 'from')).toEqual(asValue(PERIOD_START));
    expect(figure('period', 'to')).toEqual(asValue(PERIOD_END));
    expect(figure('concordance', 'classified')).toEqual(asValue(6));
    for (const entry of json.concordance.classes)
      expect(figure('concordance', entry.classification)).toEqual(asShare(entry.share));
    expect(figure('arbitration', 'requested')).toEqual(asValue(0));
    expect(figure('arbitration', 'decided')).toEqual(asValue(0));
    for (const entry of json.concordance.arbitration.outcomes)
      expect(figure('arbitration', entry.outcome)).toEqual(asShare(entry.share));
    expect(figure('turnaround', 'delivered')).toEqual(asValue(6));
    expect(figure('turnaround', 'p50_ms')).toEqual(asValue(345_600_000));
    expect(figure('turnaround', 'p90_ms')).toEqual(asValue(864_000_000));
    expect(figure('turnaround', 'breaches')).toEqual(['1', '6', '16.7', '']);
    for (const interval of json.adherence) {
      const section = `adherence_${interval.intervalDays}d`;
      expect(figure(section, 'follow_ups')).toEqual(asValue(interval.followUps));
      for (const level of interval.levels)
        expect(figure(section, level.adherence)).toEqual(asShare(level.share));
      for (const deviation of interval.deviationReasons)
        expect(figure(section, `deviation:${deviation.reason}`)).toEqual(asValue(deviation.count));
    }
    const coc = json.caseConference;
    expect(figure('case_conference', 'cases_presented')).toEqual(['5', '10', '50', '']);
    expect(figure('case_conference', 'prospective')).toEqual(['3', '4', '75', '']);
    expect(figure('case_conference', 'prospective')).toEqual(asShare(coc.prospective));
    expect(figure('case_conference', 'prospective_not_recorded')).toEqual(asValue(1));
    expect(figure('case_conference', 'prospective_not_recorded')).toEqual(
      asValue(coc.prospectiveNotRecorded),
    );
    expect(figure('case_conference', 'stage_documented')).toEqual(asShare(coc.stageDocumented));
    expect(figure('case_conference', 'guideline_cited')).toEqual(asShare(coc.guidelineCited));
    expect(figure('case_conference', 'clinical_trial_discussed')).toEqual(
      asShare(coc.clinicalTrialDiscussed),
    );
    expect(figure('case_conference', 'meetings')).toEqual(asValue(3));
    for (const entry of coc.attendance)
      expect(figure('case_conference', `attendance:${entry.specialty}`)).toEqual(
        asShare(entry.share),
      );

    const negotiated = await metrics(coordinator, march()).set('Accept', 'text/csv').expect(200);
    expect(negotiated.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(negotiated.text).toBe(response.text);
    const asked = await metrics(coordinator, { ...march(), format: 'json' })
      .set('Accept', 'text/csv')
      .expect(200);
    expect(asked.body).toEqual(json);
  });

  it('audits every export with its period and format', async () => {
    const audited = async (): Promise<Array<Record<string, unknown>>> =>
      (
        await t.auditLog<{ details: Record<string, unknown> }>(
          `SELECT details FROM audit_event WHERE action = 'quality_metrics.exported' AND target_id = $1
           ORDER BY seq`,
          [boardId],
        )
      ).map((row) => row.details);
    const already = (await audited()).length;
    await metrics(coordinator, { ...march(), format: 'csv' }).expect(200);
    await metrics(admin, march(42)).expect(200);
    await metrics(pathologist, march()).expect(403);
    expect((await audited()).slice(already)).toEqual([
      { format: 'csv', from: '2039-03-01', to: '2039-03-31', analyticCaseload: 10 },
      { format: 'json', from: '2039-03-01', to: '2039-03-31', analyticCaseload: 42 },
    ]);
  });

  it('is for coordinators and administrators: other members 403, others 404, anonymous 401', async () => {
    await metrics(admin, march()).expect(200);
    for (const member of [chair, surgeon, pathologist]) await metrics(member, march()).expect(403);
    await metrics(coordinator, march(), otherBoardId).expect(200);
    await metrics(outsider, march()).expect(404);
    await metrics(coordinator, march(), randomUUID()).expect(404);
    await api().get(`/api/v1/boards/${boardId}/quality-metrics`).query(march()).expect(401);
    await metrics(coordinator, march(), 'not-a-board').expect(400);
  });

  it('refuses a period that ends before it starts or is longer than 3 years', async () => {
    const backwards = await metrics(coordinator, {
      from: '2039-03-31',
      to: '2039-03-01',
      analyticCaseload: 1,
    }).expect(400);
    expect(backwards.body.details).toEqual([
      { field: 'to', message: 'to must be on or after from' },
    ]);
    await metrics(coordinator, {
      from: '2039-03-01',
      to: '2039-03-01',
      analyticCaseload: 1,
    }).expect(200);
    // From 1 January 2039 00:00, 3 years end on 1 January 2042 00:00: the last day is 31 December 2041.
    await metrics(coordinator, {
      from: '2039-01-01',
      to: '2041-12-31',
      analyticCaseload: 1,
    }).expect(200);
    const tooLong = await metrics(coordinator, {
      from: '2039-01-01',
      to: '2042-01-01',
      analyticCaseload: 1,
    }).expect(400);
    expect(tooLong.body.message).toBe('a period covers at most 3 years');
  });

  const valid = { ...MARCH, analyticCaseload: 10 };
  it.each<[string, Record<string, string | number>, string]>([
    ['a day that does not exist', { ...valid, from: '2039-02-29' }, 'from'],
    ['a month that does not exist', { ...valid, to: '2039-13-01' }, 'to'],
    ['a date without leading zeros', { ...valid, from: '2039-3-1' }, 'from'],
    ['a day-first date', { ...valid, from: '01/03/2039' }, 'from'],
    ['a date-time', { ...valid, to: '2039-03-31T23:59' }, 'to'],
    ['an empty date', { ...valid, from: '' }, 'from'],
    ['no start', { to: MARCH.to, analyticCaseload: 10 }, 'from'],
    ['no end', { from: MARCH.from, analyticCaseload: 10 }, 'to'],
    ['no caseload', { ...MARCH }, 'analyticCaseload'],
    ['a negative caseload', { ...valid, analyticCaseload: -1 }, 'analyticCaseload'],
    ['a fractional caseload', { ...valid, analyticCaseload: '1.5' }, 'analyticCaseload'],
    ['a caseload in exponent notation', { ...valid, analyticCaseload: '1e3' }, 'analyticCaseload'],
    ['a caseload that is not a number', { ...valid, analyticCaseload: 'many' }, 'analyticCaseload'],
    ['an empty caseload', { ...valid, analyticCaseload: '' }, 'analyticCaseload'],
    ['a caseload above a million', { ...valid, analyticCaseload: 1_000_001 }, 'analyticCaseload'],
    ['an unknown format', { ...valid, format: 'xlsx' }, 'format'],
    ['an unknown parameter', { ...valid, board: 'all' }, 'board'],
  ])('refuses %s with 400', async (_label, query, field) => {
    const refused = await metrics(coordinator, query).expect(400);
    expect(refused.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it('refuses a repeated parameter with 400', async () => {
    const refused = await api()
      .get(`/api/v1/boards/${boardId}/quality-metrics`)
      .query('from=2039-03-01&from=2039-03-02&to=2039-03-31&analyticCaseload=1')
      .set(as(coordinator))
      .expect(400);
    expect(refused.body.details.map((detail: { field: string }) => detail.field)).toContain('from');
  });
});
