import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { MissingRecordsView, ReadinessView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { Clock, DomainEventBus, InvalidInput } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CaseRecord } from './case-record.entity';
import { ClinicalCase } from './clinical-case.entity';
import {
  CaseStatus,
  DEFAULT_READINESS_TEMPLATE,
  PreparationFact,
  ReadinessCriterion,
  ReadinessResult,
  ReadinessTemplate,
  evaluateReadiness,
  validateReadinessTemplate,
} from './domain';
import { PreparationRequest } from './preparation-request.entity';
import { ReadinessTemplateRow } from './readiness-template.entity';

type RecordFact = Pick<CaseRecord, 'kind' | 'recordDate'>;

/** What readiness needs of a case's preparation requests. */
type PreparationRow = Pick<
  PreparationRequest,
  'id' | 'specialty' | 'kind' | 'status' | 'requestedAt' | 'finding'
>;

const PREPARATION_FACTS: Array<keyof PreparationRequest> = [
  'id',
  'caseId',
  'specialty',
  'kind',
  'status',
  'requestedAt',
  'finding',
];

const OPEN_STATUSES = [CaseStatus.Draft, CaseStatus.Ready, CaseStatus.Deferred];

@Injectable()
export class ReadinessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly clock: Clock,
  ) {}

  async template(user: AuthenticatedUser, boardId: string): Promise<ReadinessTemplate> {
    await this.boards.require(boardId, user, BoardAction.View);
    return this.templateOf(this.uow.manager, boardId);
  }

  async setTemplate(
    user: AuthenticatedUser,
    boardId: string,
    criteria: ReadinessCriterion[],
  ): Promise<ReadinessTemplate> {
    await this.boards.require(boardId, user, BoardAction.Manage);
    const template: ReadinessTemplate = { criteria };
    const problems = validateReadinessTemplate(template);
    if (problems.length > 0) {
      throw new InvalidInput(
        'invalid readiness checklist',
        problems.map((message) => ({ field: 'criteria', message })),
      );
    }
    return this.uow.run(async (db) => {
      await db
        .getRepository(ReadinessTemplateRow)
        .upsert({ boardId, criteria, updatedAt: this.clock.now(), updatedBy: user.id }, [
          'boardId',
        ]);
      await this.events.publish({
        type: 'domain',
        action: 'board.readiness_template_updated',
        targetType: 'board',
        targetId: boardId,
        details: { criteria: criteria.length },
      });
      return template;
    });
  }

  async templateOf(db: EntityManager, boardId: string): Promise<ReadinessTemplate> {
    const row = await db.getRepository(ReadinessTemplateRow).findOneBy({ boardId });
    return row ? { criteria: row.criteria } : DEFAULT_READINESS_TEMPLATE;
  }

  /**
   * Evaluates a case against its board's checklist and its preparation requests; pass what the
   * caller has already loaded to avoid reading it again.
   */
  async evaluate(
    db: EntityManager,
    clinicalCase: ClinicalCase,
    loaded: {
      template?: ReadinessTemplate;
      records?: RecordFact[];
      preparations?: PreparationRow[];
    } = {},
  ): Promise<ReadinessResult> {
    const records =
      loaded.records ??
      (await db
        .getRepository(CaseRecord)
        .find({ where: { caseId: clinicalCase.id }, select: ['kind', 'recordDate'] }));
    const preparations =
      loaded.preparations ??
      (await db.getRepository(PreparationRequest).find({
        where: { caseId: clinicalCase.id },
        select: PREPARATION_FACTS,
      }));
    const template = loaded.template ?? (await this.templateOf(db, clinicalCase.boardId));
    return this.evaluateLoaded(clinicalCase, template, records, preparations);
  }

  /**
   * Evaluates many cases, of any boards, in three queries (checklists, records, preparation
   * requests) whatever their number.
   */
  async evaluateMany(
    db: EntityManager,
    cases: ClinicalCase[],
  ): Promise<Map<string, ReadinessResult>> {
    const results = new Map<string, ReadinessResult>();
    if (cases.length === 0) return results;
    const caseIds = cases.map((clinicalCase) => clinicalCase.id);
    const boardIds = [...new Set(cases.map((clinicalCase) => clinicalCase.boardId))];
    const templates = await db
      .getRepository(ReadinessTemplateRow)
      .findBy({ boardId: In(boardIds) });
    const records = await db.getRepository(CaseRecord).find({
      where: { caseId: In(caseIds) },
      select: ['caseId', 'kind', 'recordDate'],
    });
    const preparations = await db.getRepository(PreparationRequest).find({
      where: { caseId: In(caseIds) },
      select: PREPARATION_FACTS,
    });
    const templateOf = new Map(templates.map((row) => [row.boardId, { criteria: row.criteria }]));
    const recordsOf = groupBy(records, (record) => record.caseId);
    const preparationsOf = groupBy(preparations, (request) => request.caseId);
    for (const clinicalCase of cases) {
      results.set(
        clinicalCase.id,
        this.evaluateLoaded(
          clinicalCase,
          templateOf.get(clinicalCase.boardId) ?? DEFAULT_READINESS_TEMPLATE,
          recordsOf.get(clinicalCase.id) ?? [],
          preparationsOf.get(clinicalCase.id) ?? [],
        ),
      );
    }
    return results;
  }

  /** Open cases of a board with what each still lacks, so the coordinator can chase it. */
  async missingRecords(user: AuthenticatedUser, boardId: string): Promise<MissingRecordsView[]> {
    await this.boards.require(boardId, user, BoardAction.View);
    const db = this.uow.manager;
    const cases = await db.getRepository(ClinicalCase).find({
      where: { boardId, status: In(OPEN_STATUSES) },
      order: { dueDate: 'ASC', createdAt: 'ASC' },
    });
    const readiness = await this.evaluateMany(db, cases);
    const views: MissingRecordsView[] = [];
    for (const clinicalCase of cases) {
      const result = readiness.get(clinicalCase.id);
      if (!result || result.ready) continue;
      views.push({
        caseId: clinicalCase.id,
        patientRef: clinicalCase.patientRef,
        status: clinicalCase.status,
        presenterId: clinicalCase.presenterId,
        dueDate: clinicalCase.dueDate,
        missing: result.missing,
      });
    }
    return views;
  }

  private evaluateLoaded(
    clinicalCase: ClinicalCase,
    template: ReadinessTemplate,
    records: RecordFact[],
    preparations: PreparationRow[],
  ): ReadinessResult {
    return evaluateReadiness(
      template,
      {
        question: clinicalCase.question,
        diagnosis: clinicalCase.diagnosis,
        staging: clinicalCase.staging,
        ecog: clinicalCase.ecog,
        records: records.map((record) => ({ kind: record.kind, date: record.recordDate })),
        preparations: preparations.map((request): PreparationFact => ({
          id: request.id,
          specialty: request.specialty,
          kind: request.kind,
          status: request.status,
          requestedAt: request.requestedAt,
          finding: request.finding,
        })),
      },
      this.clock.now(),
    );
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

export function toReadinessView(caseId: string, result: ReadinessResult): ReadinessView {
  return {
    caseId,
    ready: result.ready,
    items: result.items.map((item) => ({
      label: item.label,
      met: item.met,
      ...(item.detail ? { detail: item.detail } : {}),
      ...(item.preparationRequestId ? { preparationRequestId: item.preparationRequestId } : {}),
    })),
    missing: result.missing,
  };
}
