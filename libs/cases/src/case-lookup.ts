import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '@app/persistence';
import { ClinicalCase } from './clinical-case.entity';

/**
 * Read functions over the cases lib's cases for other libs, which never name these tables themselves
 * (docs/architecture.md, "Table owners"). Inside a transaction they join it (`uow.manager`).
 */
@Injectable()
export class CaseLookup {
  constructor(private readonly uow: UnitOfWork) {}

  /** One case, or null if there is none with this id. */
  async clinicalCase(caseId: string): Promise<ClinicalCase | null> {
    return this.uow.manager.getRepository(ClinicalCase).findOneBy({ id: caseId });
  }

  /** These cases (unknown ids left out), in one query. */
  async clinicalCases(caseIds: string[]): Promise<ClinicalCase[]> {
    if (caseIds.length === 0) return [];
    return this.uow.manager.getRepository(ClinicalCase).findBy({ id: In([...new Set(caseIds)]) });
  }

  /** Locks the case's row until the transaction ends (call it inside one), without reading it. */
  async lockCase(caseId: string): Promise<void> {
    await this.uow.manager.query(`SELECT 1 FROM clinical_case WHERE id = $1 FOR UPDATE`, [caseId]);
  }
}
