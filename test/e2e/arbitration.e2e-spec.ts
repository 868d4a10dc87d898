import { randomUUID } from 'node:crypto';
import request, { Response } from 'supertest';
import { BoardRole, PlatformRole, Specialty } from '@app/contracts';
import { pdfText } from '@app/testing';
import { Person, boardWithPanel, person } from '../support/clinical';
import { MALFORMED_BODIES } from '../support/fuzz';
import { TestApp, bearer, createUser, login, startTestApp } from '../support/test-app';
import { minimalPdf } from '../support/documents';

const FIRST_OPINION_TREATMENT = 'Neoadjuvant chemotherapy, then lobectomy';
const FIRST_INSTITUTION = 'Ospedale San Carlo, Milano';
const PDF = minimalPdf(['Synthetic test record']);
/** The second opinion: it changes the treatment. */
const ASSESSMENT = {
  diagnosis: 'Adenocarcinoma, right upper lobe, N2 single station',
  stage: 'cT2aN2M0, IIIA',
  recommendation: 'Definitive concurrent chemoradiotherapy, then durvalumab consolidation',
  alternatives: ['Induction chemo-immunotherapy, then surgery'],
  risks: 'Radiation pneumonitis, oesophagitis',
  pros: 'Avoids the risk of a pneumonectomy; non-surgical',
  cons: 'Six weeks of daily treatment',
};
/** The arbiter's own view. */
const ARBITER_ASSESSMENT = {
  diagnosis: 'Adenocarcinoma, right upper lobe, single-station N2, resectable',
  stage: 'cT2aN2M0, IIIA',
  recommendation: 'Induction chemo-immunotherapy, then lobectomy if the nodes respond',
  alternatives: ['Definitive chemoradiotherapy (non-surgical) if the nodes do not respond'],
  risks: 'Perioperative morbidity; immune-related adverse events',
  pros: 'Pathological response guides the plan; lobectomy, not pneumonectomy, is feasible',
  cons: 'Surgery after induction needs an experienced thoracic team',
};
const ARBITRATION_REASON = 'Second opinion recommends against the surgery the first team proposed';
const DECISION_RATIONALE =
  'Single-station N2 with a lobectomy feasible: induction then surgery is a standard of care.';
const PATIENT_SUMMARY =
  'Il gruppo di esperti consiglia la chemioradioterapia invece della chirurgia. ' +
  'Ne parli con il suo oncologo: è una decisione da prendere insieme.';

const referral = () => ({
  type: 'treatment_plan',
  priority: 'routine',
  patient: { reference: `AR-${randomUUID().slice(0, 8)}`, birthYear: 1961, sex: 'female' },
  preferredLanguage: 'it',
  country: 'IT',
  timezone: 'Europe/Rome',
  question: 'Is surgery after induction the right plan, or definitive chemoradiation?',
  referrer: { name: 'Dr M. Rossi', institution: FIRST_INSTITUTION, email: 'm.rossi@example.it' },
  firstOpinion: {
    diagnosis: 'Adenocarcinoma of the right upper lobe',
    stage: 'cT2aN2M0, IIIA',
    proposedTreatment: FIRST_OPINION_TREATMENT,
    institution: FIRST_INSTITUTION,
    physician: 'Dr M. Rossi',
  },
  consent: {
    grantedBy: 'patient',
    grantedAt: new Date(Date.now() - 86_400_000).toISOString(),
    scope: ['share_records', 'process_records'],
  },
  payer: { payer: 'Self-pay', coverageVerified: true },
});

const binary = (test: request.Test) =>
  test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
