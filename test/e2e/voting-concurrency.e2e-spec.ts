import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BallotReceiptView } from '@app/contracts';
import {
  Person,
  addPanelists,
  boardWithPanel,
  completeCase,
  openPanelVote,
} from '../support/clinical';
import { TestApp, bearer, startTestApp } from '../support/test-app';

const PANEL = 200;

describe('200 ballots at once, with retries and changes racing', () => {
  let t: TestApp;
  let coordinator: Person;
  let chair: Person;
  let panel: Person[];
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '10000' });
    const board = await boardWithPanel(t, 'Concurrency Board');
    coordinator = board.coordinator;
    chair = board.members.chair;
    panel = await addPanelists(t, board.boardId, coordinator, PANEL);
    const created = await request(t.http)
      .post(`/api/v1/boards/${board.boardId}/cases`)
      .set(bearer(chair.token))
      .send(completeCase('CC-200'))
      .expect(201);
    caseId = created.body.id;
  }, 300_000);

  afterAll(() => t.close());

  it('counts every eligible member exactly once, whatever arrives twice or changes', async () => {
    const vote = await openPanelVote(t, chair, caseId, panel);
    const [surgery, chemoradiation] = vote.options.map((option) => option.id);
    const cast = (member: Person, choice: string, submissionId: string) =>
      request(t.http)
        .post(`/api/v1/votes/${vote.id}/ballots`)
        .set(bearer(member.token))
        .send({ choice, submissionId });

    // Member i votes surgery when i is even. Racing in three waves (the vote closes by itself when
    // the last member has voted): the first 190 at once, every third sent twice with the same
    // submission id, the first 20 voting the other way; then those 20 change their minds while the
    // duplicates are retried; then the last 10 at once.
    const own = (i: number) => (i % 2 === 0 ? surgery : chemoradiation);
    const other = (i: number) => (i % 2 === 0 ? chemoradiation : surgery);
    const submissions = panel.map(() => randomUUID());
    const first = panel.slice(0, 190).flatMap((member, i) => {
      const choice = i < 20 ? other(i) : own(i);
      const sends = [cast(member, choice, submissions[i])];
      if (i % 3 === 0) sends.push(cast(member, choice, submissions[i]));
      return sends;
    });
    const responses = await Promise.all(first);
    const second = await Promise.all([
      ...panel.slice(0, 20).map((member, i) => cast(member, own(i), randomUUID())),
      ...panel
        .slice(0, 190)
        .flatMap((member, i) =>
          i % 3 === 0 ? [cast(member, i < 20 ? other(i) : own(i), submissions[i])] : [],
        ),
    ]);
    const last = await Promise.all(
      panel.slice(190).map((member, k) => cast(member, own(190 + k), submissions[190 + k])),
    );
    responses.push(...second, ...last);
    expect(responses.filter((response) => response.status !== 200).map((r) => r.body)).toEqual([]);
    const receipts = responses.map((response) => response.body as BallotReceiptView);
    expect(receipts.filter((receipt) => receipt.closed)).toHaveLength(1);

    const closed = await request(t.http)
      .get(`/api/v1/votes/${vote.id}`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closeReason: 'all_voted',
      ballotsReceived: 200,
    });
    expect(closed.body.results.tally).toMatchObject({
      ballotsCounted: 200,
      options: [
        { optionId: surgery, votes: 100 },
        { optionId: chemoradiation, votes: 100 },
      ],
    });
    const [rows] = await t.dataSource.query(
      `SELECT count(*)::int AS ballots, count(DISTINCT voter_id)::int AS voters FROM ballot WHERE vote_id = $1`,
      [vote.id],
    );
    // One row per accepted submission: 200 first ballots and 20 changes, no duplicate.
    expect(rows).toEqual({ ballots: 220, voters: 200 });
  });
});
