import { Injectable } from '@nestjs/common';
import { MissingRecordsView, ReadinessView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { Clock, DomainEventBus, InvalidInput } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CaseRecord } from './case-record.entity';
import { CaseRecordRepository } from './case-record.repository';
import { ClinicalCase } from './clinical-case.entity';
import { ClinicalCaseRepository } from './clinical-case.repository';
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
import { PreparationRequestRepository } from './preparation-request.repository';
import { ReadinessTemplateRepository } from './readiness-template.repository';

type RecordFact = Pick<CaseRecord, 'kind' | 'recordDate'>;

/** What readiness needs of a case's preparation requests. */
type PreparationRow = Pick<
  PreparationRequest,
  'id' | 'specialty' | 'kind' | 'status' | 'requestedAt' | 'finding'
>;

const OPEN_STATUSES = [CaseStatus.Draft, CaseStatus.Ready, CaseStatus.Deferred];

@Injectable()
export class ReadinessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly templateRepository: ReadinessTemplateRepository,
    private readonly caseRepository: ClinicalCaseRepository,
    private readonly recordRepository: CaseRecordRepository,
    private readonly preparationRepository: PreparationRequestRepository,
    private readonly clock: Clock,
  ) {}

  async template(user: AuthenticatedUser, boardId: string): Promise<ReadinessTemplate> {
    await this.boards.requireAccess(user, boardId, BoardAction.View);
    return this.templateOf(boardId);
  }

  async setTemplate(
    user: AuthenticatedUser,
    boardId: string,
    criteria: ReadinessCriterion[],
  ): Promise<ReadinessTemplate> {
    await this.boards.requireAccess(user, boardId, BoardAction.Manage);
    const template: ReadinessTemplate = { criteria };
    const problems = validateReadinessTemplate(template);
    if (problems.length > 0) {
      throw new InvalidInput(
        'invalid readiness checklist',
        problems.map((message) => ({ field: 'criteria', message })),
      );
    }
    return this.uow.run(async () => {
      await this.templateRepository.save({
        boardId,
        criteria,
        updatedAt: this.clock.now(),
        updatedBy: user.id,
      });
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

  private async templateOf(boardId: string): Promise<ReadinessTemplate> {
    const row = await this.templateRepository.ofBoard(boardId);
    return row ? { criteria: row.criteria } : DEFAULT_READINESS_TEMPLATE;
  }

  /**
   * Evaluates a case against its board's checklist and its preparation requests; pass what the
   * caller has already loaded to avoid reading it again.
   */
  async evaluate(
    clinicalCase: ClinicalCase,
    loaded: {
      template?: ReadinessTemplate;
      records?: RecordFact[];
      preparations?: PreparationRow[];
    } = {},
  ): Promise<ReadinessResult> {
    const records = loaded.records ?? (await this.recordRepository.factsOf(clinicalCase.id));
    const preparations =
      loaded.preparations ?? (await this.preparationRepository.factsOf(clinicalCase.id));
    const template = loaded.template ?? (await this.templateOf(clinicalCase.boardId));
    return this.evaluateLoaded(clinicalCase, template, records, preparations);
  }

  /**
   * Evaluates many cases, of any boards, in three queries (checklists, records, preparation
   * requests) whatever their number.
   */
  async evaluateMany(cases: ClinicalCase[]): Promise<Map<string, ReadinessResult>> {
    const results = new Map<string, ReadinessResult>();
    if (cases.length === 0) return results;
    const caseIds = cases.map((clinicalCase) => clinicalCase.id);
    const boardIds = [...new Set(cases.map((clinicalCase) => clinicalCase.boardId))];
    const templates = await this.templateRepository.ofBoards(boardIds);
    const records = await this.recordRepository.factsOfCases(caseIds);
    const preparations = await this.preparationRepository.factsOfCases(caseIds);
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
    await this.boards.requireAccess(user, boardId, BoardAction.View);
    const cases = await this.caseRepository.ofBoardInStatuses(boardId, OPEN_STATUSES);
    const readiness = await this.evaluateMany(cases);
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
