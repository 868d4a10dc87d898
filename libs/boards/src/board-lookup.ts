import { Injectable } from '@nestjs/common';
import { And, Brackets, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { UnitOfWork } from '@app/persistence';
import { BoardMember } from './board-member.entity';
import { Board } from './board.entity';
import { Meeting } from './meeting.entity';
import { MeetingStatus } from './domain';

/**
 * Read functions over the boards lib's boards, memberships and meetings for other libs, which never name these tables themselves
 * (docs/architecture.md, "Table owners"). Inside a transaction they join it (`uow.manager`).
 */
@Injectable()
export class BoardLookup {
  constructor(private readonly uow: UnitOfWork) {}

  /** One board, or null if there is none with this id. */
  async board(boardId: string): Promise<Board | null> {
    return this.uow.manager.getRepository(Board).findOneBy({ id: boardId });
  }

  /** One meeting, or null if there is none with this id. */
  async meeting(meetingId: string): Promise<Meeting | null> {
    return this.uow.manager.getRepository(Meeting).findOneBy({ id: meetingId });
  }

  /** The board a meeting belongs to, or null for an unknown meeting, in one query. */
  async boardOfMeeting(meetingId: string): Promise<Board | null> {
    return this.uow.manager
      .getRepository(Board)
      .createQueryBuilder('b')
      .innerJoin(Meeting, 'm', 'm.board_id = b.id')
      .where('m.id = :meetingId', { meetingId })
      .getOne();
  }

  /** The board's meetings in these statuses that start from `from` (included) to `to` (excluded). */
  async meetingsStartingBetween(
    boardId: string,
    statuses: MeetingStatus[],
    from: Date,
    to: Date,
  ): Promise<Array<Pick<Meeting, 'id' | 'startsAt'>>> {
    return this.uow.manager.getRepository(Meeting).find({
      where: { boardId, status: In(statuses), startsAt: And(MoreThanOrEqual(from), LessThan(to)) },
      select: ['id', 'startsAt'],
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every membership of the board, in one query. */
  async members(boardId: string): Promise<BoardMember[]> {
    return this.uow.manager.getRepository(BoardMember).findBy({ boardId });
  }

  /** These users' memberships of the board (non-members left out), in one query. */
  async memberships(boardId: string, userIds: string[]): Promise<BoardMember[]> {
    if (userIds.length === 0) return [];
    return this.uow.manager
      .getRepository(BoardMember)
      .findBy({ boardId, userId: In([...new Set(userIds)]) });
  }

  /**
   * For worklists across boards (no access check: the caller has chosen the boards): the coming
   * meetings of these boards, scheduled or live and starting at or after `since`, soonest first.
   */
  async upcomingMeetingsOfBoards(
    boardIds: string[],
    since: Date,
    limit: number,
  ): Promise<Meeting[]> {
    if (boardIds.length === 0) return [];
    return this.upcomingMeetings(since)
      .andWhere('m.board_id IN (:...boardIds)', { boardIds })
      .orderBy('m.starts_at')
      .addOrderBy('m.id')
      .take(limit)
      .getMany();
  }

  /** Each of these boards' next meeting (scheduled or live, starting at or after `since`). */
  async nextMeetingOfBoards(boardIds: string[], since: Date): Promise<Meeting[]> {
    if (boardIds.length === 0) return [];
    return this.upcomingMeetings(since)
      .andWhere('m.board_id IN (:...boardIds)', { boardIds })
      .distinctOn(['m.board_id'])
      .orderBy('m.board_id')
      .addOrderBy('m.starts_at')
      .addOrderBy('m.id')
      .getMany();
  }

  /** Those of these meetings still to come (scheduled or live, starting at or after `since`), soonest first. */
  async upcomingMeetingsByIds(meetingIds: string[], since: Date): Promise<Meeting[]> {
    if (meetingIds.length === 0) return [];
    return this.upcomingMeetings(since)
      .andWhere('m.id IN (:...meetingIds)', { meetingIds })
      .orderBy('m.starts_at')
      .addOrderBy('m.id')
      .getMany();
  }

  /** The board's next scheduled meeting after this one (by start, then id), or null. */
  async nextScheduledMeetingAfter(meeting: Meeting): Promise<Meeting | null> {
    return this.uow.manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.board_id = :boardId', { boardId: meeting.boardId })
      .andWhere(`m.status = 'scheduled'`)
      .andWhere('m.id <> :id', { id: meeting.id })
      .andWhere(
        new Brackets((w) =>
          w
            .where('m.starts_at > :start', { start: meeting.startsAt })
            .orWhere('m.starts_at = :start AND m.id > :id'),
        ),
      )
      .orderBy('m.starts_at')
      .addOrderBy('m.id')
      .getOne();
  }

  private upcomingMeetings(since: Date) {
    return this.uow.manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.status IN (:...open)', { open: [MeetingStatus.Scheduled, MeetingStatus.Live] })
      .andWhere('m.starts_at >= :since', { since });
  }
}
