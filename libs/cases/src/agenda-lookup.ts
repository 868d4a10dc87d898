import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CaseMeetingRef } from '@app/contracts';
import { BoardLookup, Meeting } from '@app/boards';
import { UnitOfWork } from '@app/persistence';
import { AgendaItem } from './agenda-item.entity';
import { AgendaItemStatus } from './domain';

/** A meeting still counts as coming for this long after its start (it may be running late). */
export const MEETING_GRACE_MS = 4 * 3_600_000;

/** Items that still have a case before the board. */
const WAITING = [AgendaItemStatus.Pending, AgendaItemStatus.InDiscussion];

/**
 * Read-only questions about agendas for worklists across boards and cases, each answered in a
 * fixed number of queries however many cases or meetings are asked about.
 */
@Injectable()
export class AgendaLookup {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly boards: BoardLookup,
  ) {}

  /**
   * The next coming meeting (scheduled or live, from `since`) whose agenda each case is on, with
   * its board's time zone (`timezoneOf`: board id → zone, from the caller's memberships).
   */
  async nextMeetingOfCases(
    caseIds: string[],
    since: Date,
    timezoneOf: ReadonlyMap<string, string>,
  ): Promise<Map<string, CaseMeetingRef>> {
    const next = new Map<string, CaseMeetingRef>();
    if (caseIds.length === 0) return next;
    const items = await this.uow.manager.getRepository(AgendaItem).find({
      where: { caseId: In([...new Set(caseIds)]), status: In(WAITING) },
      select: ['caseId', 'meetingId'],
    });
    const meetings = await this.boards.upcomingMeetingsByIds(
      [...new Set(items.map((item) => item.meetingId))],
      since,
    );
    const casesOf = new Map<string, string[]>();
    for (const item of items)
      casesOf.set(item.meetingId, [...(casesOf.get(item.meetingId) ?? []), item.caseId]);
    // Soonest first, so the first meeting found for a case is its next one.
    for (const meeting of meetings) {
      for (const caseId of casesOf.get(meeting.id) ?? []) {
        const timezone = timezoneOf.get(meeting.boardId);
        if (!next.has(caseId) && timezone) next.set(caseId, toMeetingRef(meeting, timezone));
      }
    }
    return next;
  }

  /** The cases on each of these meetings' agendas, deferred items aside. */
  async casesOn(meetingIds: string[]): Promise<Map<string, string[]>> {
    const cases = new Map<string, string[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return cases;
    const items = await this.uow.manager.getRepository(AgendaItem).find({
      where: { meetingId: In(meetingIds), status: In([...WAITING, AgendaItemStatus.Discussed]) },
      select: ['meetingId', 'caseId'],
    });
    for (const item of items) cases.get(item.meetingId)?.push(item.caseId);
    return cases;
  }

  /** The items discussed at these meetings, in agenda order. */
  async discussedOn(
    meetingIds: string[],
  ): Promise<Array<Pick<AgendaItem, 'id' | 'meetingId' | 'caseId' | 'position'>>> {
    if (meetingIds.length === 0) return [];
    return this.uow.manager.getRepository(AgendaItem).find({
      where: { meetingId: In(meetingIds), status: AgendaItemStatus.Discussed },
      select: ['id', 'meetingId', 'caseId', 'position'],
      order: { position: 'ASC', id: 'ASC' },
    });
  }
}

export function toMeetingRef(meeting: Meeting, timezone: string): CaseMeetingRef {
  return { meetingId: meeting.id, startsAt: meeting.startsAt.toISOString(), timezone };
}
