import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { BoardMember } from './board-member.entity';
import { Board } from './board.entity';
import { Meeting, MeetingSeries } from './meeting.entity';

/** A meeting with its board and one user's membership of that board (null: not a member). */
export interface MeetingOnBoard {
  meeting: Meeting;
  board: Board;
  membership: BoardMember | null;
}

export interface MeetingQuery {
  from?: Date;
  to?: Date;
  includeCancelled?: boolean;
}

/** The most meetings one board's list shows. */
const BOARD_LIST_LIMIT = 500;

/**
 * Where meetings and the series that scheduled them (`meeting`, `meeting_series`) are stored.
 * Inside a transaction every method joins it (`uow.manager`), so row locks hold until it ends.
 */
@Injectable()
export class MeetingRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The meeting, or null; its row stays locked until the transaction (`uow.run`) ends. */
  async lock(meetingId: string): Promise<Meeting | null> {
    return this.uow.manager
      .getRepository(Meeting)
      .findOne({ where: { id: meetingId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The meeting, its board and the user's membership of it, in one query; null for no such meeting. */
  async findOnBoard(meetingId: string, userId: string): Promise<MeetingOnBoard | null> {
    const found = await this.uow.manager
      .getRepository(Meeting)
      .createQueryBuilder('mt')
      .innerJoinAndMapOne('mt.board', Board, 'b', 'b.id = mt.board_id')
      .leftJoinAndMapOne(
        'mt.membership',
        BoardMember,
        'm',
        'm.board_id = mt.board_id AND m.user_id = :userId',
        { userId },
      )
      .where('mt.id = :meetingId', { meetingId })
      .getOne();
    if (!found) return null;
    const { board, membership, ...columns } = found as Meeting & {
      board: Board;
      membership?: BoardMember;
    };
    return {
      meeting: Object.assign(new Meeting(), columns),
      board,
      membership: membership ?? null,
    };
  }

  /** A board's meetings in a window, by start (at most `BOARD_LIST_LIMIT`). */
  async ofBoard(boardId: string, query: MeetingQuery): Promise<Meeting[]> {
    const qb = this.uow.manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.board_id = :boardId', { boardId })
      .orderBy('m.starts_at')
      .take(BOARD_LIST_LIMIT);
    if (query.from) qb.andWhere('m.ends_at > :from', { from: query.from });
    if (query.to) qb.andWhere('m.starts_at < :to', { to: query.to });
    if (!query.includeCancelled) qb.andWhere(`m.status <> 'cancelled'`);
    return qb.getMany();
  }

  /** These boards' meetings starting in [from, to), by start, at most `limit`. */
  async ofBoardsStartingBetween(
    boardIds: string[],
    from: Date,
    to: Date,
    limit: number,
  ): Promise<Meeting[]> {
    return this.uow.manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.board_id IN (:...boardIds)', { boardIds })
      .andWhere('m.starts_at >= :from AND m.starts_at < :to', { from, to })
      .orderBy('m.starts_at')
      .take(limit)
      .getMany();
  }

  async insertSeries(series: MeetingSeries, meetings: Meeting[]): Promise<void> {
    await this.uow.manager.getRepository(MeetingSeries).insert(series);
    await this.uow.manager.getRepository(Meeting).insert(meetings);
  }

  async update(meetingId: string, changes: Partial<Meeting>): Promise<void> {
    await this.uow.manager.getRepository(Meeting).update(meetingId, changes);
  }
}
