import request from 'supertest';
import { PlatformRole, Specialty } from '@app/contracts';
import { Person, boardWithPanel, person } from '../support/clinical';
import { MALFORMED_BODIES } from '../support/fuzz';
import { TestApp, bearer, startTestApp } from '../support/test-app';

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
});
