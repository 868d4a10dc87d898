import { Injectable } from '@nestjs/common';
import { Actor, BoardAction, BoardRole, PlatformRole, mayOnBoard } from '@app/contracts';
import { Forbidden, NotFound } from '@app/core';
import { AuthenticatedUser } from '@app/auth';
import { UnitOfWork } from '@app/persistence';
import { BoardMember } from './board-member.entity';
import { Board } from './board.entity';

export interface BoardActor extends Actor {
  userId: string;
  board: Board;
}

/** A user's place on one board, for views across all their boards. */
export interface BoardMembership {
  boardId: string;
  boardName: string;
  timezone: string;
  role: BoardRole;
}

/**
 * Loads who the caller is on a board and enforces the access matrix. A
 * non-member gets 404, exactly as for a board that does not exist, so one
 * board's existence never leaks to members of another.
 */
@Injectable()
export class BoardAccessService {
  constructor(private readonly uow: UnitOfWork) {}

  async actorOn(boardId: string, user: AuthenticatedUser): Promise<BoardActor> {
    const db = this.uow.manager;
    const board = await db.getRepository(Board).findOneBy({ id: boardId });
    const membership = board
      ? await db.getRepository(BoardMember).findOneBy({ boardId, userId: user.id })
      : null;
    const isAdmin = user.role === PlatformRole.Admin;
    if (!board || (!membership && !isAdmin)) throw new NotFound('board', boardId);
    return { board, userId: user.id, isAdmin, role: membership?.role ?? null };
  }

  async require(
    boardId: string,
    user: AuthenticatedUser,
    action: BoardAction,
  ): Promise<BoardActor> {
    const actor = await this.actorOn(boardId, user);
    this.assert(actor, action);
    return actor;
  }

  assert(actor: BoardActor, action: BoardAction): void {
    if (!mayOnBoard(actor, action)) {
      throw new Forbidden(`your role on this board (${actor.role ?? 'none'}) does not allow this`);
    }
  }

  /** Board ids the user belongs to (all boards for an admin: null). */
  async boardIdsOf(user: AuthenticatedUser): Promise<string[] | null> {
    if (user.role === PlatformRole.Admin) return null;
    const rows = await this.uow.manager.getRepository(BoardMember).findBy({ userId: user.id });
    return rows.map((row) => row.boardId);
  }

  /** Every board the user is a member of (an admin's too, only as a member), in one query. */
  async membershipsOf(userId: string): Promise<BoardMembership[]> {
    return this.uow.manager
      .getRepository(BoardMember)
      .createQueryBuilder('m')
      .innerJoin(Board, 'b', 'b.id = m.board_id')
      .select([
        'm.board_id AS "boardId"',
        'b.name AS "boardName"',
        'b.timezone AS timezone',
        'm.role AS role',
      ])
      .where('m.user_id = :userId', { userId })
      .orderBy('b.name')
      .addOrderBy('m.board_id')
      .getRawMany<BoardMembership>();
  }

  async roleOf(boardId: string, userId: string): Promise<BoardRole | null> {
    const row = await this.uow.manager.getRepository(BoardMember).findOneBy({ boardId, userId });
    return row?.role ?? null;
  }
}
