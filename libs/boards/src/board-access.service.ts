import { Injectable } from '@nestjs/common';
import { Actor, BoardAction, BoardRole, PlatformRole, mayOnBoard } from '@app/contracts';
import { DomainError, Forbidden, NotFound } from '@app/core';
import { AuthenticatedUser } from '@app/auth';
import { Board } from './board.entity';
import { BoardMember } from './board-member.entity';
import { BoardMembership, BoardRepository } from './board.repository';

export interface BoardActor extends Actor {
  userId: string;
  board: Board;
  /** Whether the caller votes on this board (false for a non-member admin). */
  votingRight: boolean;
}

/** What a caller asks to act on, as a non-member is told it does not exist. */
export interface AccessSubject {
  /** As the 404 names it: 'case', 'meeting', 'second opinion', … */
  kind: string;
  id: string;
  /** Someone else's private thing: a member without the right is told it does not exist either. */
  hidden?: boolean;
}

/**
 * The one access rule: who the caller is on a board, and whether they may act there. A
 * non-member gets 404, exactly as for a board that does not exist, so one board's existence
 * (or that of its cases, meetings, requests…) never leaks to members of another.
 */
@Injectable()
export class BoardAccessService {
  constructor(private readonly boardRepository: BoardRepository) {}

  /**
   * The caller on `boardId`, which holds `subject` (default: the board itself). Admins may do
   * anything; a non-member, or a board that does not exist: `NotFound` naming the subject; a
   * member whose role does not allow `action`: `Forbidden` with `refusal`, or a message naming
   * their role. Services resolve their resource to its board, then call this once.
   */
  async requireAccess(
    user: AuthenticatedUser,
    boardId: string,
    action: BoardAction,
    subject: AccessSubject = { kind: 'board', id: boardId },
    refusal?: string,
  ): Promise<BoardActor> {
    const found = await this.boardRepository.findWithMembership(boardId, user.id);
    return this.actorOn(user, found, action, subject, refusal);
  }

  /**
   * `requireAccess` on a board and membership the caller already read (with the resource that
   * names the board, in the same query): null for a board there is not.
   */
  actorOn(
    user: AuthenticatedUser,
    found: { board: Board; membership: BoardMember | null } | null,
    action: BoardAction,
    subject: AccessSubject,
    refusal?: string,
  ): BoardActor {
    const verdict = judgeAccess(
      user,
      found?.board ?? null,
      found?.membership ?? null,
      action,
      subject,
      refusal,
    );
    if (verdict instanceof DomainError) throw verdict;
    return verdict;
  }

  /**
   * `requireAccess` for several callers at once, with two queries whatever their number (the
   * board, then the callers' memberships): for each caller, in order, their actor on the board
   * or the refusal `requireAccess` would throw.
   */
  async accessOfEach(
    users: readonly AuthenticatedUser[],
    boardId: string,
    action: BoardAction,
    subject: AccessSubject = { kind: 'board', id: boardId },
  ): Promise<Array<BoardActor | DomainError>> {
    const board = await this.boardRepository.find(boardId);
    const memberships = board
      ? await this.boardRepository.membershipsOn(
          boardId,
          users.map((user) => user.id),
        )
      : [];
    const byUser = new Map(memberships.map((membership) => [membership.userId, membership]));
    return users.map((user) =>
      judgeAccess(user, board, byUser.get(user.id) ?? null, action, subject),
    );
  }

  /** Board ids the user belongs to (all boards for an admin: null), for listings. */
  async boardIdsOf(user: AuthenticatedUser): Promise<string[] | null> {
    if (user.role === PlatformRole.Admin) return null;
    const rows = await this.boardRepository.membershipsOfUser(user.id);
    return rows.map((row) => row.boardId);
  }

  /** Every board the user is a member of (an admin's too, only as a member), in one query. */
  async membershipsOf(userId: string): Promise<BoardMembership[]> {
    return this.boardRepository.membershipsWithBoards(userId);
  }

  /** Another user's role on the board (e.g. a would-be presenter's), null for a non-member. */
  async roleOf(boardId: string, userId: string): Promise<BoardRole | null> {
    const row = await this.boardRepository.membership(boardId, userId);
    return row?.role ?? null;
  }
}

/** The one rule, for one caller: their actor on the board, or the refusal they get. */
function judgeAccess(
  user: AuthenticatedUser,
  board: Board | null,
  membership: BoardMember | null,
  action: BoardAction,
  subject: AccessSubject,
  refusal?: string,
): BoardActor | DomainError {
  const isAdmin = user.role === PlatformRole.Admin;
  if (!board || (!membership && !isAdmin)) return new NotFound(subject.kind, subject.id);
  const actor: BoardActor = {
    board,
    userId: user.id,
    isAdmin,
    role: membership?.role ?? null,
    votingRight: membership?.votingRight ?? false,
  };
  if (mayOnBoard(actor, action)) return actor;
  if (subject.hidden) return new NotFound(subject.kind, subject.id);
  return new Forbidden(
    refusal ?? `your role on this board (${actor.role ?? 'none'}) does not allow this`,
  );
}
