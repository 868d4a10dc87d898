import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { MissingRecordsView, ReadinessView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { DomainEventBus, InvalidInput } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CaseRecord } from './case-record.entity';
import { ClinicalCase } from './clinical-case.entity';
import {
  CaseStatus,
  DEFAULT_READINESS_TEMPLATE,
  ReadinessCriterion,
  ReadinessResult,
  ReadinessTemplate,
  evaluateReadiness,
  validateReadinessTemplate,
} from './domain';
import { ReadinessTemplateRow } from './readiness-template.entity';

const OPEN_STATUSES = [CaseStatus.Draft, CaseStatus.Ready, CaseStatus.Deferred];

@Injectable()
export class ReadinessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
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
        .upsert({ boardId, criteria, updatedAt: new Date(), updatedBy: user.id }, ['boardId']);
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

  /** Evaluates a case against its board's checklist; pass what the caller has already loaded to avoid reading it again. */
  async evaluate(
    db: EntityManager,
    clinicalCase: ClinicalCase,
    loaded: {
      template?: ReadinessTemplate;
      records?: Array<Pick<CaseRecord, 'kind' | 'recordDate'>>;
    } = {},
  ): Promise<ReadinessResult> {
    const template = loaded.template;
    const records =
      loaded.records ??
      (await db
        .getRepository(CaseRecord)
        .find({ where: { caseId: clinicalCase.id }, select: ['kind', 'recordDate'] }));
    return evaluateReadiness(
      template ?? (await this.templateOf(db, clinicalCase.boardId)),
      {
        question: clinicalCase.question,
        diagnosis: clinicalCase.diagnosis,
        staging: clinicalCase.staging,
        ecog: clinicalCase.ecog,
        records: records.map((record) => ({ kind: record.kind, date: record.recordDate })),
      },
      new Date(),
    );
  }

  /** Open cases of a board with what each still lacks, so the coordinator can chase it. */
  async missingRecords(user: AuthenticatedUser, boardId: string): Promise<MissingRecordsView[]> {
    await this.boards.require(boardId, user, BoardAction.View);
    const db = this.uow.manager;
    const template = await this.templateOf(db, boardId);
    const cases = await db.getRepository(ClinicalCase).find({
      where: { boardId, status: In(OPEN_STATUSES) },
      order: { dueDate: 'ASC', createdAt: 'ASC' },
    });
    const views: MissingRecordsView[] = [];
    for (const clinicalCase of cases) {
      const result = await this.evaluate(db, clinicalCase, { template });
      if (result.ready) continue;
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
}

export function toReadinessView(caseId: string, result: ReadinessResult): ReadinessView {
  return {
    caseId,
    ready: result.ready,
    items: result.items.map((item) => ({
      label: item.label,
      met: item.met,
      ...(item.detail ? { detail: item.detail } : {}),
    })),
    missing: result.missing,
  };
}
