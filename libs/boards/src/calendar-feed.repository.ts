import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { CalendarFeed } from './calendar-feed.entity';

/** Where calendar feeds (`calendar_feed`) are stored. Inside a transaction it joins it. */
@Injectable()
export class CalendarFeedRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async find(feedId: string): Promise<CalendarFeed | null> {
    return this.uow.manager.getRepository(CalendarFeed).findOneBy({ id: feedId });
  }

  /** The owner's feeds, newest first. */
  async ofOwner(ownerId: string): Promise<CalendarFeed[]> {
    return this.uow.manager
      .getRepository(CalendarFeed)
      .find({ where: { ownerId }, order: { createdAt: 'DESC' } });
  }

  async insert(feed: CalendarFeed): Promise<void> {
    await this.uow.manager.getRepository(CalendarFeed).insert(feed);
  }

  async markRevoked(feedId: string, revokedAt: Date): Promise<void> {
    await this.uow.manager.getRepository(CalendarFeed).update(feedId, { revokedAt });
  }
}
