import request from 'supertest';
import { BoardRole, PlatformRole, Specialty, UserView, VoteView } from '@app/contracts';
import { TestApp, bearer, createUser, login } from './test-app';

export interface Person {
  user: UserView;
  token: string;
}

export async function person(
  t: TestApp,
  specialty: Specialty,
  role: PlatformRole = PlatformRole.User,
): Promise<Person> {
  const user = await createUser(t, { specialty, role });
  return { user, token: (await login(t, user.email)).accessToken };
}

/** A board with a coordinator and one member per named board role. */
export async function boardWithPanel(
  t: TestApp,
  name = 'Thoracic Oncology Board',
): Promise<{
  boardId: string;
  coordinator: Person;
  members: Record<Exclude<BoardRole, 'coordinator'>, Person>;
}> {
  const coordinator = await person(t, Specialty.OncologyNursing);
  const board = await request(t.http)
    .post('/api/v1/boards')
    .set(bearer(coordinator.token))
    .send({
      name,
      tumourSites: ['lung'],
      institution: 'General Hospital',
      timezone: 'Europe/Paris',
    })
    .expect(201);
  const specialties: Record<Exclude<BoardRole, 'coordinator'>, Specialty> = {
    chair: Specialty.MedicalOncology,
    presenter: Specialty.RadiationOncology,
    panelist: Specialty.Pathology,
    observer: Specialty.Other,
  };
  const members = {} as Record<Exclude<BoardRole, 'coordinator'>, Person>;
  for (const [role, specialty] of Object.entries(specialties) as Array<
    [Exclude<BoardRole, 'coordinator'>, Specialty]
  >) {
    members[role] = await person(t, specialty);
    await request(t.http)
      .post(`/api/v1/boards/${board.body.id}/members`)
      .set(bearer(coordinator.token))
      .send({ userId: members[role].user.id, role })
      .expect(201);
  }
  return { boardId: board.body.id, coordinator, members };
}

/** A complete case body that satisfies the default readiness checklist once its records are attached. */
export function completeCase(patientRef: string) {
  return {
    patientRef,
    mrn: `MRN-${patientRef}`,
    birthYear: 1960,
    sex: 'female',
    referral: { type: 'internal' },
    diagnosis: {
      primarySite: 'Right upper lobe',
      histology: 'Adenocarcinoma',
      icd10: 'C34.1',
      icdO3Topography: 'C34.1',
      icdO3Morphology: '8140/3',
    },
    staging: { edition: 8, clinical: { t: 'T2a', n: 'N2', m: 'M0', stageGroup: 'IIIA' } },
    biomarkers: [{ name: 'EGFR', result: 'wild type', method: 'NGS' }],
    ecog: 1,
    question: 'Surgery after neoadjuvant therapy, or definitive chemoradiation?',
    clinicalSummary: 'Synthetic test patient.',
    priority: 'urgent',
    dueDate: '2030-01-15',
  };
}

export function recentDate(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/** A panel vote with a deadline an hour ahead, opened over REST. */
export async function openPanelVote(
  t: TestApp,
  chair: Person,
  caseId: string,
  panel: Person[],
): Promise<VoteView> {
  const opened = await request(t.http)
    .post(`/api/v1/cases/${caseId}/votes`)
    .set(bearer(chair.token))
    .send({
      question: 'Recommended treatment?',
      options: [
        { text: 'Surgery', intent: 'curative', modalities: ['surgery'] },
        {
          text: 'Chemoradiotherapy',
          intent: 'curative',
          modalities: ['radiotherapy', 'systemic_therapy'],
        },
      ],
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
      panelUserIds: panel.map((member) => member.user.id),
    })
    .expect(201);
  return opened.body;
}

/** `count` new panelists of the board, specialties pathology, radiology and surgical oncology in turn. */
export async function addPanelists(
  t: TestApp,
  boardId: string,
  coordinator: Person,
  count: number,
) {
  const specialties = [Specialty.Pathology, Specialty.Radiology, Specialty.SurgicalOncology];
  const members: Person[] = [];
  for (let i = 0; i < count; i++) {
    const member = await person(t, specialties[i % specialties.length]);
    await request(t.http)
      .post(`/api/v1/boards/${boardId}/members`)
      .set(bearer(coordinator.token))
      .send({ userId: member.user.id, role: 'panelist' })
      .expect(201);
    members.push(member);
  }
  return members;
}
