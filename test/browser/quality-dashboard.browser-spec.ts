/**
 * Outcome follow-ups and the quality dashboard in the browser, against the real server.
 *
 * The board's history is arranged through the API (as the e2e tests do, the server's clock is
 * moved back to when each thing happened: meetings cannot be scheduled in the past): two meetings
 * held 100 and 60 days ago with cases discussed, their recommendations published, followed up
 * at 30 and 90 days; five second opinions delivered over four months with every concordance
 * class, one beyond its target and one arbitrated by a third reviewer; attendance as the live
 * room records it.
 *
 * Then, through the UI only: the coordinator records an overdue follow-up (refused once without
 * a reason, next to the field), and the API has exactly what was entered; the coordinator reads
 * every chart of the quality dashboard as a table, and every figure equals the metrics API's for
 * the same period and caseload; the CSV downloaded equals the API's CSV byte for byte. A panelist
 * is told the dashboard is for coordinators, and the page asks nothing of the metrics.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import {
  BoardOutcomeFollowUpsView,
  OutcomeScheduleView,
  QualityMetricsShareView,
  QualityMetricsView,
  Specialty,
  UserView,
} from '@app/contracts';
import { completeCase } from '../support/clinical';
import { TEST_PASSWORD, bearer, createUser, login } from '../support/test-app';
import {
  checkA11y,
  expectNoConsoleProblems,
  problemsOf,
  screenshot,
  signIn,
  useBrowserApp,
} from './support/browser';
import { chooseOption, describedBy, expectText, fillNumber, selectTrigger } from './support/ui';
import { minimalPdf } from '../support/documents';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ZONE = 'Europe/Paris';
const BOARD_NAME = 'Thoracic Tumour Board';
/** The registry's analytic caseload the coordinator enters for the period. */
const CASELOAD = 12;

interface Staff {
  user: UserView;
}

type Auth = { Authorization: string };

// The words the dashboard uses for the API's values (what a person reads in the tables).
const CASE_CONFERENCE_ROWS: ReadonlyArray<[keyof QualityMetricsView['caseConference'], string]> = [
  ['casesPresented', 'Cases presented'],
  ['prospective', 'Presented prospectively'],
  ['stageDocumented', 'Stage documented'],
  ['guidelineCited', 'Guideline cited'],
  ['clinicalTrialDiscussed', 'Clinical trial discussed'],
];
const CONCORDANCE_WORDS: Record<string, string> = {
  diagnosis_changed: 'Diagnosis changed',
  treatment_changed: 'Treatment changed',
  clarified: 'Clarified',
  confirmed: 'Confirmed',
};
const ARBITRATION_WORDS: Record<string, string> = {
  second_opinion_upheld: 'Second opinion upheld',
  first_opinion_upheld: 'First opinion upheld',
  neither_upheld: 'Neither upheld',
};
const ADHERENCE_WORDS: Record<string, string> = {
  implemented_fully: 'Implemented fully',
  implemented_partly: 'Implemented partly',
  not_implemented: 'Not implemented',
};
const DEVIATION_WORDS: Record<string, string> = {
  patient_preference: 'The patient chose otherwise',
  comorbidity: 'Another condition made it unsafe or unsuitable',
  progression: 'The disease progressed',
  recommendation_not_documented: 'The recommendation was not in the patient’s record',
  recommendation_not_received: 'The treating team did not receive the recommendation',
  other: 'Other',
};
const SPECIALTY_WORDS: Record<string, string> = {
  medical_oncology: 'Medical oncology',
  radiation_oncology: 'Radiation oncology',
  surgical_oncology: 'Surgical oncology',
  pathology: 'Pathology',
  radiology: 'Radiology',
};
/** Every chart of the dashboard, by its title. */
const CHART_TITLES = [
  'Case-conference shares',
  'Concordance classes',
  'Arbitration by a third reviewer',
  'Median and 90th percentile per month',
  'Deliveries beyond the target per month',
  'Carried out, per follow-up',
  'Why care departed from the recommendation',
  'Meetings attended, per specialty',
];

/** What the coordinator enters in the outcome form. */
const OUTCOME = {
  adherence: 'implemented_partly',
  reason: 'patient_preference',
  detail: 'Declined the second cycle of chemotherapy; surgery went ahead.',
  notes: 'Lobectomy on day 41; pT2aN0 at resection. Seen in clinic, well.',
};

const ASSESSMENT = {
  diagnosis: 'Adenocarcinoma, right upper lobe, single-station N2',
  stage: 'cT2aN2M0, IIIA',
  recommendation: 'Definitive concurrent chemoradiotherapy, then durvalumab consolidation',
  alternatives: ['Induction chemo-immunotherapy, then surgery'],
  risks: 'Radiation pneumonitis, oesophagitis',
  pros: 'Avoids a pneumonectomy; non-surgical',
  cons: 'Six weeks of daily treatment',
};
const ARBITER_ASSESSMENT = {
  ...ASSESSMENT,
  recommendation: 'Definitive chemoradiotherapy, as the second opinion advises',
  pros: 'Organ-preserving; the nodes are unlikely to clear with induction alone',
};
const PDF = minimalPdf(['Synthetic test record']);

/** "4 of 12 (33.3%)" → the share it reads; "0 of 0" has no percent. */
function parseShare(text: string): QualityMetricsShareView {
  const match = /^([\d,]+) of ([\d,]+)(?: \(([\d.,]+)%\))?$/.exec(text.trim());
  if (!match) throw new Error(`not a share: "${text}"`);
  return {
    numerator: Number(match[1].replace(/,/g, '')),
    denominator: Number(match[2].replace(/,/g, '')),
    percent: match[3] === undefined ? null : Number(match[3].replace(/,/g, '')),
  };
}

