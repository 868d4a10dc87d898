import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BoardRole,
  CaseDetailView,
  CaseDiagnosis,
  CaseFirstTreatment,
  CaseFirstTreatmentStatus,
  CaseReferral,
  CaseSummaryView,
  NoteAccessView,
  PatientSex,
  ReadinessView,
  Biomarker,
  CasePriority,
  noteAccessFor,
} from '@app/contracts';
import { AuthenticatedUser, User } from '@app/auth';
import { BoardAccessService, BoardAction, mayViewMrn } from '@app/boards';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CaseAccessService } from './case-access.service';
import { CaseConflict } from './case-conflict.entity';
import { CaseRecord } from './case-record.entity';
import { ClinicalCase } from './clinical-case.entity';
import { CaseStatus, Staging, checkCaseTransition, validateStaging } from './domain';
import { firstTreatmentDateProblem, latestTreatmentDate } from './dto/clinical-validators';
import { MrnCipher } from './mrn-cipher';
import { PreparationRequest } from './preparation-request.entity';
import { toPreparationView } from './preparation.service';
import { ReadinessService, toReadinessView } from './readiness.service';
import { toRecordView } from './records.service';

export interface CaseFields {
  diagnosis?: CaseDiagnosis;
  staging?: Staging;
  biomarkers?: Biomarker[];
  ecog?: number;
  question?: string;
  clinicalSummary?: string;
  priority?: CasePriority;
  dueDate?: string;
  presenterId?: string;
  referral?: CaseReferral;
  mrn?: string;
  /** Null: not recorded (on an update, erases the record). */
  firstTreatment?: FirstTreatmentInput | null;
}

/** A first-treatment record as the caller gives it: `startedOn` exactly when started. */
export interface FirstTreatmentInput {
  status: CaseFirstTreatmentStatus;
  startedOn?: string;
}

export interface NewCase extends CaseFields {
  patientRef: string;
  birthYear: number;
  sex: PatientSex;
  referral: CaseReferral;
}

const FINAL = [CaseStatus.RecommendationPublished, CaseStatus.Withdrawn];

/**
 * What may still change on a final case: whether treatment has begun is learned after the board
 * has spoken, and counts for its quality metrics.
 */
const EDITABLE_WHEN_FINAL = ['firstTreatment'];

