import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '@app/persistence';
import { ReadinessTemplateRow } from './readiness-template.entity';

/** Where boards' readiness checklists (`readiness_template`) are stored; a board without one uses the default. */
@Injectable()
export class ReadinessTemplateRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async ofBoard(boardId: string): Promise<ReadinessTemplateRow | null> {
    return this.uow.manager.getRepository(ReadinessTemplateRow).findOneBy({ boardId });
  }

  /** These boards' checklists (boards without one left out), in one query. */
  async ofBoards(boardIds: string[]): Promise<ReadinessTemplateRow[]> {
    return this.uow.manager.getRepository(ReadinessTemplateRow).findBy({ boardId: In(boardIds) });
  }

  /** Stores the board's checklist, replacing the one it had. */
  async save(template: ReadinessTemplateRow): Promise<void> {
    await this.uow.manager.getRepository(ReadinessTemplateRow).upsert(template, ['boardId']);
  }
}