/** "33.3%" → 33.3; "—" (nothing to divide by) → null. */
function parsePercent(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '—') return null;
  const match = /^([\d.,]+)%$/.exec(trimmed);
  if (!match) throw new Error(`not a percent: "${text}"`);
  return Number(match[1].replace(/,/g, ''));
}

/** A count as a cell shows it. */
function parseCount(text: string): number {
  const trimmed = text.trim();
  if (!/^[\d,]+$/.test(trimmed)) throw new Error(`not a count: "${text}"`);
  return Number(trimmed.replace(/,/g, ''));
}

/** A cell's share: its count, what it is out of and its percent, in three cells. */
function shareOfCells(cells: string[]): QualityMetricsShareView {
  return {
    numerator: parseCount(cells[0]),
    denominator: parseCount(cells[1]),
    percent: parsePercent(cells[2]),
  };
}

/**
 * A duration as shown ("4.5 days", "1 day", "18 hours", "—") and the milliseconds the API gave:
 * equal when the API's value, in the unit shown, rounds to the one decimal shown.
 */
function expectDuration(text: string, ms: number | null, unit: 'days' | 'hours'): void {
  const trimmed = text.trim();
  if (ms === null) {
    expect(trimmed).toBe('—');
    return;
  }
  const match = /^([\d.,]+) (days?|hours?)$/.exec(trimmed);
  if (!match) throw new Error(`not a duration: "${text}"`);
  expect(match[2].replace(/s$/, '') + 's').toBe(unit);
  const shown = Number(match[1].replace(/,/g, ''));
  expect({ text: trimmed, value: shown }).toEqual({
    text: trimmed,
    value: Math.round((ms / (unit === 'days' ? DAY : HOUR)) * 10) / 10,
  });
}

interface ReadTable {
  caption: string;
  columns: string[];
  rows: Array<{ header: string; headerLines: string[]; cells: string[] }>;
}

/** A cell's words as a person reads them: a non-breaking space is a space. */
const words = (text: string) => text.replace(/[^\S\n]+/g, ' ').trim();

/** A table as a person reads it: its caption, column headers and headed rows. */
async function readTable(table: Locator): Promise<ReadTable> {
  const caption = words(await table.locator('caption').innerText());
  const columns = (await table.locator('thead th').allInnerTexts()).map(words);
  const rows: ReadTable['rows'] = [];
  for (const row of await table.locator('tbody tr').all()) {
    const headerLines = (await row.locator('th').innerText())
      .split('\n')
      .map(words)
      .filter(Boolean);
    const cells = (await row.locator('td').allInnerTexts()).map(words);
    rows.push({ header: headerLines[0] ?? '', headerLines, cells });
  }
  return { caption, columns, rows };
}

/** Chooses a React Aria radio by its label, as a person clicks it; waits until it is checked. */
async function chooseRadio(scope: Page | Locator, name: string | RegExp): Promise<void> {
  const radio = scope.getByRole('radio', { name, exact: typeof name === 'string' });
  await radio.locator('xpath=ancestor::label').click();
  await expect(radio.isChecked()).resolves.toBe(true);
}

/** The API answers 4xx to a page that a person never sees: a signed-out refresh. */
function unexpectedApiErrors(page: Page) {
  return problemsOf(page).apiClientErrors.filter(
    (e) => !(e.url.endsWith('/api/v1/auth/refresh') && (e.status === 400 || e.status === 401)),
  );
}

