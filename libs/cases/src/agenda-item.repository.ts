import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { AgendaItem } from './agenda-item.entity';

/**
 * Where agenda items (`agenda_item`) are stored. Inside a transaction every method joins it
 * (`uow.manager`); agenda changes take the meeting's row lock first (MeetingsService.lockForUpdate).
 */
@Injectable()
export class AgendaItemRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async find(itemId: string): Promise<AgendaItem | null> {
    return this.uow.manager.getRepository(AgendaItem).findOneBy({ id: itemId });
  }

  /** The meeting's items still on its agenda (deferred ones aside), in agenda order. */
  async liveOf(meetingId: string): Promise<AgendaItem[]> {
    return this.uow.manager
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .where('i.meeting_id = :meetingId', { meetingId })
      .andWhere(`i.status <> 'deferred'`)
      .orderBy('i.position')
      .getMany();
  }

  /** Every item of the meeting, deferred ones included, by position then by when added. */
  async allOf(meetingId: string): Promise<AgendaItem[]> {
    return this.uow.manager
      .getRepository(AgendaItem)
      .find({ where: { meetingId }, order: { position: 'ASC', addedAt: 'ASC' } });
  }

  async insert(item: AgendaItem): Promise<void> {
    await this.uow.manager.getRepository(AgendaItem).insert(item);
  }

  async update(itemId: string, changes: Partial<AgendaItem>): Promise<void> {
    await this.uow.manager.getRepository(AgendaItem).update(itemId, changes);
  }

  async delete(itemId: string): Promise<void> {
    await this.uow.manager.getRepository(AgendaItem).delete(itemId);
  }
}
