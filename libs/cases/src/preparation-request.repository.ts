import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CasePriority, CaseStatusName, PreparationWorklistFilter, Specialty } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { ClinicalCase } from './clinical-case.entity';
import { CaseStatus } from './domain';
import { PreparationRequest } from './preparation-request.entity';

/** What readiness reads of a preparation request. */
export type PreparationFactRow = Pick<
  PreparationRequest,
  'id' | 'caseId' | 'specialty' | 'kind' | 'status' | 'requestedAt' | 'finding'
>;

const PREPARATION_FACTS: Array<keyof PreparationFactRow> = [
  'id',
  'caseId',
  'specialty',
  'kind',
  'status',
  'requestedAt',
  'finding',
];

/** Whose requests a worklist shows, and which. */
export interface WorklistQuery {
  userId: string;
  /** The user's specialty: requests asked of it are theirs too. */
  specialty: Specialty;
  boardIds: string[];
  status: PreparationWorklistFilter;
  /** Cases whose open requests are left out. */
  closedCases: CaseStatus[];
  limit: number;
}

/** A worklist entry: the request with what the worklist shows of its case. */
export interface WorklistEntry {
  request: PreparationRequest;
  patientRef: string;
  caseStatus: CaseStatusName;
  casePriority: CasePriority;
  caseDueDate: string | null;
}

/** The case columns the worklist query adds to each request, and the count of all matches. */
interface WorklistRow {
  p_id: string;
  patient_ref: string;
  case_status: CaseStatusName;
  case_priority: CasePriority;
  case_due_date: string | null;
  total: string;
}

/**
 * Where preparation requests (`preparation_request`) are stored. Inside a transaction every
 * method joins it (`uow.manager`), so row locks hold until it ends.
 */
@Injectable()
export class PreparationRequestRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async find(requestId: string): Promise<PreparationRequest | null> {
    return this.uow.manager.getRepository(PreparationRequest).findOneBy({ id: requestId });
  }

  /** A request known to exist, locked until the transaction ends. */
  async lockExisting(requestId: string): Promise<PreparationRequest> {
    return this.uow.manager
      .getRepository(PreparationRequest)
      .findOneOrFail({ where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A case's requests, oldest first. */
  async ofCase(caseId: string): Promise<PreparationRequest[]> {
    return this.uow.manager
      .getRepository(PreparationRequest)
      .find({ where: { caseId }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  /** The specialty and kind of each request still open on the case. */
  async openOfCase(caseId: string): Promise<Array<Pick<PreparationRequest, 'specialty' | 'kind'>>> {
    return this.uow.manager
      .getRepository(PreparationRequest)
      .find({ where: { caseId, status: 'open' }, select: ['specialty', 'kind'] });
  }

  /** What readiness needs of one case's requests. */
  async factsOf(caseId: string): Promise<PreparationFactRow[]> {
    return this.uow.manager
      .getRepository(PreparationRequest)
      .find({ where: { caseId }, select: PREPARATION_FACTS });
  }

  /** What readiness needs of these cases' requests, in one query. */
  async factsOfCases(caseIds: string[]): Promise<PreparationFactRow[]> {
    return this.uow.manager
      .getRepository(PreparationRequest)
      .find({ where: { caseId: In(caseIds) }, select: PREPARATION_FACTS });
  }

  async insert(request: PreparationRequest): Promise<void> {
    await this.uow.manager.getRepository(PreparationRequest).insert(request);
  }

  async update(requestId: string, changes: Partial<PreparationRequest>): Promise<void> {
    await this.uow.manager.getRepository(PreparationRequest).update(requestId, changes);
  }

  /**
   * One page of a worklist with its case's facts, oldest due first, and how many match in all,
   * in one query: requests on these boards asked of the specialty or of the user by name (and,
   * unless only open ones are asked for, those the user completed).
   */
  async worklist(query: WorklistQuery): Promise<{ total: number; entries: WorklistEntry[] }> {
    const { userId, specialty, status } = query;
    const mine = ['p.specialty = :specialty', 'p.assignee_id = :userId'];
    if (status !== 'open') mine.push('p.completed_by = :userId');
    const qb = this.uow.manager
      .getRepository(PreparationRequest)
      .createQueryBuilder('p')
      .innerJoin(ClinicalCase, 'c', 'c.id = p.case_id')
      .select('p')
      .addSelect('c.patient_ref', 'patient_ref')
      .addSelect('c.status', 'case_status')
      .addSelect('c.priority', 'case_priority')
      .addSelect(`to_char(c.due_date, 'YYYY-MM-DD')`, 'case_due_date')
      .addSelect('count(*) OVER ()', 'total')
      .where('p.board_id IN (:...boardIds)', { boardIds: query.boardIds })
      .andWhere(`(${mine.join(' OR ')})`, { specialty, userId })
      .orderBy('c.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('p.requested_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(query.limit);
    if (status !== 'all') qb.andWhere('p.status = :status', { status });
    if (status === 'open')
      qb.andWhere('c.status NOT IN (:...closed)', { closed: query.closedCases });
    const { entities, raw } = await qb.getRawAndEntities<WorklistRow>();
    if (entities.length === 0) return { total: 0, entries: [] };
    const rowOf = new Map(raw.map((row) => [row.p_id, row]));
    const entries = entities.map((request): WorklistEntry => {
      const row = rowOf.get(request.id)!;
      return {
        request,
        patientRef: row.patient_ref,
        caseStatus: row.case_status,
        casePriority: row.case_priority,
        caseDueDate: row.case_due_date,
      };
    });
    return { total: Number(raw[0].total), entries };
  }
}