const flat = (text: string) => text.replace(/\s+/g, ' ');
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('second opinion: arbitration by a third reviewer', () => {
  let t: TestApp;
  let boardId: string;
  let coordinator: Person;
  let members: Awaited<ReturnType<typeof boardWithPanel>>['members'];
  let admin: Person;
  let outsider: Person;
  let specialist: Person;
  let arbiter: Person;
  let sameInstitution: Person;

  const api = () => request(t.http);
  const as = (who: Person) => bearer(who.token);
  const get = (path: string, who: Person) => api().get(`/api/v1${path}`).set(as(who));
  const post = (path: string, who: Person, body: object) =>
    api().post(`/api/v1${path}`).set(as(who)).send(body);

  const member = async (
    role: BoardRole,
    specialty: Specialty,
    extra: { institution?: string; displayName?: string } = {},
  ): Promise<Person> => {
    const user = await createUser(t, { specialty, ...extra });
    const joined: Person = { user, token: (await login(t, user.email)).accessToken };
    await post(`/boards/${boardId}/members`, coordinator, { userId: user.id, role }).expect(201);
    return joined;
  };

  /** A request with its records complete, `reviewer` assigned. */
  const underReview = async (reviewer: Person = specialist): Promise<string> => {
    const created = await post(`/boards/${boardId}/second-opinions`, coordinator, referral());
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const checklist = await get(`/second-opinions/${id}/records`, coordinator).expect(200);
    for (const item of checklist.body.items) {
      const link = await post(`/second-opinions/${id}/upload-links`, coordinator, {
        kind: item.kind,
      }).expect(201);
      await api()
        .post(`/api/v1/uploads/${link.body.url.split('/').pop()}`)
        .field('title', item.kind)
        .attach('file', PDF, { filename: `${item.kind}.pdf`, contentType: 'application/pdf' })
        .expect(201);
    }
    await post(`/second-opinions/${id}/reviewers`, coordinator, {
      userIds: [reviewer.user.id],
    }).expect(204);
    return id;
  };

  /** A delivered specialist's opinion with this concordance class; its referrer's link token. */
  const delivered = async (
    classification = 'treatment_changed',
    reviewer: Person = specialist,
  ): Promise<{ id: string; token: string }> => {
    const id = await underReview(reviewer);
    const base = `/second-opinions/${id}/review`;
    await post(`${base}/attestation`, reviewer, { noConflict: true }).expect(200);
    await post(`${base}/assessment`, reviewer, ASSESSMENT).expect(200);
    await post(`${base}/concordance`, reviewer, {
      classification,
      rationale: 'N2 single station: definitive chemoradiation preferred to surgery',
    }).expect(200);
    const opinion = await post(`/second-opinions/${id}/opinion`, coordinator, {
      patientSummary: PATIENT_SUMMARY,
    }).expect(201);
    return { id, token: opinion.body.referrerLink.url.split('/').pop() };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ boardId, coordinator, members } = await boardWithPanel(t, 'Second Opinion Program'));
    admin = await person(t, Specialty.Other, PlatformRole.Admin);
    outsider = await person(t, Specialty.Pathology);
    specialist = await member(BoardRole.Panelist, Specialty.RadiationOncology, {
      institution: 'Karolinska University Hospital',
    });
    arbiter = await member(BoardRole.Panelist, Specialty.SurgicalOncology, {
      displayName: 'Dr Ingrid Halvorsen',
      institution: 'Oslo universitetssykehus',
    });
    sameInstitution = await member(BoardRole.Panelist, Specialty.SurgicalOncology, {
      institution: 'OSPEDALE SAN CARLO – Milano',
    });
  });

  afterAll(() => t.close());

  it('takes a disputed opinion to a third reviewer, blind to both earlier opinions until their own assessment, and issues the next version with the arbitration', async () => {
    const { id, token } = await delivered();
    const base = `/second-opinions/${id}/arbitration`;

    // Nothing to show before one is asked for.
    await get(base, coordinator).expect(404);

    // Who may arbitrate: a board member who is not an observer, and independent.
    for (const who of [members.observer, outsider]) {
      const refused = await post(base, coordinator, {
        arbiterId: who.user.id,
        reason: ARBITRATION_REASON,
      }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('arbiterId');
    }
    const reviewing = await post(base, coordinator, {
      arbiterId: specialist.user.id,
      reason: ARBITRATION_REASON,
    }).expect(409);
    expect(JSON.stringify(reviewing.body.details)).toContain('already_reviewing');
    const colleague = await post(base, coordinator, {
      arbiterId: sameInstitution.user.id,
      reason: ARBITRATION_REASON,
    }).expect(409);
    expect(JSON.stringify(colleague.body.details)).toContain('same_institution');
    // Those who read every request whole cannot be kept blind, even as members of the panel.
    await post(`/boards/${boardId}/members`, coordinator, {
      userId: admin.user.id,
      role: BoardRole.Panelist,
    }).expect(201);
    for (const who of [coordinator, admin]) {
      const seeing = await post(base, coordinator, {
        arbiterId: who.user.id,
        reason: ARBITRATION_REASON,
      }).expect(409);
      expect(JSON.stringify(seeing.body.details)).toContain('sees_both_opinions');
    }
    // Only coordinators ask; to an outsider the request does not exist.
    await post(base, members.chair, { arbiterId: arbiter.user.id, reason: 'x' }).expect(403);
    await post(base, outsider, { arbiterId: arbiter.user.id, reason: 'x' }).expect(404);
    for (const body of [
      {},
      { arbiterId: 'not-a-uuid', reason: ARBITRATION_REASON },
      { arbiterId: arbiter.user.id },
      { arbiterId: arbiter.user.id, reason: '' },
      { arbiterId: arbiter.user.id, reason: 'x'.repeat(2001) },
    ])
      await post(base, coordinator, body).expect(400);

    const asked = await post(base, coordinator, {
      arbiterId: arbiter.user.id,
      reason: ARBITRATION_REASON,
    }).expect(201);
    expect(asked.body).toMatchObject({
      requestId: id,
      arbiter: { userId: arbiter.user.id, displayName: 'Dr Ingrid Halvorsen' },
      reason: ARBITRATION_REASON,
      requestedBy: coordinator.user.id,
      attestation: null,
      assessment: null,
      // Coordinators see everything.
      firstOpinion: { proposedTreatment: FIRST_OPINION_TREATMENT },
      secondOpinion: {
        version: 1,
        conclusion: { recommendation: ASSESSMENT.recommendation },
        concordance: { classification: 'treatment_changed' },
        reviewMode: 'specialist',
      },
      decision: null,
    });
    await post(base, coordinator, {
      arbiterId: members.chair.user.id,
      reason: 'A second arbitration',
    }).expect(409);

    // Blinding: nothing the arbiter may call shows either earlier opinion before their assessment.
    const blindProbe = async () => {
      for (const path of [
        `/second-opinions/${id}`,
        base,
        `/second-opinions/${id}/records`,
        `/second-opinions/${id}/review`,
        `/second-opinions/${id}/reviewers`,
        `/second-opinions/${id}/questions`,
        `/second-opinions/${id}/opinion`,
        `/second-opinions/${id}/opinion/versions`,
        `/second-opinions/${id}/opinion/clinical-report.pdf`,
        `/second-opinions/${id}/opinion/patient-summary.pdf`,
        `/boards/${boardId}/second-opinions`,
        '/me/second-opinion-reviews',
      ]) {
        const response = await get(path, arbiter);
        expect(response.status).toBeLessThan(500);
        const body = JSON.stringify(response.body);
        expect(body).not.toContain(FIRST_OPINION_TREATMENT);
        expect(body).not.toContain(ASSESSMENT.recommendation);
      }
      for (const path of [
        'opinion',
        'opinion/versions',
        'opinion/clinical-report.pdf',
        'opinion/patient-summary.pdf',
        'questions',
        'reviewers',
      ])
        await get(`/second-opinions/${id}/${path}`, arbiter).expect(403);
      await get(`/second-opinions/${id}/review`, arbiter).expect(404);
      const own = await get(base, arbiter).expect(200);
      expect(own.body).not.toHaveProperty('firstOpinion');
      expect(own.body).not.toHaveProperty('secondOpinion');
      // The coordinator's reason may name the earlier opinions: withheld from the arbiter too.
      expect(own.body).not.toHaveProperty('reason');
      expect(JSON.stringify(own.body)).not.toContain(ARBITRATION_REASON);
    };
    await blindProbe();
    // Others on the board are refused; outsiders are told it does not exist.
    await get(base, members.panelist).expect(403);
    await get(base, specialist).expect(403);
    await get(base, outsider).expect(404);

    // The records open once the arbiter attests to no conflict; attesting comes first.
    await get(`/second-opinions/${id}/records`, arbiter).expect(403);
    await post(`${base}/assessment`, arbiter, ARBITER_ASSESSMENT).expect(403);
    await post(`${base}/decision`, arbiter, {
      outcome: 'first_opinion_upheld',
      rationale: DECISION_RATIONALE,
    }).expect(403);
    await post(`${base}/attestation`, coordinator, { noConflict: true }).expect(403);
    await post(`${base}/attestation`, arbiter, { noConflict: 'yes' }).expect(400);
    const attested = await post(`${base}/attestation`, arbiter, { noConflict: true }).expect(200);
    expect(attested.body.attestation).toBe('no_conflict');
    await post(`${base}/attestation`, arbiter, { noConflict: false }).expect(409);
    await blindProbe();

    const records = await get(`/second-opinions/${id}/records`, arbiter).expect(200);
    const letter = records.body.items.find(
      (item: { kind: string }) => item.kind === 'clinical_note',
    ).records[0];
    expect(letter).toMatchObject({ withheld: true, fileName: '' });
    await get(`/second-opinions/${id}/records/${letter.id}/file`, arbiter).expect(403);
    const other = records.body.items.find((item: { kind: string }) => item.kind !== 'clinical_note')
      .records[0];
    await get(`/second-opinions/${id}/records/${other.id}/file`, arbiter).expect(200);

    // Deciding waits for the arbiter's own assessment, which is checked like a reviewer's.
    await post(`${base}/decision`, arbiter, {
      outcome: 'first_opinion_upheld',
      rationale: DECISION_RATIONALE,
    }).expect(409);
    for (const body of [
      {},
      { ...ARBITER_ASSESSMENT, diagnosis: 'x' },
      { ...ARBITER_ASSESSMENT, alternatives: 'surgery' },
      { ...ARBITER_ASSESSMENT, recommendation: undefined },
    ])
      await post(`${base}/assessment`, arbiter, body).expect(400);
    await post(`${base}/assessment`, members.panelist, ARBITER_ASSESSMENT).expect(403);
    const assessed = await post(`${base}/assessment`, arbiter, ARBITER_ASSESSMENT).expect(200);
    expect(assessed.body).toMatchObject({
      reason: ARBITRATION_REASON,
      assessment: { ...ARBITER_ASSESSMENT, submittedAt: expect.any(String) },
      firstOpinion: { proposedTreatment: FIRST_OPINION_TREATMENT },
      secondOpinion: {
        version: 1,
        conclusion: ASSESSMENT,
        concordance: { classification: 'treatment_changed' },
      },
      decision: null,
    });
    await post(`${base}/assessment`, arbiter, ARBITER_ASSESSMENT).expect(409);

    // Now the written opinion, its versions, PDFs and the referral letter open to the arbiter.
    await get(`/second-opinions/${id}/opinion`, arbiter).expect(200);
    await get(`/second-opinions/${id}/opinion/versions`, arbiter).expect(200);
    await binary(get(`/second-opinions/${id}/opinion/clinical-report.pdf`, arbiter)).expect(200);
    await get(`/second-opinions/${id}/records/${letter.id}/file`, arbiter).expect(200);
    const unblinded = await get(`/second-opinions/${id}/records`, arbiter).expect(200);
    expect(JSON.stringify(unblinded.body)).not.toContain('"withheld":true');
    // The request itself never shows the first opinion to anyone but the coordinators.
    const requestView = await get(`/second-opinions/${id}`, arbiter).expect(200);
    expect(requestView.body).not.toHaveProperty('firstOpinion');

    // The decision: only the arbiter, once, with a known outcome and a rationale.
    for (const body of [
      { outcome: 'maybe', rationale: DECISION_RATIONALE },
      { outcome: 'first_opinion_upheld' },
      { outcome: 'first_opinion_upheld', rationale: '' },
      { outcome: 'first_opinion_upheld', rationale: 'x'.repeat(4001) },
    ])
      await post(`${base}/decision`, arbiter, body).expect(400);
    const decision = { outcome: 'first_opinion_upheld', rationale: DECISION_RATIONALE };
    await post(`${base}/decision`, coordinator, decision).expect(403);
    await post(`${base}/decision`, specialist, decision).expect(403);
    await post(`${base}/decision`, outsider, decision).expect(404);
    const decided = await post(`${base}/decision`, arbiter, decision).expect(200);
    expect(decided.body.decision).toEqual({
      outcome: 'first_opinion_upheld',
      rationale: DECISION_RATIONALE,
      decidedAt: expect.any(String),
      issuedVersion: 2,
    });
    await post(`${base}/decision`, arbiter, decision).expect(409);

    // The written opinion's next version records it; version 1 stays as it was.
    const latest = await get(`/second-opinions/${id}/opinion`, coordinator).expect(200);
    expect(latest.body).toMatchObject({
      version: 2,
      issuedBy: arbiter.user.id,
      revisionReason: 'Arbitration by a third reviewer: the first opinion is upheld',
      content: {
        conclusion: { recommendation: ASSESSMENT.recommendation },
        concordance: { classification: 'treatment_changed' },
        arbitration: {
          arbiter: { userId: arbiter.user.id, displayName: 'Dr Ingrid Halvorsen' },
          assessment: ARBITER_ASSESSMENT,
          outcome: 'first_opinion_upheld',
          rationale: DECISION_RATIONALE,
          requestedAt: asked.body.requestedAt,
          decidedAt: decided.body.decision.decidedAt,
        },
      },
    });
    const first = await get(`/second-opinions/${id}/opinion?version=1`, coordinator).expect(200);
    expect(first.body.content).not.toHaveProperty('arbitration');

    const report = await binary(
      get(`/second-opinions/${id}/opinion/clinical-report.pdf`, coordinator),
    ).expect(200);
    const reportText = flat(pdfText(report.body as Buffer));
    for (const expected of [
      'Arbitration by a third reviewer: the first opinion is upheld',
      'Outcome: First opinion upheld',
      DECISION_RATIONALE,
      'Ingrid Halvorsen',
      'Oslo universitetssykehus',
      ARBITER_ASSESSMENT.recommendation,
    ])
      expect(reportText).toContain(expected);

    // The referrer's link shows the new version like any other.
    const overview = await api().get(`/api/v1/opinions/${token}`).expect(200);
    expect(overview.body.versions).toEqual([
      expect.objectContaining({ version: 1, revisionReason: null, arbitrationOutcome: null }),
      expect.objectContaining({
        version: 2,
        revisionReason: 'Arbitration by a third reviewer: the first opinion is upheld',
        arbitrationOutcome: 'first_opinion_upheld',
      }),
    ]);
    // Its page reads the arbitration beside the opinion it settles, without the arbiter's ids.
    expect(overview.body.opinion).toMatchObject({
      version: 2,
      conclusion: ASSESSMENT,
      concordance: 'treatment_changed',
      arbitration: {
        outcome: 'first_opinion_upheld',
        arbiter: {
          displayName: 'Dr Ingrid Halvorsen',
          specialty: Specialty.SurgicalOncology,
          institution: 'Oslo universitetssykehus',
        },
        assessment: ARBITER_ASSESSMENT,
        rationale: DECISION_RATIONALE,
      },
    });
    expect(Object.keys(overview.body.opinion.arbitration.arbiter).sort()).toEqual([
      'displayName',
      'institution',
      'specialty',
    ]);
    expect(JSON.stringify(overview.body)).not.toContain(arbiter.user.id);
    const summary = await binary(api().get(`/api/v1/opinions/${token}/patient-summary.pdf`)).expect(
      200,
    );
    expect(flat(pdfText(summary.body as Buffer))).toContain(
      'reviewed your case and agreed with the first opinion.',
    );
    const referrerReport = await binary(
      api().get(`/api/v1/opinions/${token}/clinical-report.pdf?version=2`),
    ).expect(200);
    expect(flat(pdfText(referrerReport.body as Buffer))).toContain(DECISION_RATIONALE);

    // The timeline and the audit log keep each step; the audit log without the clinical text.
    const timeline: Array<{ type: string }> = await t.dataSource.query(
      `SELECT type FROM second_opinion_event WHERE request_id = $1 AND type LIKE 'arbitration%' ORDER BY id`,
      [id],
    );
    expect(timeline.map((row) => row.type)).toEqual([
      'arbitration_requested',
      'arbitration_attested',
      'arbitration_assessed',
      'arbitration_decided',
    ]);
    const audit = await api()
      .get('/api/v1/audit')
      .query({ targetId: id, limit: 200 })
      .set(as(admin))
      .expect(200);
    const actions: string[] = audit.body.items.map((item: { action: string }) => item.action);
    for (const action of [
      'second_opinion.arbitration_requested',
      'second_opinion.arbitration_attested',
      'second_opinion.arbitration_assessed',
      'second_opinion.arbitration_decided',
    ])
      expect(actions).toContain(action);
    const audited = JSON.stringify(audit.body.items);
    expect(audited).not.toContain(ARBITRATION_REASON);
    expect(audited).not.toContain(DECISION_RATIONALE);

    // The arbiter's worklist has it, done; the reviewer's has theirs.
    const mine = await get('/me/second-opinion-reviews', arbiter).expect(200);
    expect(mine.body).toEqual([
      expect.objectContaining({
        requestId: id,
        boardId,
        boardName: 'Second Opinion Program',
        role: 'arbiter',
        status: 'opinion_delivered',
        attestation: 'no_conflict',
        assignedAt: asked.body.requestedAt,
        assessmentSubmittedAt: assessed.body.assessment.submittedAt,
        completedAt: decided.body.decision.decidedAt,
        clock: expect.objectContaining({ state: 'stopped' }),
      }),
    ]);
    const reviewed = await get('/me/second-opinion-reviews', specialist).expect(200);
    expect(reviewed.body.find((r: { requestId: string }) => r.requestId === id)).toMatchObject({
      role: 'reviewer',
      completedAt: expect.any(String),
    });

    // The quality metrics count it, in the JSON and in the CSV.
    const query = `from=${day(-1)}&to=${day(1)}&analyticCaseload=10`;
    const metrics = await get(`/boards/${boardId}/quality-metrics?${query}`, coordinator).expect(
      200,
    );
    expect(metrics.body.concordance.arbitration).toEqual({
      requested: 1,
      decided: 1,
      outcomes: [
        {
          outcome: 'second_opinion_upheld',
          share: { numerator: 0, denominator: 1, percent: 0 },
        },
        {
          outcome: 'first_opinion_upheld',
          share: { numerator: 1, denominator: 1, percent: 100 },
        },
        { outcome: 'neither_upheld', share: { numerator: 0, denominator: 1, percent: 0 } },
      ],
    });
    const csv = await get(
      `/boards/${boardId}/quality-metrics?${query}&format=csv`,
      coordinator,
    ).expect(200);
    for (const row of [
      'arbitration,requested,,,,1',
      'arbitration,decided,,,,1',
      'arbitration,first_opinion_upheld,1,1,100,',
    ])
      expect(csv.text).toContain(`${row}\r\n`);
  });

  it('refuses an arbitration before delivery, for an opinion that did not change the diagnosis or the treatment, and once consent is withdrawn', async () => {
    const body = () => ({ arbiterId: arbiter.user.id, reason: ARBITRATION_REASON });
    const pending = await underReview();
    const early = await post(`/second-opinions/${pending}/arbitration`, coordinator, body());
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/once it has been delivered/);

    for (const classification of ['confirmed', 'clarified']) {
      const { id } = await delivered(classification);
      const refused = await post(`/second-opinions/${id}/arbitration`, coordinator, body());
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/changed the diagnosis or the treatment/);
    }

    const { id: withdrawn } = await delivered('diagnosis_changed');
    await post(`/second-opinions/${withdrawn}/consent/withdraw`, coordinator, {
      reason: 'patient withdrew consent',
    }).expect(200);
    const stopped = await post(`/second-opinions/${withdrawn}/arbitration`, coordinator, body());
    expect(stopped.status).toBe(409);
    expect(stopped.body.message).toMatch(/consent has been withdrawn/);

    // Consent withdrawn while the arbitration is under way stops it.
    const { id: underWay } = await delivered('diagnosis_changed');
    await post(`/second-opinions/${underWay}/arbitration`, coordinator, body()).expect(201);
    await post(`/second-opinions/${underWay}/arbitration/attestation`, arbiter, {
      noConflict: true,
    }).expect(200);
    await post(`/second-opinions/${underWay}/consent/withdraw`, coordinator, {
      reason: 'patient withdrew consent',
    }).expect(200);
    await post(
      `/second-opinions/${underWay}/arbitration/assessment`,
      arbiter,
      ARBITER_ASSESSMENT,
    ).expect(409);
    await get(`/second-opinions/${underWay}/arbitration`, coordinator).expect(200);
    await get(`/second-opinions/${randomUUID()}/arbitration`, coordinator).expect(404);
  });

  it('asks another arbiter when the first declares a conflict of interest, and never that one again', async () => {
    const { id } = await delivered();
    const base = `/second-opinions/${id}/arbitration`;
    const conflicted = await member(BoardRole.Chair, Specialty.MedicalOncology, {
      institution: 'Charité Berlin',
    });
    await post(base, coordinator, { arbiterId: conflicted.user.id, reason: 'First ask' }).expect(
      201,
    );
    const declared = await post(`${base}/attestation`, conflicted, { noConflict: false }).expect(
      200,
    );
    expect(declared.body).toMatchObject({ attestation: 'conflict_declared', assessment: null });
    await get(`/second-opinions/${id}/records`, conflicted).expect(403);
    await post(`${base}/assessment`, conflicted, ARBITER_ASSESSMENT).expect(403);
    const mine = await get('/me/second-opinion-reviews', conflicted).expect(200);
    expect(mine.body).toEqual([
      expect.objectContaining({ role: 'arbiter', attestation: 'conflict_declared' }),
    ]);

    const again = await post(base, coordinator, {
      arbiterId: conflicted.user.id,
      reason: 'Second ask',
    }).expect(409);
    expect(JSON.stringify(again.body.details)).toContain('conflict_declared');
    const replaced = await post(base, coordinator, {
      arbiterId: members.chair.user.id,
      reason: 'Second ask',
    }).expect(201);
    expect(replaced.body).toMatchObject({ arbiter: { userId: members.chair.user.id } });
    const current = await get(base, coordinator).expect(200);
    expect(current.body).toMatchObject({ arbiter: { userId: members.chair.user.id } });
    // The declined arbitration stays the conflicted member's own, and is no longer theirs to act on.
    await get(base, conflicted).expect(200);
    await post(base, coordinator, { arbiterId: members.presenter.user.id, reason: 'x' }).expect(
      409,
    );
  });

  it('lists the caller’s own reviews and arbitrations: open work first, never the first opinion', async () => {
    const reviewer = await member(BoardRole.Panelist, Specialty.Pathology, {
      institution: 'Hospital Clínic de Barcelona',
    });
    const done = await delivered('treatment_changed', reviewer);
    const open = await underReview(reviewer);
    await post(`/second-opinions/${open}/review/attestation`, reviewer, {
      noConflict: true,
    }).expect(200);
    const mine = await get('/me/second-opinion-reviews', reviewer).expect(200);
    expect(mine.body.map((r: { requestId: string }) => r.requestId)).toEqual([open, done.id]);
    expect(mine.body[0]).toMatchObject({
      role: 'reviewer',
      boardName: 'Second Opinion Program',
      type: 'treatment_plan',
      priority: 'routine',
      status: 'records_complete',
      patient: { birthYear: 1961, sex: 'female' },
      question: expect.stringContaining('Is surgery after induction'),
      attestation: 'no_conflict',
      assessmentSubmittedAt: null,
      completedAt: null,
      clock: expect.objectContaining({ state: 'running', status: 'on_track' }),
    });
    expect(mine.body[1]).toMatchObject({
      status: 'opinion_delivered',
      assessmentSubmittedAt: expect.any(String),
      completedAt: expect.any(String),
    });
    expect(JSON.stringify(mine.body)).not.toContain(FIRST_OPINION_TREATMENT);
    expect(JSON.stringify(mine.body)).not.toContain('firstOpinion');

    // Someone with nothing to review has an empty list; without a session, 401.
    expect((await get('/me/second-opinion-reviews', outsider).expect(200)).body).toEqual([]);
    await api().get('/api/v1/me/second-opinion-reviews').expect(401);

    // A member removed from the board no longer sees its requests.
    await api()
      .delete(`/api/v1/boards/${boardId}/members/${reviewer.user.id}`)
      .set(as(coordinator))
      .expect(204);
    expect((await get('/me/second-opinion-reviews', reviewer).expect(200)).body).toEqual([]);
  });

  it('shows the coordinators where each reviewer stands, without what they wrote, and nobody else', async () => {
    const second = await member(BoardRole.Panelist, Specialty.MedicalOncology, {
      displayName: 'Dr Amara Okafor',
      institution: 'Groote Schuur Hospital',
    });
    const id = await underReview();
    await post(`/second-opinions/${id}/reviewers`, coordinator, {
      userIds: [second.user.id],
    }).expect(204);
    await post(`/second-opinions/${id}/review/attestation`, specialist, {
      noConflict: true,
    }).expect(200);
    await post(`/second-opinions/${id}/review/assessment`, specialist, ASSESSMENT).expect(200);
    await post(`/second-opinions/${id}/review/concordance`, specialist, {
      classification: 'treatment_changed',
      rationale: 'No surgery',
    }).expect(200);
    await post(`/second-opinions/${id}/review/attestation`, second, {
      noConflict: false,
    }).expect(200);

    const progress = await get(`/second-opinions/${id}/reviewers`, coordinator).expect(200);
    expect(progress.body).toEqual([
      {
        userId: specialist.user.id,
        displayName: specialist.user.displayName,
        specialty: 'radiation_oncology',
        institution: 'Karolinska University Hospital',
        assignedAt: expect.any(String),
        attestation: 'no_conflict',
        attestedAt: expect.any(String),
        assessmentSubmittedAt: expect.any(String),
        concordance: 'treatment_changed',
      },
      {
        userId: second.user.id,
        displayName: 'Dr Amara Okafor',
        specialty: 'medical_oncology',
        institution: 'Groote Schuur Hospital',
        assignedAt: expect.any(String),
        attestation: 'conflict_declared',
        attestedAt: expect.any(String),
        assessmentSubmittedAt: null,
        concordance: null,
      },
    ]);
    expect(JSON.stringify(progress.body)).not.toContain(ASSESSMENT.recommendation);
    for (const who of [specialist, members.chair, members.observer])
      await get(`/second-opinions/${id}/reviewers`, who).expect(403);
    await get(`/second-opinions/${id}/reviewers`, outsider).expect(404);
    await get(`/second-opinions/${randomUUID()}/reviewers`, coordinator).expect(404);
    await get(`/second-opinions/${id}/reviewers`, admin).expect(200);
  });

  it('keeps what the arbitration recorded frozen in the database', async () => {
    const [row] = await t.dataSource.query(
      `SELECT id FROM second_opinion_arbitration WHERE decided_at IS NOT NULL LIMIT 1`,
    );
    for (const change of [
      `UPDATE second_opinion_arbitration SET outcome = 'neither_upheld' WHERE id = $1`,
      `UPDATE second_opinion_arbitration SET assessment = '{}' WHERE id = $1`,
      `UPDATE second_opinion_arbitration SET attestation = 'conflict_declared' WHERE id = $1`,
      `UPDATE second_opinion_arbitration SET reason = 'rewritten' WHERE id = $1`,
      `DELETE FROM second_opinion_arbitration WHERE id = $1`,
    ])
      await expect(t.dataSource.query(change, [row.id])).rejects.toThrow(/never change/);
  });

  let malformedTarget: Promise<string> | null = null;
  it.each(MALFORMED_BODIES.map((body, index) => [index, body]))(
    'answers malformed body #%i with 400 on every arbitration route, never 500',
    async (_index, body) => {
      malformedTarget ??= delivered().then(({ id }) => id);
      const id = await malformedTarget;
      for (const [path, who] of [
        ['arbitration', coordinator],
        ['arbitration/attestation', arbiter],
        ['arbitration/assessment', arbiter],
        ['arbitration/decision', arbiter],
      ] as const) {
        const response: Response = await api()
          .post(`/api/v1/second-opinions/${id}/${path}`)
          .set(as(who))
          .set('content-type', 'application/json')
          .send(body as string);
        expect([400, 413, 415]).toContain(response.status);
      }
    },
  );
});