describe('outcome follow-ups and the quality dashboard', () => {
  const app = useBrowserApp();
  const api = () => request(app.t.http);

  let now: number;
  let boardId: string;
  let coordinator: Staff;
  let chair: Staff;
  let radiationOncologist: Staff;
  let pathologist: Staff;
  let surgeon: Staff;
  let radiologist: Staff;
  /** Published recommendations, by patient reference. */
  const recommendations = new Map<string, string>();
  /** Delivered second opinions, by patient reference. */
  const opinions = new Map<string, string>();
  /** The custom period the coordinator reports on: 120 days ago to today, in Paris. */
  let period: { from: string; to: string };

  const daysAgo = (days: number) => new Date(now - days * DAY);
  const realAuth = async (who: Staff): Promise<Auth> =>
    bearer((await login(app.t, who.user.email)).accessToken);

  /**
   * Runs `work` with the server's clock at `instant`, each person logged in afresh there (a
   * token issued now would not be valid then). Only `Date` is moved; timers run as usual.
   */
  async function at<T>(
    instant: Date,
    work: (as: (who: Staff) => Promise<Auth>) => Promise<T>,
  ): Promise<T> {
    jest.useFakeTimers({
      now: instant,
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
    const tokens = new Map<Staff, Auth>();
    try {
      return await work(async (who) => {
        const known = tokens.get(who);
        if (known) return known;
        const fresh = bearer((await login(app.t, who.user.email)).accessToken);
        tokens.set(who, fresh);
        return fresh;
      });
    } finally {
      jest.useRealTimers();
    }
  }

  async function staff(displayName: string, specialty: Specialty, role?: string): Promise<Staff> {
    const user = await createUser(app.t, {
      displayName,
      specialty,
      institution: 'Hôpital Européen Georges-Pompidou',
    });
    if (role) {
      await api()
        .post(`/api/v1/boards/${boardId}/members`)
        .set(await realAuth(coordinator))
        .send({ userId: user.id, role })
        .expect(201);
    }
    return { user };
  }

  interface CasePlan {
    ref: string;
    staging?: object;
    firstTreatment?: object;
    /** Left on the agenda, not discussed. */
    notDiscussed?: true;
    modalities?: string[];
    guideline?: true;
    trial?: true;
  }

  /**
   * A meeting `daysBack` days ago: scheduled that day (an hour ahead), the cases created and put
   * on its agenda; an hour later it is held, the cases discussed, each decided by the chair's
   * asynchronous vote, its recommendation drafted, signed and published.
   */
  async function heldMeeting(
    daysBack: number,
    cases: CasePlan[],
    attendees: Staff[],
  ): Promise<void> {
    const scheduled = daysAgo(daysBack);
    const { meeting, items } = await at(scheduled, async (as) => {
      const startLocal = DateTime.fromJSDate(new Date())
        .setZone(ZONE)
        .plus({ hours: 1 })
        .startOf('minute')
        .toFormat("yyyy-MM-dd'T'HH:mm");
      const series = await api()
        .post(`/api/v1/boards/${boardId}/meetings`)
        .set(await as(coordinator))
        .send({ title: 'Thoracic board', startLocal, durationMinutes: 60 })
        .expect(201);
      const held: { id: string; startsAt: string } = series.body.meetings[0];
      const placed: Array<{ plan: CasePlan; caseId: string; itemId: string }> = [];
      for (const plan of cases) {
        const created = await api()
          .post(`/api/v1/boards/${boardId}/cases`)
          .set(await as(chair))
          .send({
            ...completeCase(plan.ref),
            ...(plan.staging ? { staging: plan.staging } : {}),
            ...(plan.firstTreatment ? { firstTreatment: plan.firstTreatment } : {}),
          })
          .expect(201);
        const agenda = await api()
          .post(`/api/v1/meetings/${held.id}/agenda`)
          .set(await as(coordinator))
          .send({
            caseId: created.body.id,
            minutesAllotted: 10,
            presenterId: radiationOncologist.user.id,
            overrideReason: 'Records are presented at the meeting',
          })
          .expect(201);
        const item = agenda.body.items.find(
          (entry: { caseId: string }) => entry.caseId === created.body.id,
        );
        placed.push({ plan, caseId: created.body.id, itemId: item.id });
      }
      return { meeting: held, items: placed };
    });

    await at(new Date(new Date(meeting.startsAt).getTime() + 5 * 60_000), async (as) => {
      const status = async (value: string) =>
        api()
          .post(`/api/v1/meetings/${meeting.id}/status`)
          .set(await as(chair))
          .send({ status: value })
          .expect(200);
      await status('live');
      for (const { plan, itemId } of items) {
        if (plan.notDiscussed) continue;
        for (const value of ['in_discussion', 'discussed'])
          await api()
            .post(`/api/v1/agenda-items/${itemId}/status`)
            .set(await as(chair))
            .send({ status: value })
            .expect(200);
      }
      await status('ended');
      for (const { plan, caseId } of items) {
        if (plan.notDiscussed) continue;
        const vote = await api()
          .post(`/api/v1/cases/${caseId}/votes`)
          .set(await as(chair))
          .send({
            question: 'What does the board recommend?',
            options: [
              {
                text: 'Lobectomy after neoadjuvant chemo-immunotherapy',
                intent: 'curative',
                modalities: plan.modalities ?? ['surgery', 'systemic_therapy'],
              },
            ],
            deadline: new Date(Date.now() + HOUR).toISOString(),
            panelUserIds: [chair.user.id],
          })
          .expect(201);
        const receipt = await api()
          .post(`/api/v1/votes/${vote.body.id}/ballots`)
          .set(await as(chair))
          .send({ choice: vote.body.options[0].id, submissionId: randomUUID() })
          .expect(200);
        expect(receipt.body.closed).toBe(true);
        const drafted = await api()
          .post(`/api/v1/votes/${vote.body.id}/recommendation`)
          .set(await as(chair))
          .send({
            rationale: 'Resectable after downstaging; discussed at the board.',
            guidelineReferences: plan.guideline
              ? [{ citation: 'NCCN NSCLC v2.2026, NSCL-7', evidenceCategory: '1' }]
              : [],
            trialReferrals: plan.trial ? [{ nctId: 'NCT04385368', title: 'Adjuvant trial' }] : [],
          })
          .expect(201);
        const id: string = drafted.body.id;
        await api()
          .post(`/api/v1/recommendations/${id}/sign`)
          .set(await as(chair))
          .send({ password: TEST_PASSWORD })
          .expect(200);
        await api()
          .post(`/api/v1/recommendations/${id}/publish`)
          .set(await as(coordinator))
          .expect(200);
        recommendations.set(plan.ref, id);
      }
    });

    // Test fixture, SQL (as in the quality-metrics e2e test): the live room records attendance
    // from socket presence, far too heavy to drive here; these are the intervals it would write.
    const start = new Date(meeting.startsAt).getTime();
    for (const attendee of attendees)
      await app.t.dataSource.query(
        `INSERT INTO meeting_attendance (meeting_id, user_id, agenda_item_id, joined_at, left_at)
         VALUES ($1, $2, NULL, $3, $4)`,
        [meeting.id, attendee.user.id, new Date(start + 2 * 60_000), new Date(start + 55 * 60_000)],
      );
  }

  /**
   * A second opinion through the real path: taken in and its records uploaded by link (the
   * clock starts) `completeDaysAgo`, then assessed by the pathologist, classified and delivered
   * `deliveredDaysAgo`.
   */
  async function deliveredOpinion(
    ref: string,
    priority: 'routine' | 'urgent',
    classification: string,
    completeDaysAgo: number,
    deliveredDaysAgo: number,
  ): Promise<string> {
    const id = await at(daysAgo(completeDaysAgo), async (as) => {
      const intake = await api()
        .post(`/api/v1/boards/${boardId}/second-opinions`)
        .set(await as(coordinator))
        .send({
          type: 'treatment_plan',
          priority,
          patient: { reference: ref, birthYear: 1958, sex: 'male' },
          preferredLanguage: 'fr',
          country: 'FR',
          timezone: 'Europe/Paris',
          question: 'Is surgery after induction the right plan, or definitive chemoradiation?',
          referrer: {
            name: 'Dr L. Petit',
            institution: 'CH Annecy Genevois',
            email: 'l.petit@ch-annecy.example',
          },
          firstOpinion: {
            diagnosis: 'Adenocarcinoma of the right upper lobe',
            stage: 'cT2aN2M0, IIIA',
            proposedTreatment: 'Neoadjuvant chemotherapy, then lobectomy',
            institution: 'CH Annecy Genevois',
            physician: 'Dr L. Petit',
          },
          consent: {
            grantedBy: 'patient',
            grantedAt: new Date(Date.now() - DAY).toISOString(),
            scope: ['share_records', 'process_records'],
          },
          payer: { payer: 'Assurance maladie', coverageVerified: true },
        })
        .expect(201);
      const requestId: string = intake.body.id;
      const checklist = await api()
        .get(`/api/v1/second-opinions/${requestId}/records`)
        .set(await as(coordinator))
        .expect(200);
      for (const item of checklist.body.items) {
        const link = await api()
          .post(`/api/v1/second-opinions/${requestId}/upload-links`)
          .set(await as(coordinator))
          .send({ kind: item.kind })
          .expect(201);
        await api()
          .post(`/api/v1/uploads/${link.body.url.split('/').pop()}`)
          .field('title', item.kind)
          .attach('file', PDF, { filename: `${item.kind}.pdf`, contentType: 'application/pdf' })
          .expect(201);
      }
      await api()
        .post(`/api/v1/second-opinions/${requestId}/reviewers`)
        .set(await as(coordinator))
        .send({ userIds: [pathologist.user.id] })
        .expect(204);
      return requestId;
    });
    await at(daysAgo(deliveredDaysAgo), async (as) => {
      const review = `/api/v1/second-opinions/${id}/review`;
      await api()
        .post(`${review}/attestation`)
        .set(await as(pathologist))
        .send({ noConflict: true })
        .expect(200);
      await api()
        .post(`${review}/assessment`)
        .set(await as(pathologist))
        .send(ASSESSMENT)
        .expect(200);
      await api()
        .post(`${review}/concordance`)
        .set(await as(pathologist))
        .send({ classification, rationale: 'Compared with the first opinion at delivery.' })
        .expect(200);
      await api()
        .post(`/api/v1/second-opinions/${id}/opinion`)
        .set(await as(coordinator))
        .send({
          patientSummary:
            'Le groupe d’experts conseille la chimioradiothérapie. Parlez-en avec votre oncologue.',
        })
        .expect(201);
    });
    opinions.set(ref, id);
    return id;
  }

  async function recordOutcome(
    subject: 'recommendations' | 'second-opinions',
    id: string,
    body: object,
  ): Promise<void> {
    await api()
      .post(`/api/v1/${subject}/${id}/outcome-follow-ups`)
      .set(await realAuth(coordinator))
      .send(body)
      .expect(201);
  }

  beforeAll(async () => {
    now = Date.now();
    coordinator = {
      user: await createUser(app.t, {
        displayName: 'Camille Laurent',
        specialty: Specialty.OncologyNursing,
        institution: 'Hôpital Européen Georges-Pompidou',
      }),
    };
    const board = await api()
      .post('/api/v1/boards')
      .set(await realAuth(coordinator))
      .send({
        name: BOARD_NAME,
        tumourSites: ['lung'],
        institution: 'Hôpital Européen Georges-Pompidou',
        timezone: ZONE,
        quorumPolicy: { requiredSpecialties: [], minVotingMembers: 1 },
      })
      .expect(201);
    boardId = board.body.id;
    chair = await staff('Dr Hélène Martin', Specialty.MedicalOncology, 'chair');
    radiationOncologist = await staff('Dr Paul Girard', Specialty.RadiationOncology, 'presenter');
    pathologist = await staff('Dr Sofia Rossi', Specialty.Pathology, 'panelist');
    surgeon = await staff('Dr Marc Lefèvre', Specialty.SurgicalOncology, 'panelist');
    radiologist = await staff('Dr Aïcha Benali', Specialty.Radiology, 'panelist');

    const dateAgo = (days: number) =>
      DateTime.fromJSDate(daysAgo(days)).setZone(ZONE).toISODate() as string;
    // Patient references run against the order of the meetings, so that "most overdue first"
    // is not the alphabetical order.
    await heldMeeting(
      100,
      [
        { ref: 'QD-104', guideline: true, trial: true },
        {
          ref: 'QD-103',
          staging: { edition: 8, clinical: { t: 'T2a' } },
          firstTreatment: { status: 'started', startedOn: dateAgo(105) },
          guideline: true,
        },
      ],
      [coordinator, chair, radiationOncologist, pathologist, surgeon],
    );
    await heldMeeting(
      60,
      [
        { ref: 'QD-102', firstTreatment: { status: 'not_started' }, guideline: true },
        { ref: 'QD-101', modalities: ['clinical_trial'] },
        { ref: 'QD-105', notDiscussed: true },
      ],
      [chair, pathologist, surgeon, radiologist],
    );
    // QD-104's first treatment began ten days after its meeting: recorded now.
    const qd104 = await api()
      .get(`/api/v1/recommendations/${recommendations.get('QD-104')}`)
      .set(await realAuth(coordinator))
      .expect(200);
    const current = await api()
      .get(`/api/v1/cases/${qd104.body.caseId}`)
      .set(await realAuth(coordinator))
      .expect(200);
    await api()
      .patch(`/api/v1/cases/${qd104.body.caseId}`)
      .set(await realAuth(coordinator))
      .send({
        firstTreatment: { status: 'started', startedOn: dateAgo(90) },
        version: current.body.version,
      })
      .expect(200);

    // Five second opinions over four months; SO-202 is urgent and takes 5 days (target 3).
    await deliveredOpinion('SO-201', 'routine', 'confirmed', 97, 92);
    const disputed = await deliveredOpinion('SO-202', 'urgent', 'treatment_changed', 55, 50);
    await deliveredOpinion('SO-203', 'routine', 'diagnosis_changed', 33, 31);
    await deliveredOpinion('SO-204', 'routine', 'clarified', 20, 12);
    await deliveredOpinion('SO-205', 'routine', 'confirmed', 9, 2);
    // SO-202's changed treatment goes to the surgeon, who upholds the second opinion.
    const arbitration = `/api/v1/second-opinions/${disputed}/arbitration`;
    await at(daysAgo(48), async (as) => {
      await api()
        .post(arbitration)
        .set(await as(coordinator))
        .send({ arbiterId: surgeon.user.id, reason: 'The second opinion advises against surgery' })
        .expect(201);
    });
    await at(daysAgo(45), async (as) => {
      await api()
        .post(`${arbitration}/attestation`)
        .set(await as(surgeon))
        .send({ noConflict: true })
        .expect(200);
      await api()
        .post(`${arbitration}/assessment`)
        .set(await as(surgeon))
        .send(ARBITER_ASSESSMENT)
        .expect(200);
      await api()
        .post(`${arbitration}/decision`)
        .set(await as(surgeon))
        .send({
          outcome: 'second_opinion_upheld',
          rationale: 'Bulky N2: definitive chemoradiotherapy is the standard here.',
        })
        .expect(200);
    });

    // Follow-ups recorded now; QD-104's 30-day one is left to the coordinator in the browser.
    await recordOutcome('recommendations', recommendations.get('QD-103')!, {
      intervalDays: 30,
      adherence: 'implemented_fully',
    });
    await recordOutcome('recommendations', recommendations.get('QD-103')!, {
      intervalDays: 90,
      adherence: 'implemented_fully',
    });
    await recordOutcome('recommendations', recommendations.get('QD-102')!, {
      intervalDays: 30,
      adherence: 'not_implemented',
      deviationReason: 'comorbidity',
      deviationDetail: 'Renal impairment: no platinum doublet',
    });
    await recordOutcome('recommendations', recommendations.get('QD-101')!, {
      intervalDays: 90,
      adherence: 'not_implemented',
      deviationReason: 'other',
      deviationDetail: 'Moved abroad before the trial opened',
    });
    await recordOutcome('second-opinions', opinions.get('SO-204')!, {
      intervalDays: 30,
      adherence: 'implemented_fully',
    });

    period = {
      from: dateAgo(120),
      to: DateTime.now().setZone(ZONE).toISODate() as string,
    };
  }, 600_000);

  it('records an overdue follow-up through the worklist, refused once without a reason', async () => {
    const auth = await realAuth(coordinator);
    const overdue: BoardOutcomeFollowUpsView = (
      await api()
        .get(`/api/v1/boards/${boardId}/outcome-follow-ups`)
        .query({ status: 'overdue' })
        .set(auth)
        .expect(200)
    ).body;
    const overdueKeys = overdue.items.map(
      (item) => `${item.subject.patientRef} ${item.intervalDays} days`,
    );
    // As arranged: most overdue first, which is not the alphabetical order.
    expect(overdueKeys).toEqual([
      'QD-104 30 days',
      'SO-201 30 days',
      'QD-101 30 days',
      'SO-202 30 days',
    ]);
    const dues = overdue.items.map((item) => Date.parse(item.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    const page = await app.newPage();
    const posted: string[] = [];
    page.on('request', (sent) => {
      if (sent.method() === 'POST' && sent.url().includes('/outcome-follow-ups'))
        posted.push(sent.url());
    });
    await signIn(page, coordinator.user.email, TEST_PASSWORD);
    await page.goto(`/boards/${boardId}`);
    await page
      .getByRole('navigation', { name: 'Board sections' })
      .getByRole('link', { name: 'Follow-ups' })
      .click();
    await page.waitForURL((url) => url.pathname === `/boards/${boardId}/follow-ups`);
    const overdueGroup = page.getByRole('region', { name: /^Overdue/ });
    const rows = overdueGroup.locator('tbody tr');
    await expectText(overdueGroup.getByRole('heading'), `Overdue (${overdueKeys.length})`);
    await expect(rows.count()).resolves.toBe(overdueKeys.length);
    const shown: string[] = [];
    const daysPast: number[] = [];
    for (const row of await rows.all()) {
      const patient = (await row.locator('th').innerText()).split('\n')[0].trim();
      const interval = (await row.locator('td').first().innerText()).trim();
      shown.push(`${patient} ${interval}`);
      const late = /(\d+) days? past due/.exec(await row.innerText());
      expect(late).not.toBeNull();
      daysPast.push(Number(late![1]));
    }
    expect(shown).toEqual(overdueKeys);
    expect(daysPast).toEqual([...daysPast].sort((a, b) => b - a));
    // Each row says what the board recommended.
    await expectText(rows.first(), 'Lobectomy after neoadjuvant chemo-immunotherapy');
    await expectText(rows.nth(1), ASSESSMENT.recommendation);
    await screenshot(page, 'follow-ups');

    await rows
      .first()
      .getByRole('button', { name: 'Record outcome: QD-104, 30-day follow-up' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Record the 30-day follow-up' });
    await dialog.waitFor();
    await expectText(dialog, 'QD-104');
    await chooseRadio(dialog, 'Implemented partly');
    await dialog.getByRole('button', { name: 'Record outcome', exact: true }).click();
    const reasonTrigger = selectTrigger(dialog, 'Why care departed from it');
    const refusal = 'Say why care departed from the recommendation: it was not implemented fully.';
    await dialog.getByText(refusal).waitFor();
    await expect(describedBy(reasonTrigger)).resolves.toContain(refusal);
    // Next to the field: in the field's own help, under its trigger.
    const field = dialog.locator('.field', {
      has: selectTrigger(page, 'Why care departed from it'),
    });
    expect(await field.getAttribute('data-invalid')).toBe('true');
    await expectText(field, refusal);
    expect(posted).toEqual([]);
    await checkA11y(page);

    await chooseOption(dialog, 'Why care departed from it', DEVIATION_WORDS[OUTCOME.reason]);
    await expect(dialog.getByText(refusal).count()).resolves.toBe(0);
    await dialog
      .getByRole('textbox', { name: 'Description of the deviation (optional)' })
      .fill(OUTCOME.detail);
    await dialog
      .getByRole('textbox', { name: 'Notes on the outcome (optional)' })
      .fill(OUTCOME.notes);
    await screenshot(page, 'follow-up-record');
    const saved = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' && response.url().includes('/outcome-follow-ups'),
    );
    await dialog.getByRole('button', { name: 'Record outcome', exact: true }).click();
    expect((await saved).status()).toBe(201);
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Recorded the 30-day follow-up of QD-104.').waitFor();

    // It leaves the overdue list, and shows among the recorded ones as entered.
    await expectText(overdueGroup.getByRole('heading'), `Overdue (${overdueKeys.length - 1})`);
    await expect(rows.count()).resolves.toBe(overdueKeys.length - 1);
    expect((await rows.locator('th').allInnerTexts()).some((text) => text.includes('QD-104'))).toBe(
      false,
    );
    await chooseRadio(page, /^Recorded/);
    const recordedRow = page
      .getByRole('region', { name: /^Recorded/ })
      .locator('tbody tr', { hasText: 'QD-104' });
    await expectText(recordedRow, ADHERENCE_WORDS[OUTCOME.adherence]);
    await expectText(recordedRow, DEVIATION_WORDS[OUTCOME.reason]);
    await expectText(recordedRow, OUTCOME.detail);
    await expectText(recordedRow, OUTCOME.notes);
    await expectText(recordedRow, 'by Camille Laurent');

    const schedule: OutcomeScheduleView = (
      await api()
        .get(`/api/v1/recommendations/${recommendations.get('QD-104')}/outcome-follow-ups`)
        .set(auth)
        .expect(200)
    ).body;
    expect(schedule.followUps.map((followUp) => [followUp.intervalDays, followUp.status])).toEqual([
      [30, 'done'],
      [90, 'due'],
      [365, 'upcoming'],
    ]);
    expect(schedule.followUps[0].outcome).toEqual({
      id: expect.any(String),
      adherence: OUTCOME.adherence,
      deviationReason: OUTCOME.reason,
      deviationDetail: OUTCOME.detail,
      outcomeNotes: OUTCOME.notes,
      recordedBy: { userId: coordinator.user.id, displayName: 'Camille Laurent' },
      recordedAt: expect.any(String),
    });
    expect(posted).toHaveLength(1);
    await checkA11y(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
    expectNoConsoleProblems(page);
  });

  it('shows on the dashboard, chart by chart as tables, the figures of the metrics API, and downloads its CSV', async () => {
    const auth = await realAuth(coordinator);
    const metricsOf = async (selection: {
      from: string;
      to: string;
      analyticCaseload: number;
    }): Promise<QualityMetricsView> =>
      (
        await api()
          .get(`/api/v1/boards/${boardId}/quality-metrics`)
          .query(selection)
          .set(auth)
          .expect(200)
      ).body;

    const page = await app.newPage();
    const metricsAsked: URLSearchParams[] = [];
    page.on('request', (sent) => {
      const url = new URL(sent.url());
      if (url.pathname === `/api/v1/boards/${boardId}/quality-metrics`)
        metricsAsked.push(url.searchParams);
    });
    await signIn(page, coordinator.user.email, TEST_PASSWORD);
    await page.goto(`/boards/${boardId}`);
    await page
      .getByRole('navigation', { name: 'Board sections' })
      .getByRole('link', { name: 'Quality' })
      .click();
    await page.waitForURL((url) => url.pathname === `/boards/${boardId}/quality`);
    await page.getByText('Choose a period').waitFor();
    expect(metricsAsked).toEqual([]);

    await chooseRadio(page, 'Custom dates');
    await page.getByLabel('First day').fill(period.from);
    await page.getByLabel('Last day (included)').fill(period.to);
    await fillNumber(page.getByRole('textbox', { name: 'Analytic caseload' }), CASELOAD);
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.getByRole('heading', { name: 'Case conferences (Commission on Cancer)' }).waitFor();
    const toggles = page.getByRole('button', { name: /^Show as table: / });
    // The figures over time come once every month is read.
    await page
      .getByRole('button', { name: 'Show as table: Median and 90th percentile per month' })
      .waitFor();
    const titles = (
      await toggles.evaluateAll((buttons) =>
        buttons.map((button) => button.getAttribute('aria-label') ?? ''),
      )
    ).map((label) => label.replace(/^Show as table: /, ''));
    expect([...titles].sort()).toEqual([...CHART_TITLES].sort());

    const whole = await metricsOf({ ...period, analyticCaseload: CASELOAD });
    // Arranged so that every section has something to show.
    expect(whole.caseConference).toMatchObject({
      meetings: 2,
      casesPresented: { numerator: 4, denominator: CASELOAD },
      prospective: { numerator: 2, denominator: 3 },
      prospectiveNotRecorded: 1,
      stageDocumented: { numerator: 3, denominator: 4 },
      guidelineCited: { numerator: 3, denominator: 4 },
      clinicalTrialDiscussed: { numerator: 2, denominator: 4 },
    });
    expect(whole.concordance.classified).toBe(5);
    expect(whole.concordance.classes.every((entry) => entry.share.numerator > 0)).toBe(true);
    expect(whole.concordance.arbitration).toMatchObject({ requested: 1, decided: 1 });
    expect(whole.turnaround).toMatchObject({ delivered: 5, breaches: { numerator: 1 } });
    // (The 30-day one recorded in the browser counts too, when that test has run first.)
    expect(whole.adherence.map((interval) => interval.intervalDays)).toEqual([30, 90]);
    expect(whole.adherence.every((interval) => interval.followUps >= 2)).toBe(true);
    expect(whole.caseConference.attendance.every((entry) => entry.share.numerator > 0)).toBe(true);
    // The page asked for the same figures.
    expect(
      metricsAsked.some(
        (query) =>
          query.get('from') === period.from &&
          query.get('to') === period.to &&
          query.get('analyticCaseload') === String(CASELOAD) &&
          !query.has('format'),
      ),
    ).toBe(true);

    // The summary and the tiles.
    await expectText(page.locator('.quality-summary'), `analytic caseload ${CASELOAD}`);
    const cocTiles = page
      .getByRole('list', { name: 'Case-conference figures' })
      .getByRole('listitem');
    for (const [index, [key, label]] of CASE_CONFERENCE_ROWS.entries()) {
      const share = whole.caseConference[key] as QualityMetricsShareView;
      const tile = cocTiles.nth(index);
      expect((await tile.locator('.tile-label').innerText()).trim()).toBe(label);
      expect(parsePercent(await tile.locator('.tile-value').innerText())).toBe(share.percent);
      await expectText(tile.locator('.tile-detail'), `${share.numerator} of ${share.denominator}`);
    }
    const turnaroundTiles = page
      .getByRole('list', { name: 'Turnaround in the period' })
      .getByRole('listitem');
    const periodUnit = (await turnaroundTiles.nth(1).locator('.tile-value').innerText()).includes(
      'hour',
    )
      ? 'hours'
      : 'days';
    expectDuration(
      await turnaroundTiles.nth(0).locator('.tile-value').innerText(),
      whole.turnaround.p50Ms,
      periodUnit,
    );
    expectDuration(
      await turnaroundTiles.nth(1).locator('.tile-value').innerText(),
      whole.turnaround.p90Ms,
      periodUnit,
    );
    expect(parsePercent(await turnaroundTiles.nth(2).locator('.tile-value').innerText())).toBe(
      whole.turnaround.breaches.percent,
    );
    await expectText(
      turnaroundTiles.nth(2).locator('.tile-detail'),
      `${whole.turnaround.breaches.numerator} of ${whole.turnaround.breaches.denominator} delivered`,
    );

    // Every chart's table, opened from the keyboard.
    const tables = new Map<string, ReadTable>();
    for (const title of CHART_TITLES) {
      const toggle = page.getByRole('button', { name: `Show as table: ${title}`, exact: true });
      await toggle.focus();
      await page.keyboard.press('Enter');
      const open = page.getByRole('button', { name: `Hide table: ${title}`, exact: true });
      await open.waitFor();
      expect(await open.getAttribute('aria-expanded')).toBe('true');
      const controlled = await open.getAttribute('aria-controls');
      const table = page.locator(`[id="${controlled}"]`).getByRole('table');
      await table.waitFor();
      tables.set(title, await readTable(table));
    }
    const tableOf = (title: string): ReadTable => {
      const found = tables.get(title);
      if (!found) throw new Error(`no table for ${title}`);
      return found;
    };

    // Case conferences.
    const coc = tableOf('Case-conference shares');
    expect(coc.caption).toBe('Case-conference figures');
    expect(coc.rows.map((row) => row.header)).toEqual(
      CASE_CONFERENCE_ROWS.map(([, label]) => label),
    );
    for (const [index, [key]] of CASE_CONFERENCE_ROWS.entries())
      expect(shareOfCells(coc.rows[index].cells)).toEqual(whole.caseConference[key]);

    // Concordance, and the arbitration.
    const concordance = tableOf('Concordance classes');
    expect(concordance.rows.map((row) => row.header)).toEqual(
      whole.concordance.classes.map((entry) => CONCORDANCE_WORDS[entry.classification]),
    );
    whole.concordance.classes.forEach((entry, index) =>
      expect(shareOfCells(concordance.rows[index].cells)).toEqual(entry.share),
    );
    const arbitration = tableOf('Arbitration by a third reviewer');
    expect(arbitration.caption).toContain(
      `${whole.concordance.arbitration.requested} arbitration asked for and ${whole.concordance.arbitration.decided} decided in the period`,
    );
    expect(arbitration.rows.map((row) => row.header)).toEqual(
      whole.concordance.arbitration.outcomes.map((entry) => ARBITRATION_WORDS[entry.outcome]),
    );
    whole.concordance.arbitration.outcomes.forEach((entry, index) =>
      expect(shareOfCells(arbitration.rows[index].cells)).toEqual(entry.share),
    );

    // Turnaround per month: each month as the API gives it for that month alone.
    const perMonth = tableOf('Median and 90th percentile per month');
    const breachesPerMonth = tableOf('Deliveries beyond the target per month');
    const unitMatch = /\(in (days|hours)\)$/.exec(perMonth.caption);
    expect(unitMatch).not.toBeNull();
    const monthUnit = unitMatch![1] as 'days' | 'hours';
    const months = perMonth.rows.map((row) => {
      const dates = /^(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})$/.exec(row.headerLines[1] ?? '');
      if (!dates) throw new Error(`no dates under the month ${row.headerLines.join(' / ')}`);
      return { from: dates[1], to: dates[2] };
    });
    // The months cover the period exactly, one after the other.
    expect(months[0].from).toBe(period.from);
    expect(months[months.length - 1].to).toBe(period.to);
    for (let index = 1; index < months.length; index += 1)
      expect(
        DateTime.fromISO(months[index - 1].to, { zone: 'UTC' })
          .plus({ days: 1 })
          .toISODate(),
      ).toBe(months[index].from);
    expect(breachesPerMonth.rows.map((row) => row.headerLines)).toEqual(
      perMonth.rows.map((row) => row.headerLines),
    );
    let deliveredInMonths = 0;
    for (const [index, month] of months.entries()) {
      const view = await metricsOf({ ...month, analyticCaseload: 0 });
      const [delivered, p50, p90] = perMonth.rows[index].cells;
      expect(parseCount(delivered)).toBe(view.turnaround.delivered);
      expectDuration(p50, view.turnaround.p50Ms, monthUnit);
      expectDuration(p90, view.turnaround.p90Ms, monthUnit);
      expect(shareOfCells(breachesPerMonth.rows[index].cells)).toEqual(view.turnaround.breaches);
      deliveredInMonths += view.turnaround.delivered;
    }
    expect(deliveredInMonths).toBe(whole.turnaround.delivered);

    // Adherence per interval, and the reasons for departing from the recommendation.
    const levels = tableOf('Carried out, per follow-up');
    const levelOrder = Object.keys(ADHERENCE_WORDS);
    expect(levels.columns).toEqual([
      'Follow-up',
      'Recorded',
      ...levelOrder.map((level) => ADHERENCE_WORDS[level]),
    ]);
    expect(levels.rows.map((row) => row.header)).toEqual(
      whole.adherence.map((interval) => `${interval.intervalDays} days`),
    );
    whole.adherence.forEach((interval, index) => {
      const [recorded, ...shares] = levels.rows[index].cells;
      expect(parseCount(recorded)).toBe(interval.followUps);
      expect(shares.map(parseShare)).toEqual(
        levelOrder.map(
          (level) => interval.levels.find((entry) => entry.adherence === level)!.share,
        ),
      );
    });
    const reasons = tableOf('Why care departed from the recommendation');
    expect(reasons.columns).toEqual([
      'Reason',
      ...whole.adherence.map((interval) => `${interval.intervalDays} days`),
    ]);
    expect(reasons.rows.map((row) => row.header)).toEqual(Object.values(DEVIATION_WORDS));
    Object.keys(DEVIATION_WORDS).forEach((reason, index) =>
      expect(reasons.rows[index].cells.map(parseCount)).toEqual(
        whole.adherence.map(
          (interval) =>
            interval.deviationReasons.find((entry) => entry.reason === reason)?.count ?? 0,
        ),
      ),
    );

    // Attendance per required specialty.
    const attendance = tableOf('Meetings attended, per specialty');
    expect(attendance.rows.map((row) => row.header)).toEqual(
      whole.caseConference.attendance.map((entry) => SPECIALTY_WORDS[entry.specialty]),
    );
    whole.caseConference.attendance.forEach((entry, index) =>
      expect(shareOfCells(attendance.rows[index].cells)).toEqual(entry.share),
    );

    // The CSV downloaded is the API's, byte for byte.
    const apiCsv = await api()
      .get(`/api/v1/boards/${boardId}/quality-metrics`)
      .query({ ...period, analyticCaseload: CASELOAD, format: 'csv' })
      .set(auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(
      `quality-metrics-thoracic-tumour-board-${period.from}-to-${period.to}.csv`,
    );
    const file = await readFile(await download.path());
    expect(file.toString('utf8')).toBe((apiCsv.body as Buffer).toString('utf8'));
    expect(Buffer.compare(file, apiCsv.body as Buffer)).toBe(0);
    await page
      .getByText(`Saved quality-metrics-thoracic-tumour-board-${period.from}-to-${period.to}.csv.`)
      .waitFor();

    // From the top: the app's sticky bar is drawn where the page is scrolled to.
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    await screenshot(page, 'quality-dashboard', { fullPage: true });
    await checkA11y(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
    expectNoConsoleProblems(page);
  });

  it('tells a panelist the dashboard is for coordinators, without reading the metrics', async () => {
    const page = await app.newPage();
    const metricsAsked: string[] = [];
    page.on('request', (sent) => {
      if (sent.url().includes('/quality-metrics')) metricsAsked.push(sent.url());
    });
    await signIn(page, pathologist.user.email, TEST_PASSWORD);
    await page.goto(`/boards/${boardId}`);
    const sections = page.getByRole('navigation', { name: 'Board sections' });
    await sections.getByRole('link', { name: 'Follow-ups' }).waitFor();
    await expect(sections.getByRole('link', { name: 'Quality' }).count()).resolves.toBe(0);

    await page.goto(`/boards/${boardId}/quality`);
    await page.getByText('You do not have access to this').waitFor();
    await page.getByText('The quality dashboard is open to the board’s coordinators.').waitFor();
    await expect(page.getByRole('button', { name: 'Show figures' }).count()).resolves.toBe(0);
    expect(metricsAsked).toEqual([]);
    await checkA11y(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
    expectNoConsoleProblems(page);
  });
});