@Injectable()
export class CasesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly access: CaseAccessService,
    private readonly readiness: ReadinessService,
    @Inject(MrnCipher) private readonly cipher: MrnCipher,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthenticatedUser, boardId: string, input: NewCase): Promise<CaseDetailView> {
    const actor = await this.boards.require(boardId, user, BoardAction.CreateCase);
    assertStaging(input.staging);
    return this.uow.run(async (db) => {
      const presenterId =
        input.presenterId ??
        (actor.role === BoardRole.Presenter || actor.role === BoardRole.Chair ? user.id : null);
      if (presenterId) await this.access.assertPresenter(db, boardId, presenterId);
      const id = newId();
      const now = this.clock.now();
      const clinicalCase = db.getRepository(ClinicalCase).create({
        id,
        boardId,
        patientRef: input.patientRef,
        mrnCiphertext: input.mrn ? this.cipher.encrypt(input.mrn, id) : null,
        birthYear: input.birthYear,
        sex: input.sex,
        referral: input.referral,
        diagnosis: input.diagnosis ?? {},
        staging: input.staging ?? null,
        biomarkers: input.biomarkers ?? [],
        ecog: input.ecog ?? null,
        question: input.question?.trim() ?? '',
        clinicalSummary: input.clinicalSummary ?? '',
        priority: input.priority ?? 'routine',
        dueDate: input.dueDate ?? null,
        ...firstTreatmentColumns(input.firstTreatment ?? null, now),
        status: CaseStatus.Draft,
        presenterId,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      });
      try {
        await db.getRepository(ClinicalCase).insert(clinicalCase);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new Conflict(`patient reference ${input.patientRef} is already used on this board`);
        }
        throw error;
      }
      await this.events.publish({
        type: 'domain',
        action: 'case.created',
        targetType: 'case',
        targetId: id,
        details: { boardId, patientRef: input.patientRef },
      });
      return this.detailOf(db, user, { clinicalCase: { ...clinicalCase, version: 1 }, actor });
    });
  }

  async list(
    user: AuthenticatedUser,
    boardId: string,
    filter: { status?: string; priority?: string },
  ): Promise<CaseSummaryView[]> {
    await this.boards.require(boardId, user, BoardAction.View);
    const qb = this.uow.manager
      .getRepository(ClinicalCase)
      .createQueryBuilder('c')
      .where('c.board_id = :boardId', { boardId })
      .orderBy('c.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('c.created_at')
      .take(500);
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.priority) qb.andWhere('c.priority = :priority', { priority: filter.priority });
    return (await qb.getMany()).map(toSummary);
  }

  /** The clinical detail of a case. Every such read is audited. */
  async detail(user: AuthenticatedUser, caseId: string): Promise<CaseDetailView> {
    return this.uow.run(async (db) => {
      const context = await this.access.load(user, caseId, 'view', db);
      const view = await this.detailOf(db, user, context);
      await this.events.publish({
        type: 'domain',
        action: 'case.viewed',
        targetType: 'case',
        targetId: caseId,
        details: { mrnShown: view.mrn !== undefined && view.mrn !== null },
      });
      return view;
    });
  }

  async update(
    user: AuthenticatedUser,
    caseId: string,
    changes: CaseFields & { version: number },
  ): Promise<CaseDetailView> {
    assertStaging(changes.staging);
    return this.uow.run(async (db) => {
      const context = await this.access.load(user, caseId, 'edit', db, true);
      const current = context.clinicalCase;
      if (changes.version !== current.version) {
        throw new Conflict(
          `the case was changed by someone else (now version ${current.version}); reload and try again`,
        );
      }
      const now = this.clock.now();
      const { version, mrn, firstTreatment, ...fields } = changes;
      const updates: Partial<ClinicalCase> = Object.fromEntries(
        Object.entries({
          ...fields,
          question: fields.question?.trim(),
          mrnCiphertext: mrn !== undefined ? this.cipher.encrypt(mrn, current.id) : undefined,
          ...(firstTreatment !== undefined ? firstTreatmentColumns(firstTreatment, now) : {}),
        }).filter(([, value]) => value !== undefined),
      );
      const changed = [
        ...new Set(
          Object.keys(updates)
            .filter(
              (key) =>
                JSON.stringify(updates[key as keyof ClinicalCase]) !==
                JSON.stringify(current[key as keyof ClinicalCase]),
            )
            .map(fieldName),
        ),
      ];
      if (
        FINAL.includes(current.status) &&
        changed.some((field) => !EDITABLE_WHEN_FINAL.includes(field))
      )
        throw new Conflict(
          `a ${current.status} case can no longer be edited, except for its first treatment`,
        );
      if (changed.length === 0) return this.detailOf(db, user, context);
      if (changes.presenterId && changes.presenterId !== current.presenterId) {
        await this.access.assertPresenter(db, current.boardId, changes.presenterId);
      }
      const saved = await db
        .getRepository(ClinicalCase)
        .save({ ...current, ...updates, updatedAt: now });
      await this.events.publish({
        type: 'domain',
        action: 'case.updated',
        targetType: 'case',
        targetId: caseId,
        details: { fields: changed },
      });
      return this.detailOf(db, user, { ...context, clinicalCase: saved });
    });
  }

  /** draft ⇄ ready (ready only when the board's checklist is met), or withdrawn. */
  async changeStatus(
    user: AuthenticatedUser,
    caseId: string,
    to: CaseStatus,
    reason?: string,
  ): Promise<CaseSummaryView> {
    return this.uow.run(async (db) => {
      const { clinicalCase } = await this.access.load(user, caseId, 'edit', db, true);
      await this.transition(db, clinicalCase, to);
      if (to === CaseStatus.Ready) {
        const result = await this.readiness.evaluate(db, clinicalCase);
        if (!result.ready) {
          throw new Conflict(
            `the case is not ready: missing ${result.missing.join('; ')}`,
            result.missing.map((message) => ({ field: 'readiness', message })),
          );
        }
      }
      await this.events.publish({
        type: 'domain',
        action: 'case.status_changed',
        targetType: 'case',
        targetId: caseId,
        details: { from: clinicalCase.status, to, ...(reason ? { reason } : {}) },
      });
      return toSummary({ ...clinicalCase, status: to, updatedAt: this.clock.now() });
    });
  }

  async readinessOf(user: AuthenticatedUser, caseId: string): Promise<ReadinessView> {
    const { clinicalCase } = await this.access.load(user, caseId, 'view');
    return toReadinessView(caseId, await this.readiness.evaluate(this.uow.manager, clinicalCase));
  }

  async declareConflict(user: AuthenticatedUser, caseId: string, reason: string): Promise<void> {
    await this.uow.run(async (db) => {
      const { actor } = await this.access.load(user, caseId, 'view', db);
      this.boards.assert(actor, BoardAction.DeclareConflict);
      await db
        .getRepository(CaseConflict)
        .upsert({ caseId, userId: user.id, reason: reason.trim(), declaredAt: this.clock.now() }, [
          'caseId',
          'userId',
        ]);
      await this.events.publish({
        type: 'domain',
        action: 'case.conflict_declared',
        targetType: 'case',
        targetId: caseId,
        details: { userId: user.id },
      });
    });
  }

  async withdrawConflict(user: AuthenticatedUser, caseId: string): Promise<void> {
    await this.uow.run(async (db) => {
      await this.access.load(user, caseId, 'view', db);
      const result = await db.getRepository(CaseConflict).delete({ caseId, userId: user.id });
      if (!result.affected) throw new NotFound('conflict declaration');
      await this.events.publish({
        type: 'domain',
        action: 'case.conflict_withdrawn',
        targetType: 'case',
        targetId: caseId,
        details: { userId: user.id },
      });
    });
  }

  /**
   * Rights on the case's shared discussion notes: members write, except
   * observers and members with a declared conflict, who read only; an
   * administrator who is not a member reads.
   */
  async noteAccess(user: AuthenticatedUser, caseId: string): Promise<NoteAccessView> {
    const { actor } = await this.access.load(user, caseId, 'view');
    const conflicted = await this.uow.manager
      .getRepository(CaseConflict)
      .existsBy({ caseId, userId: user.id });
    return noteAccessFor(actor.role, conflicted);
  }

  /** Members who declared a conflict on the case: excluded from voting on it. */
  async conflictedUserIds(caseId: string): Promise<string[]> {
    const rows = await this.uow.manager.getRepository(CaseConflict).findBy({ caseId });
    return rows.map((row) => row.userId);
  }

  /** Applies a workflow transition or refuses it with the allowed ones named (409). */
  async transition(db: EntityManager, clinicalCase: ClinicalCase, to: CaseStatus): Promise<void> {
    const check = checkCaseTransition(clinicalCase.status, to);
    if (!check.ok) {
      throw new Conflict(
        check.message,
        check.allowed.map((status) => ({ field: 'status', message: `allowed: ${status}` })),
      );
    }
    await db.getRepository(ClinicalCase).update(clinicalCase.id, {
      status: to,
      updatedAt: this.clock.now(),
      version: clinicalCase.version + 1,
    });
    clinicalCase.status = to;
    clinicalCase.version += 1;
  }

  private async detailOf(
    db: EntityManager,
    user: AuthenticatedUser,
    {
      clinicalCase,
      actor,
    }: { clinicalCase: ClinicalCase; actor: Parameters<typeof mayViewMrn>[0] },
  ): Promise<CaseDetailView> {
    // One after the other: inside a transaction they share one connection, which runs one query at a time.
    const conflicts = await db
      .getRepository(CaseConflict)
      .createQueryBuilder('c')
      .innerJoin(User, 'u', 'u.id = c.user_id')
      .select([
        'c.user_id AS "userId"',
        'u.display_name AS "displayName"',
        'c.reason AS reason',
        'c.declared_at AS "declaredAt"',
      ])
      .where('c.case_id = :id', { id: clinicalCase.id })
      .getRawMany<{ userId: string; displayName: string; reason: string; declaredAt: Date }>();
    const records = await db.getRepository(CaseRecord).find({
      where: { caseId: clinicalCase.id },
      order: { recordDate: 'DESC', createdAt: 'DESC' },
    });
    const preparations = await db
      .getRepository(PreparationRequest)
      .find({ where: { caseId: clinicalCase.id }, order: { requestedAt: 'ASC', id: 'ASC' } });
    const readiness = await this.readiness.evaluate(db, clinicalCase, { records, preparations });
    const showMrn = mayViewMrn(actor, user.id, clinicalCase.presenterId);
    return {
      ...toSummary(clinicalCase),
      ...(showMrn
        ? {
            mrn: clinicalCase.mrnCiphertext
              ? this.cipher.decrypt(clinicalCase.mrnCiphertext, clinicalCase.id)
              : null,
          }
        : {}),
      birthYear: clinicalCase.birthYear,
      sex: clinicalCase.sex,
      referral: clinicalCase.referral,
      diagnosis: clinicalCase.diagnosis,
      staging: clinicalCase.staging,
      biomarkers: clinicalCase.biomarkers,
      ecog: clinicalCase.ecog,
      question: clinicalCase.question,
      clinicalSummary: clinicalCase.clinicalSummary,
      firstTreatment: firstTreatmentOf(clinicalCase),
      conflicts: conflicts.map((row) => ({
        ...row,
        declaredAt: new Date(row.declaredAt).toISOString(),
      })),
      records: records.map(toRecordView),
      preparationRequests: preparations.map(toPreparationView),
      readiness: toReadinessView(clinicalCase.id, readiness),
      createdAt: clinicalCase.createdAt.toISOString(),
      version: clinicalCase.version,
    };
  }
}

