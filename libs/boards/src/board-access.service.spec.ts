import { BoardAction, BoardRole, PlatformRole } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { Forbidden, NotFound } from '@app/core';
import { BoardAccessService } from './board-access.service';
import { Board } from './board.entity';
import { BoardRepository } from './board.repository';

const BOARD = { id: 'board-1', name: 'Thoracic' } as Board;

/** A board with these members (user id → role), read through a repository of four methods. */
function accessWith(members: Record<string, BoardRole>): BoardAccessService {
  const membership = (boardId: string, userId: string) =>
    boardId === BOARD.id && members[userId]
      ? {
          boardId,
          userId,
          role: members[userId],
          votingRight: members[userId] !== BoardRole.Observer,
        }
      : null;
  const repository = {
    find: async (boardId: string) => (boardId === BOARD.id ? BOARD : null),
    membership: async (boardId: string, userId: string) => membership(boardId, userId),
    findWithMembership: async (boardId: string, userId: string) =>
      boardId === BOARD.id ? { board: BOARD, membership: membership(boardId, userId) } : null,
    membershipsOn: async (boardId: string, userIds: readonly string[]) =>
      userIds.flatMap((userId) => membership(boardId, userId) ?? []),
  };
  return new BoardAccessService(repository as unknown as BoardRepository);
}

const user = (id: string, role = PlatformRole.User) => ({ id, role }) as AuthenticatedUser;

describe('BoardAccessService.requireAccess: the one access rule', () => {
  const access = accessWith({ coord: BoardRole.Coordinator, obs: BoardRole.Observer });

  it('lets a member whose role allows the action through, with who they are on the board', async () => {
    await expect(
      access.requireAccess(user('coord'), BOARD.id, BoardAction.Manage),
    ).resolves.toEqual({
      board: BOARD,
      userId: 'coord',
      isAdmin: false,
      role: BoardRole.Coordinator,
      votingRight: true,
    });
    await expect(
      access.requireAccess(user('obs'), BOARD.id, BoardAction.View),
    ).resolves.toMatchObject({ role: BoardRole.Observer });
  });

  it('lets an admin do anything, member or not', async () => {
    await expect(
      access.requireAccess(user('root', PlatformRole.Admin), BOARD.id, BoardAction.Manage),
    ).resolves.toEqual({
      board: BOARD,
      userId: 'root',
      isAdmin: true,
      role: null,
      votingRight: false,
    });
  });

  it('refuses a member whose role does not allow the action: 403 naming the role, or the caller’s words', async () => {
    const refused = access.requireAccess(user('obs'), BOARD.id, BoardAction.Manage);
    await expect(refused).rejects.toBeInstanceOf(Forbidden);
    await expect(refused).rejects.toThrow('your role on this board (observer) does not allow this');
    await expect(
      access.requireAccess(
        user('obs'),
        BOARD.id,
        BoardAction.RunMeeting,
        { kind: 'vote', id: 'vote-1' },
        'only the chair or a coordinator closes a vote',
      ),
    ).rejects.toThrow(new Forbidden('only the chair or a coordinator closes a vote'));
  });

  it('tells a non-member the board does not exist, as for a board that does not', async () => {
    await expect(
      access.requireAccess(user('stranger'), BOARD.id, BoardAction.View),
    ).rejects.toThrow(new NotFound('board', BOARD.id));
    await expect(access.requireAccess(user('coord'), 'board-2', BoardAction.View)).rejects.toThrow(
      new NotFound('board', 'board-2'),
    );
    await expect(
      access.requireAccess(user('root', PlatformRole.Admin), 'board-2', BoardAction.View),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('names the subject the caller came for in the 404', async () => {
    const subject = { kind: 'case', id: 'case-1' };
    const outsider = access.requireAccess(user('stranger'), BOARD.id, BoardAction.View, subject);
    await expect(outsider).rejects.toBeInstanceOf(NotFound);
    await expect(outsider).rejects.toThrow('case case-1 not found');
    await expect(
      access.requireAccess(user('coord'), 'board-2', BoardAction.View, subject),
    ).rejects.toThrow('case case-1 not found');
  });

  it('hides a hidden subject from members without the right too', async () => {
    const feed = { kind: 'calendar feed', id: 'feed-1', hidden: true };
    await expect(
      access.requireAccess(user('obs'), BOARD.id, BoardAction.Manage, feed),
    ).rejects.toThrow(new NotFound('calendar feed', 'feed-1'));
    await expect(
      access.requireAccess(user('coord'), BOARD.id, BoardAction.Manage, feed),
    ).resolves.toMatchObject({ role: BoardRole.Coordinator });
  });
});

describe('BoardAccessService.accessOfEach: the same rule for several callers at once', () => {
  const access = accessWith({ coord: BoardRole.Coordinator, obs: BoardRole.Observer });
  const subject = { kind: 'vote', id: 'vote-1' };

  it('gives each caller, in order, what requireAccess would give or throw', async () => {
    const callers = [
      user('obs'),
      user('stranger'),
      user('root', PlatformRole.Admin),
      user('coord'),
      user('obs'),
    ];
    const verdicts = await access.accessOfEach(callers, BOARD.id, BoardAction.RunMeeting, subject);
    expect(verdicts[0]).toEqual(
      new Forbidden('your role on this board (observer) does not allow this'),
    );
    expect(verdicts[1]).toEqual(new NotFound('vote', 'vote-1'));
    expect(verdicts[2]).toMatchObject({ userId: 'root', isAdmin: true, role: null });
    expect(verdicts[3]).toMatchObject({ userId: 'coord', role: BoardRole.Coordinator });
    expect(verdicts[4]).toEqual(verdicts[0]);
    for (const [i, caller] of callers.entries()) {
      const alone = access.requireAccess(caller, BOARD.id, BoardAction.RunMeeting, subject);
      if (verdicts[i] instanceof Error) await expect(alone).rejects.toEqual(verdicts[i]);
      else await expect(alone).resolves.toEqual(verdicts[i]);
    }
  });

  it('tells every caller a board that does not exist is not found, admins too', async () => {
    const verdicts = await access.accessOfEach(
      [user('coord'), user('root', PlatformRole.Admin)],
      'board-2',
      BoardAction.View,
      subject,
    );
    expect(verdicts).toEqual([new NotFound('vote', 'vote-1'), new NotFound('vote', 'vote-1')]);
  });
});
