import { Injectable } from '@nestjs/common';
import { Brackets, In } from 'typeorm';
import { UnitOfWork } from '@app/persistence';
import { ClinicalCase } from './clinical-case.entity';
import { CaseStatus } from './domain';

/** The filters of a board's case list. */
export interface CaseListFilter {
  status?: string;
  priority?: string;
}

/** A board whose open cases are due by a day (`YYYY-MM-DD`, in the board's timezone). */
export interface DueBy {
  boardId: string;
  day: string;
}

/** The most cases one board's list shows. */
const BOARD_LIST_LIMIT = 500;

/**
 * Where cases (`clinical_case`) are stored. Inside a transaction every method joins it
 * (`uow.manager`), so row locks hold until it ends.
 */
@Injectable()
export class ClinicalCaseRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The case, or null; with `lock`, its row is locked until the transaction ends. */
  async find(caseId: string, lock = false): Promise<ClinicalCase | null> {
    return this.uow.manager.getRepository(ClinicalCase).findOne({
      where: { id: caseId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /**
   * The case's board and whether `userId` declared a conflict on it, in one query (each shared
   * note opened asks); null for no such case.
   */
  async boardAndConflict(
    caseId: string,
    userId: string,
  ): Promise<{ boardId: string; conflicted: boolean } | null> {
    const [row]: Array<{ board_id: string; conflicted: boolean } | undefined> =
      await this.uow.manager.query(
        `SELECT c.board_id,
                EXISTS (SELECT 1 FROM case_conflict x WHERE x.case_id = c.id AND x.user_id = $2)
                  AS conflicted
         FROM clinical_case c
         WHERE c.id = $1`,
        [caseId, userId],
      );
    return row ? { boardId: row.board_id, conflicted: row.conflicted } : null;
  }

  /** A case known to exist (an agenda item's); a missing one is a bug, not a 404. */
  async findExisting(caseId: string): Promise<ClinicalCase> {
    return this.uow.manager.getRepository(ClinicalCase).findOneByOrFail({ id: caseId });
  }

  /** A board's cases, soonest due first (undated last), then oldest. */
  async ofBoard(boardId: string, filter: CaseListFilter): Promise<ClinicalCase[]> {
    const qb = this.uow.manager
      .getRepository(ClinicalCase)
      .createQueryBuilder('c')
      .where('c.board_id = :boardId', { boardId })
      .orderBy('c.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('c.created_at')
      .take(BOARD_LIST_LIMIT);
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.priority) qb.andWhere('c.priority = :priority', { priority: filter.priority });
    return qb.getMany();
  }

  /** A board's cases in these statuses, by due date, then creation. */
  async ofBoardInStatuses(boardId: string, statuses: CaseStatus[]): Promise<ClinicalCase[]> {
    return this.uow.manager.getRepository(ClinicalCase).find({
      where: { boardId, status: In(statuses) },
      order: { dueDate: 'ASC', createdAt: 'ASC' },
    });
  }

  /** The cases this user presents on these boards, in these statuses, soonest due first. */
  async presentedBy(
    userId: string,
    boardIds: string[],
    statuses: CaseStatus[],
    limit: number,
  ): Promise<ClinicalCase[]> {
    return this.uow.manager
      .getRepository(ClinicalCase)
      .createQueryBuilder('c')
      .where('c.presenter_id = :userId', { userId })
      .andWhere('c.board_id IN (:...boardIds)', { boardIds })
      .andWhere('c.status IN (:...open)', { open: statuses })
      .orderBy('c.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('c.created_at')
      .addOrderBy('c.id')
      .take(limit)
      .getMany();
  }

  /**
   * The cases in these statuses that are due by their board's day, or are among `caseIds`,
   * soonest due first, in one query.
   */
  async dueByOrAmong(
    statuses: CaseStatus[],
    dues: DueBy[],
    caseIds: string[],
    limit: number,
  ): Promise<ClinicalCase[]> {
    return this.uow.manager
      .getRepository(ClinicalCase)
      .createQueryBuilder('c')
      .where('c.status IN (:...open)', { open: statuses })
      .andWhere(
        new Brackets((w) => {
          dues.forEach((due, i) => {
            w.orWhere(`(c.board_id = :board${i} AND c.due_date <= :day${i})`, {
              [`board${i}`]: due.boardId,
              [`day${i}`]: due.day,
            });
          });
          if (caseIds.length > 0) w.orWhere('c.id IN (:...onAgenda)', { onAgenda: caseIds });
        }),
      )
      .orderBy('c.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('c.id')
      .take(limit)
      .getMany();
  }

  /** Case id → patient reference, for these cases, in one query. */
  async patientRefs(caseIds: string[]): Promise<Map<string, string>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.uow.manager
      .getRepository(ClinicalCase)
      .find({ where: { id: In(caseIds) }, select: ['id', 'patientRef'] });
    return new Map(rows.map((row) => [row.id, row.patientRef]));
  }

  async insert(clinicalCase: ClinicalCase): Promise<void> {
    await this.uow.manager.getRepository(ClinicalCase).insert(clinicalCase);
  }

  /** Saves the whole case (its version goes up) and answers it as stored. */
  async save(clinicalCase: ClinicalCase): Promise<ClinicalCase> {
    return this.uow.manager.getRepository(ClinicalCase).save(clinicalCase);
  }

  /** Changes these columns. */
  async update(caseId: string, changes: Partial<ClinicalCase>): Promise<void> {
    await this.uow.manager.getRepository(ClinicalCase).update(caseId, changes);
  }
}
