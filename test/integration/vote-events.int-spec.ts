import { randomUUID } from 'node:crypto';
import { AuthenticatedUser } from '@app/auth';
import { AgendaService } from '@app/cases';
import { PlatformRole, ProposedRecommendation } from '@app/contracts';
import { DomainEventBus } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { VOTE_EVENTS, VoteEvent, VoteViewsService, VotesService } from '@app/voting';
import { LiveBoard, liveBoard } from '../support/live';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * A vote changed inside a transaction someone else opened (the second-opinion
 * panel opens its vote inside its own) is told to the meeting only once that
 * outermost transaction commits, and never if it rolls back.
 */
describe('vote events after the outermost commit (real PostgreSQL)', () => {
  let t: TestApp;
  let board: LiveBoard;
  let votes: VotesService;
  let views: VoteViewsService;
  let uow: UnitOfWork;
  let caseIds: string[];
  let voters: AuthenticatedUser[];
  let chair: AuthenticatedUser;
  const told: VoteEvent[] = [];

  const asUser = (id: string): AuthenticatedUser => ({
    id,
    sessionId: 'test',
    role: PlatformRole.User,
  });
  const options: ProposedRecommendation[] = [
    { text: 'Lobectomy', intent: 'curative', modalities: ['surgery'], sequence: null },
    {
      text: 'Chemoradiation',
      intent: 'curative',
      modalities: ['systemic_therapy', 'radiotherapy'],
      sequence: null,
    },
  ];
  /** Runs `work` in an outer transaction, checking that nothing was told before it committed. */
  const inOuterTransaction = <T>(work: () => Promise<T>): Promise<T> =>
    uow.run(async () => {
      const result = await work();
      expect(told).toEqual([]);
      return result;
    });
  const failingOuterTransaction = (work: () => Promise<unknown>): Promise<unknown> =>
    uow.run(async () => {
      await work();
      throw new Error('the outer operation failed after the vote changed');
    });
  const takeTold = () => told.splice(0);

  beforeAll(async () => {
    t = await startTestApp();
    board = await liveBoard(t);
    votes = t.app.get(VotesService);
    views = t.app.get(VoteViewsService);
    uow = t.app.get(UnitOfWork);
    t.app.get(DomainEventBus).subscribeTo(VOTE_EVENTS, (event) => void told.push(event));
    const coordinator = asUser(board.people.coordinator.user.id);
    const agenda = await t.app.get(AgendaService).agenda(coordinator, board.meetingId);
    caseIds = agenda.items.map((item) => item.caseId);
    chair = asUser(board.people.chair.user.id);
    voters = ['chair', 'pathologist', 'radiologist', 'surgeon'].map((who) =>
      asUser(board.people[who].user.id),
    );
  });

  afterAll(() => t.close());

  beforeEach(() => told.splice(0));

  const openLive = () =>
    votes.openLive(chair, {
      meetingId: board.meetingId,
      caseId: caseIds[0],
      agendaItemId: board.itemIds[0],
      presentUserIds: voters.map((voter) => voter.id),
      question: 'Which treatment?',
      options,
    });
  const cast = (voter: AuthenticatedUser, voteId: string, optionId: string) =>
    votes.cast(voter, voteId, { optionId, comment: null, submissionId: randomUUID() });

  it('announces a live vote opened inside an outer transaction once that transaction commits', async () => {
    const vote = await inOuterTransaction(openLive);
    expect(takeTold()).toEqual([
      {
        type: 'opened',
        voteId: vote.id,
        meetingId: board.meetingId,
        announcement: {
          voteId: vote.id,
          meetingId: board.meetingId,
          caseId: vote.caseId,
          round: vote.round,
          question: vote.question,
          options: vote.options,
          blind: vote.blind,
          eligibleCount: vote.eligible.length,
        },
      },
    ]);
  });

  it('tells ballots and the close made inside an outer transaction once it commits, and those rolled back never', async () => {
    const [vote] = await views.forCase(chair, caseIds[0]);
    const [first, second] = vote.options.map((option) => option.id);

    await expect(failingOuterTransaction(() => cast(voters[1], vote.id, first))).rejects.toThrow(
      'outer operation failed',
    );
    expect(takeTold()).toEqual([]);

    await inOuterTransaction(() => cast(voters[1], vote.id, first));
    expect(takeTold()).toEqual([
      {
        type: 'progress',
        voteId: vote.id,
        meetingId: board.meetingId,
        ballotsReceived: 1,
        eligibleCount: 4,
      },
    ]);

    await expect(failingOuterTransaction(() => votes.closeByChair(chair, vote.id))).rejects.toThrow(
      'outer operation failed',
    );
    expect(takeTold()).toEqual([]);

    await inOuterTransaction(async () => {
      await cast(voters[2], vote.id, second);
      await cast(voters[3], vote.id, second);
      await cast(voters[0], vote.id, second);
    });
    const closed = await views.view(chair, vote.id);
    expect(takeTold()).toEqual([
      expect.objectContaining({ type: 'progress', ballotsReceived: 2 }),
      expect.objectContaining({ type: 'progress', ballotsReceived: 3 }),
      {
        type: 'closed',
        voteId: vote.id,
        meetingId: board.meetingId,
        outcome: closed.results?.outcome,
        tally: closed.results?.tally,
        openedAt: new Date(closed.openedAt),
        closedAt: new Date(closed.closedAt!),
      },
    ]);
  });

  it('opens a panel vote inside the caller’s transaction: told after its commit, not at all if it rolls back', async () => {
    const panel = {
      caseId: caseIds[1],
      question: 'Which treatment does the panel recommend?',
      options,
      deadline: new Date(Date.now() + 86_400_000),
      panelUserIds: voters.slice(1).map((voter) => voter.id),
    };

    await expect(failingOuterTransaction(() => votes.openAsync(chair, panel))).rejects.toThrow(
      'outer operation failed',
    );
    expect(takeTold()).toEqual([]);
    expect(await views.forCase(chair, caseIds[1])).toEqual([]);

    const vote = await inOuterTransaction(() => votes.openAsync(chair, panel));
    expect(takeTold()).toEqual([
      { type: 'opened', voteId: vote.id, meetingId: null, announcement: null },
    ]);
  });
});
