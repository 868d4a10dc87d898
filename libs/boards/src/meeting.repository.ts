import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { Meeting, MeetingSeries } from './meeting.entity';

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

  /**
   * The meeting, or null. With `lock` (inside `uow.run`), its row stays locked until the
   * transaction ends.
   */
  async find(meetingId: string, lock = false): Promise<Meeting | null> {
    return this.uow.manager.getRepository(Meeting).findOne({
      where: { id: meetingId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
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