function assertStaging(staging: Staging | undefined): void {
  if (!staging) return;
  const problems = validateStaging(staging);
  if (problems.length > 0) {
    throw new InvalidInput(
      'invalid staging',
      problems.map((problem) => ({ field: `staging.${problem.field}`, message: problem.message })),
    );
  }
}

/**
 * The name the caller knows a changed column by: the MRN for its ciphertext, the first
 * treatment for either of its columns.
 */
function fieldName(column: string): string {
  if (column === 'mrnCiphertext') return 'mrn';
  if (column === 'firstTreatmentStatus' || column === 'firstTreatmentStartedOn')
    return 'firstTreatment';
  return column;
}

/**
 * The columns that store a first-treatment record (null: not recorded), refused if its date is
 * after `now` (see `firstTreatmentDateProblem`).
 */
function firstTreatmentColumns(
  record: FirstTreatmentInput | null,
  now: Date,
): Pick<ClinicalCase, 'firstTreatmentStatus' | 'firstTreatmentStartedOn'> {
  if (record === null) return { firstTreatmentStatus: null, firstTreatmentStartedOn: null };
  const problem = firstTreatmentDateProblem(
    record.status,
    record.startedOn,
    latestTreatmentDate(now),
  );
  if (problem !== null)
    throw new InvalidInput('invalid first treatment', [
      { field: 'firstTreatment.startedOn', message: problem },
    ]);
  return record.status === 'started' && record.startedOn !== undefined
    ? { firstTreatmentStatus: 'started', firstTreatmentStartedOn: record.startedOn }
    : { firstTreatmentStatus: 'not_started', firstTreatmentStartedOn: null };
}

/** A case's first-treatment record from its columns; null when not recorded. */
export function firstTreatmentOf(
  columns: Pick<ClinicalCase, 'firstTreatmentStatus' | 'firstTreatmentStartedOn'>,
): CaseFirstTreatment | null {
  const { firstTreatmentStatus: status, firstTreatmentStartedOn: startedOn } = columns;
  if (status === null) return null;
  if (status === 'not_started') return { status };
  if (startedOn === null) throw new Error('a started first treatment is stored without its date');
  return { status, startedOn };
}

export function toSummary(clinicalCase: ClinicalCase): CaseSummaryView {
  return {
    id: clinicalCase.id,
    boardId: clinicalCase.boardId,
    patientRef: clinicalCase.patientRef,
    status: clinicalCase.status,
    priority: clinicalCase.priority,
    dueDate: clinicalCase.dueDate,
    presenterId: clinicalCase.presenterId,
    primarySite: clinicalCase.diagnosis?.primarySite ?? null,
    updatedAt: clinicalCase.updatedAt.toISOString(),
  };
}
