import { Injectable } from '@nestjs/common';
import { BoardRole, PlatformRole } from '@app/contracts';
import { Forbidden, NotFound } from '@app/core';
import { AuthenticatedUser } from '@app/auth';
import { UnitOfWork } from '@app/persistence';
import { Actor, BoardAction, mayOnBoard } from './board-access';
import { BoardMember } from './board-member.entity';
import { Board } from './board.entity';

export interface BoardActor extends Actor {
  userId: string;
  board: Board;
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

  async roleOf(boardId: string, userId: string): Promise<BoardRole | null> {
    const row = await this.uow.manager.getRepository(BoardMember).findOneBy({ boardId, userId });
    return row?.role ?? null;
  }
}
