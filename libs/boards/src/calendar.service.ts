import { Inject, Injectable } from '@nestjs/common';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { BoardAction, CalendarFeedView, PlatformRole, UserStatus } from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import {
  Clock,
  DomainEventBus,
  NotFound,
  composeToken,
  newId,
  parseToken,
  secretMatches,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { BoardAccessService } from './board-access.service';
import { BoardRepository } from './board.repository';
import { BOARDS_SETTINGS, BoardsSettings } from './boards-settings';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { MeetingStatus } from './domain';
import { MeetingRepository } from './meeting.repository';

const FEED_PAST_DAYS = 60;
const FEED_FUTURE_DAYS = 400;
const FEED_MAX_MEETINGS = 2_000;

@Injectable()
export class CalendarService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly access: BoardAccessService,
    private readonly feedRepository: CalendarFeedRepository,
    private readonly boardRepository: BoardRepository,
    private readonly meetingRepository: MeetingRepository,
    private readonly users: UserLookup,
    @Inject(BOARDS_SETTINGS) private readonly settings: BoardsSettings,
    private readonly clock: Clock,
  ) {}

  async createBoardFeed(user: AuthenticatedUser, boardId: string): Promise<CalendarFeedView> {
    await this.access.requireAccess(user, boardId, BoardAction.View);
    return this.create(user, 'board', boardId);
  }

  async createUserFeed(user: AuthenticatedUser): Promise<CalendarFeedView> {
    return this.create(user, 'user', null);
  }

  async listMine(user: AuthenticatedUser): Promise<CalendarFeedView[]> {
    const feeds = await this.feedRepository.ofOwner(user.id);
    return feeds.map(toFeedView);
  }

  /** The owner, the board's coordinators, or an admin may revoke a feed. */
  async revoke(user: AuthenticatedUser, feedId: string): Promise<CalendarFeedView> {
    return this.uow.run(async () => {
      const feed = await this.feedRepository.find(feedId);
      if (!feed) throw new NotFound('calendar feed', feedId);
      if (feed.ownerId !== user.id && user.role !== PlatformRole.Admin) {
        // Someone else's feed does not exist to anyone but the coordinators of its board.
        if (!feed.boardId) throw new NotFound('calendar feed', feedId);
        await this.access.requireAccess(user, feed.boardId, BoardAction.Manage, {
          kind: 'calendar feed',
          id: feedId,
          hidden: true,
        });
      }
      if (feed.revokedAt) return toFeedView(feed);
      feed.revokedAt = this.clock.now();
      await this.feedRepository.markRevoked(feed.id, feed.revokedAt);
      await this.events.publish({
        type: 'domain',
        action: 'calendar_feed.revoked',
        targetType: 'calendar_feed',
        targetId: feed.id,
      });
      return toFeedView(feed);
    });
  }

  /**
   * Renders the iCalendar text for a feed URL token, or throws NotFound for
   * anything wrong (unknown, revoked, owner gone): a feed URL must not act as
   * an oracle. Meeting times and titles only: no patient data in calendars.
   */
  async render(token: string): Promise<string> {
    const parsed = parseToken(token);
    if (!parsed) throw new NotFound('calendar feed');
    const feed = await this.feedRepository.find(parsed.id);
    if (!feed || feed.revokedAt || !secretMatches(parsed.secret, feed.secretHash))
      throw new NotFound('calendar feed');
    const owner = await this.users.summary(feed.ownerId);
    if (!owner || owner.status !== UserStatus.Active) throw new NotFound('calendar feed');

    const memberships = await this.boardRepository.membershipsOfUser(owner.id);
    const memberOf = new Set(memberships.map((row) => row.boardId));
    const boardIds =
      feed.scope === 'board'
        ? feed.boardId && (memberOf.has(feed.boardId) || owner.role === PlatformRole.Admin)
          ? [feed.boardId]
          : []
        : [...memberOf];
    if (feed.scope === 'board' && boardIds.length === 0) throw new NotFound('calendar feed');

    const boards = boardIds.length ? await this.boardRepository.findMany(boardIds) : [];
    const boardName = new Map(boards.map((board) => [board.id, board.name]));
    const now = this.clock.now().getTime();
    const meetings = boardIds.length
      ? await this.meetingRepository.ofBoardsStartingBetween(
          boardIds,
          new Date(now - FEED_PAST_DAYS * 86_400_000),
          new Date(now + FEED_FUTURE_DAYS * 86_400_000),
          FEED_MAX_MEETINGS,
        )
      : [];

    const calendar = ical({
      name:
        feed.scope === 'board'
          ? `${boardName.get(boardIds[0]) ?? 'Tumor board'} meetings`
          : 'My tumor boards',
      prodId: { company: 'tumor-board', product: 'tumor-board-server', language: 'EN' },
      method: ICalCalendarMethod.PUBLISH,
      ttl: 15 * 60,
    });
    for (const meeting of meetings) {
      const name = boardName.get(meeting.boardId) ?? 'Tumor board';
      calendar.createEvent({
        id: `${meeting.id}@tumor-board`,
        start: meeting.startsAt,
        end: meeting.endsAt,
        summary: `${name}: ${meeting.title}`,
        description:
          'Tumor board meeting. Cases and patient details are available in the application only.',
        url: `${this.settings.publicUrl}/meetings/${meeting.id}`,
        status:
          meeting.status === MeetingStatus.Cancelled
            ? ICalEventStatus.CANCELLED
            : ICalEventStatus.CONFIRMED,
        sequence:
          Math.floor(meeting.updatedAt.getTime() / 1000) -
          Math.floor(meeting.createdAt.getTime() / 1000),
        stamp: meeting.updatedAt,
      });
    }
    return calendar.toString();
  }

  private async create(
    user: AuthenticatedUser,
    scope: 'board' | 'user',
    boardId: string | null,
  ): Promise<CalendarFeedView> {
    return this.uow.run(async () => {
      const id = newId();
      const { token, secretHash } = composeToken(id);
      const feed: CalendarFeed = {
        id,
        scope,
        boardId,
        ownerId: user.id,
        secretHash,
        createdAt: this.clock.now(),
        revokedAt: null,
      };
      await this.feedRepository.insert(feed);
      await this.events.publish({
        type: 'domain',
        action: 'calendar_feed.created',
        targetType: 'calendar_feed',
        targetId: id,
        details: { scope, boardId },
      });
      return {
        ...toFeedView(feed),
        url: `${this.settings.publicUrl}/api/v1/calendar/${token}.ics`,
      };
    });
  }
}

function toFeedView(feed: CalendarFeed): CalendarFeedView {
  return {
    id: feed.id,
    scope: feed.scope,
    boardId: feed.boardId,
    createdAt: feed.createdAt.toISOString(),
    revokedAt: feed.revokedAt?.toISOString() ?? null,
  };
}
