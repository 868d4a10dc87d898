import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  BoardOutcomeFollowUpView,
  BoardOutcomeFollowUpsView,
  OutcomeScheduleView,
  PlatformRole,
  RecommendationView,
  Specialty,
} from '@app/contracts';
import { Person, person } from '../support/clinical';
import { MALFORMED_BODIES } from '../support/fuzz';
import {
  PanelBoard,
  backdatePublication,
  draftedRecommendation,
  publishedRecommendation,
  recommendationBoard,
  republishedAmendment,
} from '../support/outcomes';
import { TestApp, bearer, startTestApp } from '../support/test-app';

const DAY = 86_400_000;

/** Adds whole days of 24 hours to an ISO instant. */
const plusDays = (iso: string, count: number) =>
  new Date(new Date(iso).getTime() + count * DAY).toISOString();

describe('outcome follow-up of published recommendations and delivered second opinions', () => {
  let t: TestApp;
  let board: PanelBoard;
  let outsider: Person;
  let admin: Person;
  /** Published now, then amended and republished. */
  let first: RecommendationView;
  /** Published 400 days ago: every follow-up is open, and overdue. */
  let old: RecommendationView;
  /** Published 50 days ago: the 30-day follow-up is overdue, the 90-day one open. */
  let lapsed: RecommendationView;

  const as = (who: Person) => bearer(who.token);
  const recommendationUrl = (id: string) => `/api/v1/recommendations/${id}/outcome-follow-ups`;
  const boardUrl = () => `/api/v1/boards/${board.boardId}/outcome-follow-ups`;
  const record = (who: Person, id: string, body: object) =>
    request(t.http).post(recommendationUrl(id)).set(as(who)).send(body);
  const listed = async (query: Record<string, string>, who: Person = board.members.observer) =>
    (await request(t.http).get(boardUrl()).query(query).set(as(who)).expect(200))
      .body as BoardOutcomeFollowUpsView;
  const keys = (items: BoardOutcomeFollowUpView[]) =>
    items.map((item) => `${item.subject.patientRef}/${item.intervalDays}`);

  beforeAll(async () => {
    t = await startTestApp();
    board = await recommendationBoard(t, 'Outcomes Board');
    outsider = await person(t, Specialty.Pathology);
    admin = await person(t, Specialty.Other, PlatformRole.Admin);
    first = await publishedRecommendation(t, board, 'OF-1');
    old = await publishedRecommendation(t, board, 'OF-2');
    await backdatePublication(t, old.id, 400);
    lapsed = await publishedRecommendation(t, board, 'OF-3');
    await backdatePublication(t, lapsed.id, 50);
  }, 120_000);

  afterAll(() => t.close());

  it('schedules follow-ups at 30, 90 and 365 days from publication, each overdue 14 days after it is due, for every member to see', async () => {
    const seen = await request(t.http)
      .get(recommendationUrl(first.id))
      .set(as(board.members.observer))
      .expect(200);
    const schedule: OutcomeScheduleView = seen.body;
    const publishedAt = first.publishedAt!;
    expect(schedule.subject).toEqual({
      type: 'recommendation',
      id: first.id,
      boardId: board.boardId,
      caseId: first.caseId,
      patientRef: 'OF-1',
      currentVersionId: first.id,
      publishedAt,
    });
    expect(schedule.followUps).toEqual(
      [30, 90, 365].map((intervalDays, index, all) => ({
        intervalDays,
        dueAt: plusDays(publishedAt, intervalDays),
        overdueAfter: plusDays(publishedAt, intervalDays + 14),
        opensAt: plusDays(publishedAt, index === 0 ? 0 : all[index - 1]),
        status: 'upcoming',
        outcome: null,
      })),
    );
    const all = await listed({}, board.members.panelist);
    expect(all.items.filter((item) => item.subject.id === first.id)).toEqual(
      schedule.followUps.map((followUp) => ({ ...followUp, subject: schedule.subject })),
    );
  });

  it('runs one schedule per recommendation from its first publication: an amendment republished neither restarts nor duplicates it', async () => {
    const second = await republishedAmendment(t, board, first.id, 'EGFR result corrected');
    const draft = await request(t.http)
      .post(`/api/v1/recommendations/${second.id}/amend`)
      .set(as(board.members.chair))
      .send({ reason: 'Dose to be revised' })
      .expect(201);
    for (const id of [first.id, second.id, draft.body.id]) {
      const seen = await request(t.http).get(recommendationUrl(id)).set(as(board.coordinator));
      expect(seen.body.subject).toMatchObject({
        id: first.id,
        publishedAt: first.publishedAt,
        currentVersionId: second.id,
      });
      expect(seen.body.followUps.map((f: { dueAt: string }) => f.dueAt)).toEqual(
        [30, 90, 365].map((interval) => plusDays(first.publishedAt!, interval)),
      );
    }
    const all = await listed({});
    expect(keys(all.items).filter((key) => key.startsWith('OF-1/'))).toHaveLength(3);
    expect(new Set(all.items.map((item) => item.subject.id))).toEqual(
      new Set([first.id, old.id, lapsed.id]),
    );
  });

  it('has no follow-up for a recommendation not yet published', async () => {
    const draft = await draftedRecommendation(t, board, 'OF-DRAFT');
    await request(t.http).get(recommendationUrl(draft.id)).set(as(board.coordinator)).expect(409);
    await record(board.coordinator, draft.id, {
      intervalDays: 30,
      adherence: 'implemented_fully',
    }).expect(409);
    expect(keys((await listed({})).items).some((key) => key.startsWith('OF-DRAFT'))).toBe(false);
  });

  it('refuses an outcome the rules refuse, with the rule’s code, and records nothing', async () => {
    const refusals: Array<[object, string, string]> = [
      [{ adherence: 'sometimes' }, 'adherence', 'unknown_adherence'],
      [
        { adherence: 'implemented_partly', deviationReason: 'astrology' },
        'deviationReason',
        'unknown_deviation_reason',
      ],
      [
        { adherence: 'implemented_fully', deviationReason: 'comorbidity' },
        'deviationReason',
        'deviation_not_applicable',
      ],
      [
        { adherence: 'implemented_fully', deviationDetail: 'delayed by a week' },
        'deviationReason',
        'deviation_not_applicable',
      ],
      [{ adherence: 'implemented_partly' }, 'deviationReason', 'deviation_reason_required'],
      [
        { adherence: 'not_implemented', deviationReason: '   ' },
        'deviationReason',
        'deviation_reason_required',
      ],
      [
        { adherence: 'not_implemented', deviationReason: 'other', deviationDetail: ' ' },
        'deviationDetail',
        'deviation_detail_required',
      ],
      [{ intervalDays: 45, adherence: 'implemented_fully' }, 'intervalDays', 'unknown_interval'],
    ];
    for (const [body, field, code] of refusals) {
      const refused = await record(board.coordinator, old.id, { intervalDays: 30, ...body });
      expect({ status: refused.status, details: refused.body.details }).toEqual({
        status: 400,
        details: [{ field, message: code }],
      });
    }
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM outcome_follow_up`,
    );
    expect(count).toBe(0);
  });

  it('records each adherence level, with a reason for any deviation, once per follow-up, and audits it', async () => {
    const fully = await record(board.coordinator, old.id, {
      intervalDays: 30,
      adherence: 'implemented_fully',
      deviationReason: null,
      deviationDetail: '  ',
      outcomeNotes: '  Four cycles completed; lobectomy on day 84.  ',
    }).expect(201);
    expect(fully.body.followUps[0]).toMatchObject({
      intervalDays: 30,
      status: 'done',
      outcome: {
        adherence: 'implemented_fully',
        deviationReason: null,
        deviationDetail: null,
        outcomeNotes: 'Four cycles completed; lobectomy on day 84.',
        recordedBy: { userId: board.coordinator.user.id },
      },
    });
    await record(board.members.chair, old.id, {
      intervalDays: 90,
      adherence: 'implemented_partly',
      deviationReason: 'comorbidity',
      deviationDetail: 'Renal impairment: carboplatin instead of cisplatin',
    }).expect(201);
    const notDone = await record(admin, old.id, {
      intervalDays: 365,
      adherence: 'not_implemented',
      deviationReason: 'other',
      deviationDetail: 'Moved abroad before adjuvant treatment',
    }).expect(201);
    expect(notDone.body.followUps.map((f: { status: string }) => f.status)).toEqual([
      'done',
      'done',
      'done',
    ]);
    expect(notDone.body.followUps[2].outcome).toMatchObject({
      adherence: 'not_implemented',
      deviationReason: 'other',
      deviationDetail: 'Moved abroad before adjuvant treatment',
      outcomeNotes: null,
      recordedBy: { userId: admin.user.id },
    });
    expect(notDone.body.followUps[1].outcome).toMatchObject({
      adherence: 'implemented_partly',
      deviationReason: 'comorbidity',
      recordedBy: { userId: board.members.chair.user.id },
    });

    const duplicate = await record(board.members.chair, old.id, {
      intervalDays: 30,
      adherence: 'not_implemented',
      deviationReason: 'progression',
    }).expect(409);
    expect(duplicate.body.message).toMatch(/already recorded/);

    const audit = await request(t.http)
      .get('/api/v1/audit')
      .query({ action: 'recommendation.outcome_recorded', targetId: old.id })
      .set(as(admin))
      .expect(200);
    expect(
      audit.body.items.map((item: { details: { intervalDays: number } }) => item.details),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ intervalDays: 30, adherence: 'implemented_fully' }),
        expect.objectContaining({ intervalDays: 90, deviationReason: 'comorbidity' }),
        expect.objectContaining({ intervalDays: 365, deviationReason: 'other' }),
      ]),
    );
    expect(audit.body.items).toHaveLength(3);
    expect(JSON.stringify(audit.body.items)).not.toContain('Moved abroad');
  });

  it('accepts every deviation reason for a partly or not implemented recommendation', async () => {
    const reasons = [
      'patient_preference',
      'comorbidity',
      'progression',
      'recommendation_not_documented',
      'recommendation_not_received',
      'other',
    ];
    const subjects = [
      await publishedRecommendation(t, board, 'OF-R1'),
      await publishedRecommendation(t, board, 'OF-R2'),
    ];
    for (const subject of subjects) await backdatePublication(t, subject.id, 400);
    for (const [index, deviationReason] of reasons.entries()) {
      await record(board.coordinator, subjects[index % 2].id, {
        intervalDays: [30, 90, 365][Math.floor(index / 2)],
        adherence: index % 2 === 0 ? 'implemented_partly' : 'not_implemented',
        deviationReason,
        deviationDetail: deviationReason === 'other' ? 'Enrolled in another trial' : undefined,
      }).expect(201);
    }
    const stored: Array<{ deviation_reason: string }> = await t.dataSource.query(
      `SELECT deviation_reason FROM outcome_follow_up WHERE subject_id = ANY($1::uuid[])`,
      [subjects.map((subject) => subject.id)],
    );
    expect(stored.map((row) => row.deviation_reason).sort()).toEqual([...reasons].sort());
  });

  it('opens a follow-up when the previous one falls due, so an outcome learnt early is recorded early', async () => {
    await record(board.coordinator, first.id, {
      intervalDays: 90,
      adherence: 'implemented_fully',
    }).expect(409);
    await record(board.coordinator, first.id, {
      intervalDays: 365,
      adherence: 'implemented_fully',
    }).expect(409);
    const racing = await Promise.all(
      Array.from({ length: 4 }, () =>
        record(board.coordinator, first.id, {
          intervalDays: 30,
          adherence: 'not_implemented',
          deviationReason: 'patient_preference',
        }),
      ),
    );
    expect(racing.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    const early: OutcomeScheduleView = racing.find((response) => response.status === 201)!.body;
    expect(early.followUps.map((f) => f.status)).toEqual(['done', 'upcoming', 'upcoming']);

    const opened = await record(board.members.chair, lapsed.id, {
      intervalDays: 90,
      adherence: 'implemented_partly',
      deviationReason: 'progression',
    }).expect(201);
    expect(opened.body.followUps.map((f: { status: string }) => f.status)).toEqual([
      'overdue',
      'done',
      'upcoming',
    ]);
    await record(board.members.chair, lapsed.id, {
      intervalDays: 365,
      adherence: 'implemented_fully',
    }).expect(409);
  });

  it('lists overdue follow-ups, most overdue first, now or at another instant', async () => {
    expect(keys((await listed({ status: 'overdue' })).items)).toEqual(['OF-3/30']);
    const asOf = new Date(Date.now() + 120 * DAY).toISOString();
    const later = await listed({ status: 'overdue', asOf });
    expect(later.asOf).toBe(asOf);
    expect(keys(later.items)).toEqual(['OF-3/30', 'OF-1/90']);
    expect(later.items[1]).toMatchObject({
      dueAt: plusDays(first.publishedAt!, 90),
      overdueAfter: plusDays(first.publishedAt!, 104),
      outcome: null,
    });

    const due = await listed({ status: 'due', asOf: plusDays(first.publishedAt!, 95) });
    expect(keys(due.items)).toEqual(['OF-1/90']);

    const everything = await listed({ asOf });
    const order = ['overdue', 'due', 'upcoming', 'done'];
    const ranks = everything.items.map((item) => order.indexOf(item.status));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const done = await listed({ status: 'done' });
    expect(done.items.every((item) => item.outcome !== null)).toBe(true);
    expect(keys(done.items)).toEqual(expect.arrayContaining(['OF-1/30', 'OF-2/365', 'OF-3/90']));
  });

  it('evaluates a past instant as it was: nothing published later, nothing recorded later', async () => {
    const before = await listed({ asOf: new Date(Date.now() - 25 * DAY).toISOString() });
    expect(keys(before.items).some((key) => key.startsWith('OF-1/'))).toBe(false);
    const lapsedThen = before.items.filter((item) => item.subject.id === lapsed.id);
    expect(lapsedThen.map((item) => item.status)).toEqual(['upcoming', 'upcoming', 'upcoming']);
    const oldThen = before.items.filter((item) => item.subject.id === old.id);
    expect(oldThen.map((item) => [item.status, item.outcome])).toEqual([
      ['overdue', null],
      ['overdue', null],
      ['due', null],
    ]);
  });

  it('refuses an asOf or status it cannot evaluate', async () => {
    for (const query of [
      { asOf: new Date(Date.now() + 800 * DAY).toISOString() },
      { asOf: new Date(Date.now() - 800 * DAY).toISOString() },
      { asOf: 'yesterday' },
      { asOf: ['2030-01-01T00:00:00Z', '2031-01-01T00:00:00Z'] },
      { status: 'late' },
      { page: '2' },
    ]) {
      await request(t.http).get(boardUrl()).query(query).set(as(board.coordinator)).expect(400);
    }
    await request(t.http)
      .get(recommendationUrl(old.id))
      .query({ asOf: '2026-02-30T00:00:00Z' })
      .set(as(board.coordinator))
      .expect(400);
  });

  it('lets only coordinators, the chair and platform admins record; members read; others learn nothing', async () => {
    const body = { intervalDays: 90, adherence: 'implemented_fully' };
    for (const role of ['panelist', 'presenter', 'observer'] as const)
      await record(board.members[role], lapsed.id, body).expect(403);
    await record(outsider, lapsed.id, body).expect(404);
    await request(t.http).post(recommendationUrl(lapsed.id)).send(body).expect(401);
    await request(t.http).get(recommendationUrl(lapsed.id)).expect(401);
    await request(t.http).get(boardUrl()).expect(401);
    await request(t.http).get(recommendationUrl(lapsed.id)).set(as(outsider)).expect(404);
    await request(t.http).get(boardUrl()).set(as(outsider)).expect(404);
    await request(t.http).get(recommendationUrl(lapsed.id)).set(as(admin)).expect(200);
    await request(t.http).get(recommendationUrl(randomUUID())).set(as(admin)).expect(404);
    await request(t.http).get(recommendationUrl('not-a-uuid')).set(as(admin)).expect(400);
    await record(board.coordinator, randomUUID(), body).expect(404);
  });

  it('answers malformed input with 400, never 500, and records nothing', async () => {
    const [{ count: before }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM outcome_follow_up`,
    );
    for (const raw of MALFORMED_BODIES) {
      const response = await request(t.http)
        .post(recommendationUrl(lapsed.id))
        .set(as(board.coordinator))
        .set('Content-Type', 'application/json')
        .send(raw);
      expect({ raw, status: response.status }).toEqual({ raw, status: 400 });
    }
    const valid = { intervalDays: 365, adherence: 'implemented_fully' };
    for (const body of [
      {},
      { ...valid, extra: true },
      { ...valid, recordedBy: admin.user.id },
      { ...valid, intervalDays: '365' },
      { ...valid, intervalDays: 30.5 },
      { ...valid, intervalDays: 0 },
      { ...valid, intervalDays: 1e12 },
      { ...valid, intervalDays: null },
      { ...valid, adherence: 7 },
      { ...valid, adherence: ['implemented_fully'] },
      { ...valid, adherence: 'x'.repeat(1000) },
      { ...valid, deviationReason: { $ne: null } },
      { ...valid, deviationDetail: 42 },
      { ...valid, outcomeNotes: 'x'.repeat(10_001) },
    ]) {
      const response = await record(board.coordinator, lapsed.id, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    const [{ count: after }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM outcome_follow_up`,
    );
    expect(after).toBe(before);
    await request(t.http).get('/health').expect(200);
  });

  it('keeps a recorded follow-up as it was: the table refuses UPDATE and DELETE', async () => {
    await expect(
      t.dataSource.query(
        `UPDATE outcome_follow_up SET adherence = 'implemented_fully', deviation_reason = NULL
         WHERE subject_id = $1 AND interval_days = 90`,
        [old.id],
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`DELETE FROM outcome_follow_up WHERE subject_id = $1`, [old.id]),
    ).rejects.toThrow(/append-only/);
    const seen = await request(t.http)
      .get(recommendationUrl(old.id))
      .set(as(board.coordinator))
      .expect(200);
    expect(seen.body.followUps[1].outcome).toMatchObject({
      adherence: 'implemented_partly',
      deviationReason: 'comorbidity',
    });
  });
});
