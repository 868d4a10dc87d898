import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { CaseConflict } from './case-conflict.entity';

/** Where members' declared conflicts of interest (`case_conflict`) are stored. */
@Injectable()
export class CaseConflictRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The case's declarations, in no particular order. */
  async ofCase(caseId: string): Promise<CaseConflict[]> {
    return this.uow.manager.getRepository(CaseConflict).findBy({ caseId });
  }

  /** Records the declaration, or replaces the member's earlier one on the case. */
  async declare(conflict: CaseConflict): Promise<void> {
    await this.uow.manager.getRepository(CaseConflict).upsert(conflict, ['caseId', 'userId']);
  }

  /** Removes the member's declaration; false if there was none. */
  async withdraw(caseId: string, userId: string): Promise<boolean> {
    const result = await this.uow.manager.getRepository(CaseConflict).delete({ caseId, userId });
    return Boolean(result.affected);
  }
}
