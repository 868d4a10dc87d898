import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { BoardRole } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { BoardMember } from './board-member.entity';
import { Board } from './board.entity';

/** A user's place on one board, for views across all their boards. */
export interface BoardMembership {
  boardId: string;
  boardName: string;
  timezone: string;
  role: BoardRole;
}

/** A board as it is founded: its columns but those the database sets. */
export type NewBoard = Omit<Board, 'createdAt' | 'updatedAt'>;

/**
 * Where boards and their memberships (`board`, `board_member`) are stored. Inside a transaction
 * every method joins it (`uow.manager`), so row locks hold until it ends.
 */
@Injectable()
export class BoardRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async find(boardId: string): Promise<Board | null> {
    return this.uow.manager.getRepository(Board).findOneBy({ id: boardId });
  }

  /** The board and the user's membership of it, in one query; null for a board there is not. */
  async findWithMembership(
    boardId: string,
    userId: string,
  ): Promise<{ board: Board; membership: BoardMember | null } | null> {
    const found = await this.uow.manager
      .getRepository(Board)
      .createQueryBuilder('b')
      .leftJoinAndMapOne(
        'b.membership',
        BoardMember,
        'm',
        'm.board_id = b.id AND m.user_id = :userId',
        {
          userId,
        },
      )
      .where('b.id = :boardId', { boardId })
      .getOne();
    if (!found) return null;
    const { membership, ...columns } = found as Board & { membership?: BoardMember };
    return { board: Object.assign(new Board(), columns), membership: membership ?? null };
  }

  /** The board row, locked until the transaction ends; null if there is none. */
  async lock(boardId: string): Promise<Board | null> {
    return this.uow.manager
      .getRepository(Board)
      .findOne({ where: { id: boardId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Every board, or these ones (`null`: all), by name. */
  async listByName(boardIds: string[] | null): Promise<Board[]> {
    const qb = this.uow.manager.getRepository(Board).createQueryBuilder('b').orderBy('b.name');
    if (boardIds !== null) qb.where('b.id IN (:...ids)', { ids: boardIds });
    return qb.getMany();
  }

  async findMany(boardIds: string[]): Promise<Board[]> {
    return this.uow.manager.getRepository(Board).findBy({ id: In(boardIds) });
  }

  /** Stores a new board and answers it with the columns the database set. */
  async insert(fields: NewBoard): Promise<Board> {
    const boards = this.uow.manager.getRepository(Board);
    return boards.save(boards.create(fields));
  }

  async save(board: Board): Promise<Board> {
    return this.uow.manager.getRepository(Board).save(board);
  }

  async membership(boardId: string, userId: string): Promise<BoardMember | null> {
    return this.uow.manager.getRepository(BoardMember).findOneBy({ boardId, userId });
  }

  /**
   * The memberships of those of `userIds` who are on the board, in one query with the ids as one
   * array parameter (a ballot batch names hundreds).
   */
  async membershipsOn(boardId: string, userIds: readonly string[]): Promise<BoardMember[]> {
    return this.uow.manager
      .getRepository(BoardMember)
      .createQueryBuilder('m')
      .where('m.board_id = :boardId', { boardId })
      .andWhere('m.user_id = ANY(CAST(:userIds AS uuid[]))', { userIds: [...new Set(userIds)] })
      .getMany();
  }

  /** The user's membership rows, one per board. */
  async membershipsOfUser(userId: string): Promise<BoardMember[]> {
    return this.uow.manager.getRepository(BoardMember).findBy({ userId });
  }

  /** The user's memberships with each board's name and timezone, by board name, in one query. */
  async membershipsWithBoards(userId: string): Promise<BoardMembership[]> {
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

  /** The board's members (or the one given), in no particular order. */
  async members(boardId: string, userId?: string): Promise<BoardMember[]> {
    return this.uow.manager
      .getRepository(BoardMember)
      .findBy(userId ? { boardId, userId } : { boardId });
  }

  async countCoordinators(boardId: string): Promise<number> {
    return this.uow.manager
      .getRepository(BoardMember)
      .countBy({ boardId, role: BoardRole.Coordinator });
  }

  async insertMember(member: BoardMember): Promise<void> {
    await this.uow.manager.getRepository(BoardMember).insert(member);
  }

  async updateMember(
    boardId: string,
    userId: string,
    changes: Pick<BoardMember, 'role' | 'votingRight'>,
  ): Promise<void> {
    await this.uow.manager.getRepository(BoardMember).update({ boardId, userId }, changes);
  }

  async deleteMember(boardId: string, userId: string): Promise<void> {
    await this.uow.manager.getRepository(BoardMember).delete({ boardId, userId });
  }
}
