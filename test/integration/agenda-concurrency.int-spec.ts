import { AuthenticatedUser } from '@app/auth';
import { BoardRole, PlatformRole, Specialty } from '@app/contracts';
import { BoardsService, MeetingsService } from '@app/boards';
import { AgendaService, CasesService } from '@app/cases';
import { TestApp, createUser, startTestApp } from '../support/test-app';
import { completeCase } from '../support/clinical';

describe('agenda under concurrency (real PostgreSQL)', () => {
  let t: TestApp;
  let agenda: AgendaService;
  let coordinators: AuthenticatedUser[];
  let meetingId: string;
  let caseIds: string[];
  let presenterId: string;

  const asUser = (id: string): AuthenticatedUser => ({
    id,
    sessionId: 'test',
    role: PlatformRole.User,
  });

  beforeAll(async () => {
    t = await startTestApp();
    agenda = t.app.get(AgendaService);
    const boards = t.app.get(BoardsService);
    const first = asUser((await createUser(t, { specialty: Specialty.OncologyNursing })).id);
    const second = asUser((await createUser(t, { specialty: Specialty.OncologyNursing })).id);
    const presenter = asUser((await createUser(t, { specialty: Specialty.MedicalOncology })).id);
    presenterId = presenter.id;
    const board = await boards.create(first, {
      name: 'Concurrency Board',
      tumourSites: ['lung'],
      institution: 'H',
      timezone: 'UTC',
    });
    await boards.addMember(first, board.id, { userId: second.id, role: BoardRole.Coordinator });
    await boards.addMember(first, board.id, { userId: presenter.id, role: BoardRole.Presenter });
    coordinators = [first, second];
    const start = `${new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)}T09:00`;
    const series = await t.app
      .get(MeetingsService)
      .schedule(first, board.id, { title: 'M', startLocal: start, durationMinutes: 60 });
    meetingId = series.meetings[0].id;
    const cases = t.app.get(CasesService);
    caseIds = [];
    for (let i = 0; i < 12; i++)
      caseIds.push((await cases.create(presenter, board.id, completeCase(`CC-${i}`) as never)).id);
  });

  afterAll(() => t.close());

  it('admits exactly as many concurrent additions as the meeting has minutes for', async () => {
    const results = await Promise.allSettled(
      caseIds.map((caseId, i) =>
        agenda.add(coordinators[i % 2], meetingId, {
          caseId,
          minutesAllotted: 10,
          presenterId,
          overrideReason: 'integration test',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(
      rejected.every((r) => /capacity|minutes/i.test(String((r.reason as Error).message))),
    ).toBe(true);
    const view = await agenda.agenda(coordinators[0], meetingId);
    expect(view.usedMinutes).toBe(60);
    expect(view.items.map((item) => item.position)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('two coordinators reordering at once never produce duplicate or missing positions', async () => {
    const ids = (await agenda.agenda(coordinators[0], meetingId)).items.map((item) => item.id);
    const shuffles = Array.from({ length: 24 }, (_, round) => {
      const order = [...ids];
      for (let i = order.length - 1; i > 0; i--) {
        const j = (round * 7 + i * 13) % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      return order;
    });
    const results = await Promise.allSettled(
      shuffles.map((order, i) => agenda.reorder(coordinators[i % 2], meetingId, order)),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const rows: Array<{ position: number }> = await t.dataSource.query(
      `SELECT position FROM agenda_item WHERE meeting_id = $1 AND status <> 'deferred' ORDER BY position`,
      [meetingId],
    );
    expect(rows.map((row) => row.position)).toEqual([1, 2, 3, 4, 5, 6]);
    const final = (await agenda.agenda(coordinators[0], meetingId)).items.map((item) => item.id);
    expect(shuffles.map((order) => order.join())).toContain(final.join());
  });

  it('keeps the uniqueness of positions in the schema itself', async () => {
    const [a, b] = (await agenda.agenda(coordinators[0], meetingId)).items;
    await expect(
      t.dataSource.query(`UPDATE agenda_item SET position = $1 WHERE id = $2`, [a.position, b.id]),
    ).rejects.toThrow(/agenda_item_position_key/);
  });
});
