import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BallotReceiptView, Specialty } from '@app/contracts';
import {
  Person,
  addPanelists,
  boardWithPanel,
  completeCase,
  openPanelVote,
  person,
} from '../support/clinical';
import { TestApp, bearer, startTestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newCase(t: TestApp, chair: Person, boardId: string, reference: string) {
  const created = await request(t.http)
    .post(`/api/v1/boards/${boardId}/cases`)
    .set(bearer(chair.token))
    .send(completeCase(reference))
    .expect(201);
  return created.body.id as string;
}

describe('ballots recorded in batches per vote', () => {
  let t: TestApp;
  let boardId: string;
  let coordinator: Person;
  let chair: Person;
  let observer: Person;
  let panel: Person[];

  beforeAll(async () => {
    t = await startTestApp();
    const board = await boardWithPanel(t, 'Batch Board');
    boardId = board.boardId;
    coordinator = board.coordinator;
    chair = board.members.chair;
    observer = board.members.observer;
    panel = await addPanelists(t, boardId, coordinator, 4);
  }, 120_000);

  afterAll(() => t.close());

  it('answers each ballot of one batch on its own: new, retried, changed twice, not eligible, unknown option, not on the board', async () => {
    const vote = await openPanelVote(t, chair, await newCase(t, chair, boardId, 'BB-1'), panel);
    const [surgery, chemoradiation] = vote.options.map((option) => option.id);
    const cast = (member: Person, choice: string, submissionId = randomUUID()) =>
      request(t.http)
        .post(`/api/v1/votes/${vote.id}/ballots`)
        .set(bearer(member.token))
        .send({ choice, submissionId });
    const [p0, p1, p2, p3] = panel;
    const outsider = await person(t, Specialty.Pathology);

    // Another transaction holds the vote's row: the first ballot's batch waits for it, and every
    // ballot sent meanwhile waits for the next batch. The sends are spaced so they arrive in order.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM vote WHERE id = $1 FOR UPDATE`, [vote.id]);
    const first = randomUUID();
    // A request starts when its promise is asked for.
    const send = (test: request.Test) => test.then((response) => response);
    const pending = [send(cast(p0, surgery, first))];
    await waitForLockWaiter(t);
    const p1Submission = randomUUID();
    for (const ballot of [
      () => cast(p1, surgery, p1Submission),
      () => cast(p1, surgery, p1Submission),
      () => cast(p2, chemoradiation),
      () => cast(observer, surgery),
      () => cast(p3, randomUUID()),
      () => cast(p2, surgery),
      () => cast(p2, 'abstain'),
      () => cast(p0, surgery, first),
      () => cast(outsider, surgery),
    ]) {
      pending.push(send(ballot()));
      await sleep(150);
    }
    await sleep(300);
    await holder.commitTransaction();
    await holder.release();
    const responses = await Promise.all(pending);

    expect(responses.map((response) => response.status)).toEqual([
      200, 200, 200, 200, 403, 400, 200, 200, 200, 404,
    ]);
    const receipt = (i: number) => responses[i].body as BallotReceiptView;
    expect(receipt(0)).toEqual({
      voteId: vote.id,
      ballotsReceived: 1,
      eligibleCount: 4,
      duplicate: false,
      closed: false,
    });
    // As if cast one after another: p1 votes (2 voters), p1's retry, p2 votes (3) and changes twice.
    expect(
      [1, 2, 3, 6, 7, 8].map((i) => [receipt(i).ballotsReceived, receipt(i).duplicate]),
    ).toEqual([
      [2, false],
      [2, true],
      [3, false],
      [3, false],
      [3, false],
      [3, true],
    ]);
    expect(responses[4].body).toMatchObject({
      code: 'forbidden',
      message: 'you are not eligible to vote on this case',
    });
    expect(responses[5].body).toMatchObject({ code: 'invalid_input', message: 'unknown option' });
    // Someone not on the board is told the vote does not exist, as everywhere.
    expect(responses[9].body).toMatchObject({ code: 'not_found' });

    const rows: Array<{
      voter_id: string;
      sequence: number;
      option_id: string | null;
      xmin: string;
      salt: string;
    }> = await t.dataSource.query(
      `SELECT voter_id, sequence, option_id, xmin::text AS xmin, salt FROM ballot WHERE vote_id = $1 ORDER BY id`,
      [vote.id],
    );
    expect(rows.map((row) => [row.voter_id, row.sequence, row.option_id])).toEqual([
      [p0.user.id, 1, surgery],
      [p1.user.id, 1, surgery],
      [p2.user.id, 1, chemoradiation],
      [p2.user.id, 2, surgery],
      [p2.user.id, 3, null],
    ]);
    // The first ballot was its own batch; every ballot after it was written by one transaction.
    expect(new Set(rows.slice(1).map((row) => row.xmin)).size).toBe(1);
    expect(rows[0].xmin).not.toBe(rows[1].xmin);
    // Each ballot of the batch has its own 16 random bytes of salt.
    expect(rows.every((row) => /^[0-9a-f]{32}$/.test(row.salt))).toBe(true);
    expect(new Set(rows.map((row) => row.salt)).size).toBe(rows.length);

    // Each recorded ballot is audited as its own request, its choice hidden behind its commitment.
    const audited = await t.auditLog<{ actor_id: string; request_id: string; details: object }>(
      `SELECT actor_id, request_id, details FROM audit_event
       WHERE action = 'vote.ballot_cast' AND details->>'voteId' = $1 ORDER BY seq`,
      [vote.id],
    );
    expect(audited.map((entry) => entry.actor_id)).toEqual(rows.map((row) => row.voter_id));
    expect(new Set(audited.map((entry) => entry.request_id)).size).toBe(5);
    expect(audited.map((entry) => entry.details)).toEqual(
      rows.map((row) => ({
        voteId: vote.id,
        sequence: row.sequence,
        commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
      })),
    );

    const last = await cast(p3, chemoradiation).expect(200);
    expect(last.body).toMatchObject({ ballotsReceived: 4, closed: true, duplicate: false });
    const closed = await request(t.http)
      .get(`/api/v1/votes/${vote.id}`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'all_voted' });
    expect(closed.body.results.tally).toMatchObject({
      ballotsCounted: 4,
      abstentions: 1,
      options: [
        { optionId: surgery, votes: 2 },
        { optionId: chemoradiation, votes: 1 },
      ],
    });
    await cast(p1, chemoradiation).expect(409);
    expect((await cast(p1, surgery, p1Submission).expect(200)).body).toMatchObject({
      duplicate: true,
      closed: true,
    });
  });

  describe('on two instances of the server on one database', () => {
    const PANEL = 60;
    let b: TestApp;
    let members: Person[];

    beforeAll(async () => {
      b = await startTestApp({}, { rewriteDatabaseUrl: () => t.database.url });
      members = await addPanelists(t, boardId, coordinator, PANEL);
    }, 180_000);

    afterAll(() => b?.close());

    it('counts every voter exactly once while each instance batches its own ballots', async () => {
      const vote = await openPanelVote(t, chair, await newCase(t, chair, boardId, 'BB-2'), members);
      const [surgery, chemoradiation] = vote.options.map((option) => option.id);
      const instances = [t, b];
      const cast = (on: number, member: Person, choice: string, submissionId: string) =>
        request(instances[on % 2].http)
          .post(`/api/v1/votes/${vote.id}/ballots`)
          .set(bearer(member.token))
          .send({ choice, submissionId });
      const own = (i: number) => (i % 2 === 0 ? surgery : chemoradiation);
      const other = (i: number) => (i % 2 === 0 ? chemoradiation : surgery);
      const submissions = members.map(() => randomUUID());

      // The first 50 at once on alternate instances, every third also sent to the other instance
      // with the same submission id, the first 10 voting the other way; then those 10 change
      // their minds while the retries are sent again; then the last 10 at once.
      const first = await Promise.all(
        members.slice(0, 50).flatMap((member, i) => {
          const choice = i < 10 ? other(i) : own(i);
          const sends = [cast(i, member, choice, submissions[i])];
          if (i % 3 === 0) sends.push(cast(i + 1, member, choice, submissions[i]));
          return sends;
        }),
      );
      const second = await Promise.all([
        ...members.slice(0, 10).map((member, i) => cast(i + 1, member, own(i), randomUUID())),
        ...members
          .slice(0, 50)
          .flatMap((member, i) =>
            i % 3 === 0 ? [cast(i, member, i < 10 ? other(i) : own(i), submissions[i])] : [],
          ),
      ]);
      const last = await Promise.all(
        members.slice(50).map((member, k) => cast(k, member, own(50 + k), submissions[50 + k])),
      );
      const responses = [...first, ...second, ...last];
      expect(responses.filter((response) => response.status !== 200).map((r) => r.body)).toEqual(
        [],
      );
      const receipts = responses.map((response) => response.body as BallotReceiptView);
      const retried = Math.ceil(50 / 3);
      expect(first.filter((response) => response.body.duplicate)).toHaveLength(retried);
      expect(second.filter((response) => response.body.duplicate)).toHaveLength(retried);
      expect(receipts.filter((receipt) => receipt.closed)).toHaveLength(1);

      const closed = await request(b.http)
        .get(`/api/v1/votes/${vote.id}`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'all_voted' });
      expect(closed.body.results.tally).toMatchObject({
        ballotsCounted: PANEL,
        options: [
          { optionId: surgery, votes: PANEL / 2 },
          { optionId: chemoradiation, votes: PANEL / 2 },
        ],
      });
      const [rows] = await t.dataSource.query(
        `SELECT count(*)::int AS ballots, count(DISTINCT voter_id)::int AS voters,
                count(DISTINCT (voter_id, sequence))::int AS numbered FROM ballot WHERE vote_id = $1`,
        [vote.id],
      );
      // One row per accepted submission: a first ballot each and 10 changes, none twice.
      expect(rows).toEqual({ ballots: PANEL + 10, voters: PANEL, numbered: PANEL + 10 });
    });
  });
});

/** Until a backend of this test's database waits for a row lock. */
async function waitForLockWaiter(t: TestApp): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    const [{ waiting }] = await t.dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (waiting > 0) return;
    await sleep(25);
  }
  throw new Error('no ballot batch waited for the vote’s lock');
}
