import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '@app/persistence';
import { CaseRecord } from './case-record.entity';

/** What readiness reads of a record. */
export type RecordFact = Pick<CaseRecord, 'caseId' | 'kind' | 'recordDate'>;

/** Where a case's records (`case_record`) are stored; their files live in the RecordStore. */
@Injectable()
export class CaseRecordRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The record if it belongs to this case, else null. */
  async find(caseId: string, recordId: string): Promise<CaseRecord | null> {
    return this.uow.manager.getRepository(CaseRecord).findOneBy({ id: recordId, caseId });
  }

  /** The case's imaging study record of this StudyInstanceUID, or null if the case has none. */
  async imagingStudy(caseId: string, studyInstanceUid: string): Promise<CaseRecord | null> {
    return this.uow.manager
      .getRepository(CaseRecord)
      .createQueryBuilder('record')
      .where('record.caseId = :caseId', { caseId })
      .andWhere('record.kind = :kind', { kind: 'imaging_study' })
      .andWhere(`record.dicom ->> 'studyInstanceUid' = :studyInstanceUid`, { studyInstanceUid })
      .orderBy('record.createdAt', 'ASC')
      .getOne();
  }

  /** The case's records, latest record date first, then latest added. */
  async ofCase(caseId: string): Promise<CaseRecord[]> {
    return this.uow.manager.getRepository(CaseRecord).find({
      where: { caseId },
      order: { recordDate: 'DESC', createdAt: 'DESC' },
    });
  }

  /** What readiness needs of one case's records. */
  async factsOf(caseId: string): Promise<Array<Omit<RecordFact, 'caseId'>>> {
    return this.uow.manager
      .getRepository(CaseRecord)
      .find({ where: { caseId }, select: ['kind', 'recordDate'] });
  }

  /** What readiness needs of these cases' records, in one query. */
  async factsOfCases(caseIds: string[]): Promise<RecordFact[]> {
    return this.uow.manager.getRepository(CaseRecord).find({
      where: { caseId: In(caseIds) },
      select: ['caseId', 'kind', 'recordDate'],
    });
  }

  async insert(record: CaseRecord): Promise<void> {
    await this.uow.manager.getRepository(CaseRecord).insert(record);
  }

  async delete(recordId: string): Promise<void> {
    await this.uow.manager.getRepository(CaseRecord).delete(recordId);
  }
}
