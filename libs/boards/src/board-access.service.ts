import { Injectable } from '@nestjs/common';
import { Actor, BoardAction, BoardRole, PlatformRole, mayOnBoard } from '@app/contracts';
import { Forbidden, NotFound } from '@app/core';
import { AuthenticatedUser } from '@app/auth';
import { Board } from './board.entity';
import { BoardMembership, BoardRepository } from './board.repository';

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
  constructor(private readonly boardRepository: BoardRepository) {}

  async actorOn(boardId: string, user: AuthenticatedUser): Promise<BoardActor> {
    const board = await this.boardRepository.find(boardId);
    const membership = board ? await this.boardRepository.membership(boardId, user.id) : null;
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
    const rows = await this.boardRepository.membershipsOfUser(user.id);
    return rows.map((row) => row.boardId);
  }

  /** Every board the user is a member of (an admin's too, only as a member), in one query. */
  async membershipsOf(userId: string): Promise<BoardMembership[]> {
    return this.boardRepository.membershipsWithBoards(userId);
  }

  async roleOf(boardId: string, userId: string): Promise<BoardRole | null> {
    const row = await this.boardRepository.membership(boardId, userId);
    return row?.role ?? null;
  }
}
