import { Inject, Injectable } from '@nestjs/common';
import {
  BoardRole,
  CaseDetailView,
  CaseSummaryView,
  NoteAccessView,
  ReadinessView,
  noteAccessFor,
} from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardAccessService, BoardAction, mayViewMrn } from '@app/boards';
import { Clock, Conflict, DomainEventBus, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CaseAccessService } from './case-access.service';
import { CaseConflictRepository } from './case-conflict.repository';
import {
  CaseFields,
  NewCase,
  assertEditable,
  assertStaging,
  changedFields,
  firstTreatmentColumns,
  firstTreatmentOf,
} from './case-fields';
import { CaseRecordRepository } from './case-record.repository';
import { ClinicalCase } from './clinical-case.entity';
import { ClinicalCaseRepository } from './clinical-case.repository';
import { CaseStatus, checkCaseTransition } from './domain';
import { MrnCipher } from './mrn-cipher';
import { PreparationRequestRepository } from './preparation-request.repository';
import { toPreparationView } from './preparation.service';
import { ReadinessService, toReadinessView } from './readiness.service';
import { toRecordView } from './records.service';

@Injectable()
export class CasesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly access: CaseAccessService,
    private readonly readiness: ReadinessService,
    private readonly caseRepository: ClinicalCaseRepository,
    private readonly conflictRepository: CaseConflictRepository,
    private readonly recordRepository: CaseRecordRepository,
    private readonly preparationRepository: PreparationRequestRepository,
    private readonly users: UserLookup,
    @Inject(MrnCipher) private readonly cipher: MrnCipher,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthenticatedUser, boardId: string, input: NewCase): Promise<CaseDetailView> {
    const actor = await this.boards.requireAccess(user, boardId, BoardAction.CreateCase);
    assertStaging(input.staging);
    return this.uow.run(async () => {
      const presenterId =
        input.presenterId ??
        (actor.role === BoardRole.Presenter || actor.role === BoardRole.Chair ? user.id : null);
      if (presenterId) await this.access.assertPresenter(boardId, presenterId);
      const id = newId();
      const now = this.clock.now();
      const clinicalCase: ClinicalCase = {
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
        version: 1,
      };
      try {
        await this.caseRepository.insert(clinicalCase);
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
      return this.detailOf(user, { clinicalCase, actor });
    });
  }

  async list(
    user: AuthenticatedUser,
    boardId: string,
    filter: { status?: string; priority?: string },
  ): Promise<CaseSummaryView[]> {
    await this.boards.requireAccess(user, boardId, BoardAction.View);
    return (await this.caseRepository.ofBoard(boardId, filter)).map(toSummary);
  }

  /** The clinical detail of a case. Every such read is audited. */
  async detail(user: AuthenticatedUser, caseId: string): Promise<CaseDetailView> {
    return this.uow.run(async () => {
      const context = await this.access.load(user, caseId, 'view');
      const view = await this.detailOf(user, context);
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
    return this.uow.run(async () => {
      const context = await this.access.load(user, caseId, 'edit', true);
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
      const changed = changedFields(updates, current);
      assertEditable(current.status, changed);
      if (changed.length === 0) return this.detailOf(user, context);
      if (changes.presenterId && changes.presenterId !== current.presenterId) {
        await this.access.assertPresenter(current.boardId, changes.presenterId);
      }
      const saved = await this.caseRepository.save({ ...current, ...updates, updatedAt: now });
      await this.events.publish({
        type: 'domain',
        action: 'case.updated',
        targetType: 'case',
        targetId: caseId,
        details: { fields: changed },
      });
      return this.detailOf(user, { ...context, clinicalCase: saved });
    });
  }

  /** draft ⇄ ready (ready only when the board's checklist is met), or withdrawn. */
  async changeStatus(
    user: AuthenticatedUser,
    caseId: string,
    to: CaseStatus,
    reason?: string,
  ): Promise<CaseSummaryView> {
    return this.uow.run(async () => {
      const { clinicalCase } = await this.access.load(user, caseId, 'edit', true);
      await this.transition(clinicalCase, to);
      if (to === CaseStatus.Ready) {
        const result = await this.readiness.evaluate(clinicalCase);
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
    return toReadinessView(caseId, await this.readiness.evaluate(clinicalCase));
  }

  /**
   * Rights on the case's shared discussion notes: members write, except
   * observers and members with a declared conflict, who read only; an
   * administrator who is not a member reads.
   */
  async noteAccess(user: AuthenticatedUser, caseId: string): Promise<NoteAccessView> {
    const found = await this.caseRepository.boardAndConflict(caseId, user.id);
    if (!found) throw new NotFound('case', caseId);
    const actor = await this.boards.requireAccess(user, found.boardId, BoardAction.View, {
      kind: 'case',
      id: caseId,
    });
    return noteAccessFor(actor.role, found.conflicted);
  }

  /** Members who declared a conflict on the case: excluded from voting on it. */
  async conflictedUserIds(caseId: string): Promise<string[]> {
    const rows = await this.conflictRepository.ofCase(caseId);
    return rows.map((row) => row.userId);
  }

  /**
   * Applies a workflow transition or refuses it with the allowed ones named (409), in the
   * caller's transaction.
   */
  async transition(clinicalCase: ClinicalCase, to: CaseStatus): Promise<void> {
    const check = checkCaseTransition(clinicalCase.status, to);
    if (!check.ok) {
      throw new Conflict(
        check.message,
        check.allowed.map((status) => ({ field: 'status', message: `allowed: ${status}` })),
      );
    }
    await this.caseRepository.update(clinicalCase.id, {
      status: to,
      updatedAt: this.clock.now(),
      version: clinicalCase.version + 1,
    });
    clinicalCase.status = to;
    clinicalCase.version += 1;
  }

  private async detailOf(
    user: AuthenticatedUser,
    {
      clinicalCase,
      actor,
    }: { clinicalCase: ClinicalCase; actor: Parameters<typeof mayViewMrn>[0] },
  ): Promise<CaseDetailView> {
    // One after the other: inside a transaction they share one connection, which runs one query at a time.
    const conflicts = await this.conflictRepository.ofCase(clinicalCase.id);
    const declarers = await this.users.summaries(conflicts.map((conflict) => conflict.userId));
    const nameOf = new Map(declarers.map((person) => [person.id, person.displayName]));
    const records = await this.recordRepository.ofCase(clinicalCase.id);
    const preparations = await this.preparationRepository.ofCase(clinicalCase.id);
    const readiness = await this.readiness.evaluate(clinicalCase, { records, preparations });
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
      conflicts: conflicts.flatMap((conflict) => {
        const displayName = nameOf.get(conflict.userId);
        if (displayName === undefined) return [];
        return [
          {
            userId: conflict.userId,
            displayName,
            reason: conflict.reason,
            declaredAt: conflict.declaredAt.toISOString(),
          },
        ];
      }),
      records: records.map(toRecordView),
      preparationRequests: preparations.map(toPreparationView),
      readiness: toReadinessView(clinicalCase.id, readiness),
      createdAt: clinicalCase.createdAt.toISOString(),
      version: clinicalCase.version,
    };
  }
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
