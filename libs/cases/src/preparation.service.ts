import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BoardRole,
  CasePriority,
  CaseStatusName,
  PreparationKind,
  PreparationRequestView,
  PreparationWorklistFilter,
  PreparationWorklistItemView,
  Specialty,
} from '@app/contracts';
import { AuthenticatedUser, User } from '@app/auth';
import { BoardAccessService, BoardMembership, mayEditCase } from '@app/boards';
import {
  Clock,
  DomainEventBus,
  Forbidden,
  InvalidInput,
  NotFound,
  Refused,
  newId,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AgendaLookup, MEETING_GRACE_MS } from './agenda-lookup';
import { CaseAccessService, CaseContext } from './case-access.service';
import { ClinicalCase } from './clinical-case.entity';
import {
  CaseStatus,
  PreparationActor,
  PreparationDecision,
  checkCancelPreparation,
  checkCompletePreparation,
  checkNewPreparation,
} from './domain';
import { PreparationRequest } from './preparation-request.entity';

export interface NewPreparationRequest {
  specialty: Specialty;
  kind: PreparationKind;
  question: string;
  assigneeId?: string;
}

/** The most a worklist lists at once. */
const WORKLIST_LIMIT = 500;

/** Cases whose open requests no longer need anyone: they leave the worklists. */
const CLOSED_CASES = [CaseStatus.RecommendationPublished, CaseStatus.Withdrawn];

interface WorklistRow {
  p_id: string;
  patient_ref: string;
  case_status: CaseStatusName;
  case_priority: CasePriority;
  case_due_date: string | null;
  total: string;
}

/**
 * Preparation requests: the case's presenter or a coordinator asks a specialty to prepare a
 * case; a reviewer of that specialty marks it done with a finding, or it is cancelled. The
 * rules are in `domain/preparation.ts`; every change is one transaction with its audit entry.
 */
@Injectable()
export class PreparationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly access: CaseAccessService,
    private readonly boards: BoardAccessService,
    private readonly agendas: AgendaLookup,
    private readonly clock: Clock,
  ) {}

  async request(
    user: AuthenticatedUser,
    caseId: string,
    input: NewPreparationRequest,
  ): Promise<PreparationRequestView> {
    return this.uow.run(async (db) => {
      // The case row is locked: requests on one case are decided one after the other.
      const { clinicalCase, actor } = await this.access.load(user, caseId, 'view', db, true);
      const open = await db
        .getRepository(PreparationRequest)
        .find({ where: { caseId, status: 'open' }, select: ['specialty', 'kind'] });
      assertAllowed(
        checkNewPreparation({
          canEditCase: mayEditCase(actor, user.id, clinicalCase.presenterId),
          caseStatus: clinicalCase.status,
          specialty: input.specialty,
          kind: input.kind,
          question: input.question,
          assignee:
            input.assigneeId === undefined
              ? undefined
              : await this.asMember(db, clinicalCase.boardId, input.assigneeId, input.specialty),
          open,
        }),
      );
      const request = db.getRepository(PreparationRequest).create({
        id: newId(),
        caseId,
        boardId: clinicalCase.boardId,
        specialty: input.specialty,
        kind: input.kind,
        question: input.question.trim(),
        assigneeId: input.assigneeId ?? null,
        status: 'open',
        finding: null,
        requestedBy: user.id,
        requestedAt: this.clock.now(),
        completedBy: null,
        completedAt: null,
        cancelledBy: null,
        cancelledAt: null,
        cancelledReason: null,
        version: 1,
      });
      try {
        await db.getRepository(PreparationRequest).insert(request);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new Refused(
            'duplicate_open_request',
            'a request of this kind to this specialty is already open on this case',
          );
        }
        throw error;
      }
      await this.events.publish({
        type: 'domain',
        action: 'case.preparation_requested',
        targetType: 'case',
        targetId: caseId,
        details: {
          requestId: request.id,
          specialty: request.specialty,
          kind: request.kind,
          assigneeId: request.assigneeId,
        },
      });
      return toPreparationView(request);
    });
  }

  /** Every request on the case, oldest first: any member of its board, observers included. */
  async list(user: AuthenticatedUser, caseId: string): Promise<PreparationRequestView[]> {
    await this.access.load(user, caseId, 'view');
    return (await this.ofCase(this.uow.manager, caseId)).map(toPreparationView);
  }

  async complete(
    user: AuthenticatedUser,
    requestId: string,
    finding: string,
  ): Promise<PreparationRequestView> {
    return this.uow.run(async (db) => {
      const { request, context } = await this.lockRequest(db, user, requestId);
      const actor = await this.preparationActor(db, user, context);
      assertAllowed(checkCompletePreparation(actor, request, finding));
      return this.settle(db, request, 'case.preparation_completed', {
        status: 'done',
        finding: finding.trim(),
        completedBy: user.id,
        completedAt: this.clock.now(),
      });
    });
  }

  async cancel(
    user: AuthenticatedUser,
    requestId: string,
    reason: string,
  ): Promise<PreparationRequestView> {
    return this.uow.run(async (db) => {
      const { request, context } = await this.lockRequest(db, user, requestId);
      const actor = await this.preparationActor(db, user, context);
      const canEditCase = mayEditCase(context.actor, user.id, context.clinicalCase.presenterId);
      assertAllowed(checkCancelPreparation(actor, canEditCase, request, reason));
      return this.settle(db, request, 'case.preparation_cancelled', {
        status: 'cancelled',
        cancelledBy: user.id,
        cancelledAt: this.clock.now(),
        cancelledReason: reason.trim(),
      });
    });
  }

  /** Closes an open request (done or cancelled), audited, and answers its new state. */
  private async settle(
    db: EntityManager,
    request: PreparationRequest,
    action: 'case.preparation_completed' | 'case.preparation_cancelled',
    closing: Partial<PreparationRequest>,
  ): Promise<PreparationRequestView> {
    const changes = { ...closing, version: request.version + 1 };
    await db.getRepository(PreparationRequest).update(request.id, changes);
    await this.events.publish({
      type: 'domain',
      action,
      targetType: 'case',
      targetId: request.caseId,
      details: { requestId: request.id, specialty: request.specialty, kind: request.kind },
    });
    return toPreparationView({ ...request, ...changes });
  }

  /**
   * The caller's worklist: requests on boards they belong to (not as an observer) asked of
   * their specialty or of them by name (and, once done, those they completed); oldest due
   * first. Open requests on withdrawn or published cases are left out.
   */
  async worklist(
    user: AuthenticatedUser,
    status: PreparationWorklistFilter,
  ): Promise<PreparationWorklistItemView[]> {
    const memberships = await this.boards.membershipsOf(user.id);
    return (await this.worklistOf(user.id, memberships, status, WORKLIST_LIMIT)).items;
  }

  /** The open part of the worklist for the home page: how many, and the first `limit`. */
  async openWorklist(
    userId: string,
    memberships: BoardMembership[],
    limit: number,
  ): Promise<{ total: number; items: PreparationWorklistItemView[] }> {
    return this.worklistOf(userId, memberships, 'open', limit);
  }

  /** A case's requests, oldest first. */
  private async ofCase(db: EntityManager, caseId: string): Promise<PreparationRequest[]> {
    return db
      .getRepository(PreparationRequest)
      .find({ where: { caseId }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  private async worklistOf(
    userId: string,
    memberships: BoardMembership[],
    status: PreparationWorklistFilter,
    limit: number,
  ): Promise<{ total: number; items: PreparationWorklistItemView[] }> {
    const reviewing = memberships.filter((m) => m.role !== BoardRole.Observer);
    if (reviewing.length === 0) return { total: 0, items: [] };
    const db = this.uow.manager;
    const specialty = await this.specialtyOf(db, userId);
    const mine = ['p.specialty = :specialty', 'p.assignee_id = :userId'];
    if (status !== 'open') mine.push('p.completed_by = :userId');
    const qb = db
      .getRepository(PreparationRequest)
      .createQueryBuilder('p')
      .innerJoin(ClinicalCase, 'c', 'c.id = p.case_id')
      .select('p')
      .addSelect('c.patient_ref', 'patient_ref')
      .addSelect('c.status', 'case_status')
      .addSelect('c.priority', 'case_priority')
      .addSelect(`to_char(c.due_date, 'YYYY-MM-DD')`, 'case_due_date')
      .addSelect('count(*) OVER ()', 'total')
      .where('p.board_id IN (:...boardIds)', { boardIds: reviewing.map((m) => m.boardId) })
      .andWhere(`(${mine.join(' OR ')})`, { specialty, userId })
      .orderBy('c.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('p.requested_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit);
    if (status !== 'all') qb.andWhere('p.status = :status', { status });
    if (status === 'open') qb.andWhere('c.status NOT IN (:...closed)', { closed: CLOSED_CASES });
    const { entities, raw } = await qb.getRawAndEntities<WorklistRow>();
    if (entities.length === 0) return { total: 0, items: [] };
    const rowOf = new Map(raw.map((row) => [row.p_id, row]));
    const boardName = new Map(reviewing.map((m) => [m.boardId, m.boardName]));
    const next = await this.agendas.nextMeetingOfCases(
      entities.map((request) => request.caseId),
      new Date(this.clock.now().getTime() - MEETING_GRACE_MS),
      new Map(reviewing.map((m) => [m.boardId, m.timezone])),
    );
    const items = entities.map((request): PreparationWorklistItemView => {
      const row = rowOf.get(request.id)!;
      return {
        ...toPreparationView(request),
        patientRef: row.patient_ref,
        caseStatus: row.case_status,
        casePriority: row.case_priority,
        caseDueDate: row.case_due_date,
        boardName: boardName.get(request.boardId) ?? '',
        nextMeeting: next.get(request.caseId) ?? null,
      };
    });
    return { total: Number(raw[0].total), items };
  }

  /** The request and the caller's rights on its case; on a board they do not belong to, "not found". */
  private async lockRequest(
    db: EntityManager,
    user: AuthenticatedUser,
    requestId: string,
  ): Promise<{ request: PreparationRequest; context: CaseContext }> {
    const found = await db.getRepository(PreparationRequest).findOneBy({ id: requestId });
    if (!found) throw new NotFound('preparation request', requestId);
    const context = await this.access.load(user, found.caseId, 'view', db).catch(() => {
      throw new NotFound('preparation request', requestId);
    });
    // Locked after the access check; concurrent changes to one request apply one after the other.
    const request = await db
      .getRepository(PreparationRequest)
      .findOneOrFail({ where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
    return { request, context };
  }

  private async preparationActor(
    db: EntityManager,
    user: AuthenticatedUser,
    { actor }: CaseContext,
  ): Promise<PreparationActor> {
    return {
      userId: user.id,
      isAdmin: actor.isAdmin,
      role: actor.role,
      specialty: await this.specialtyOf(db, user.id),
    };
  }

  /** A would-be assignee as the case's board sees them. */
  private async asMember(
    db: EntityManager,
    boardId: string,
    userId: string,
    asked: Specialty,
  ): Promise<{ role: BoardRole | null; specialty: Specialty }> {
    const person = await db
      .getRepository(User)
      .findOne({ where: { id: userId }, select: ['id', 'specialty'] });
    if (!person) return { role: null, specialty: asked };
    return { role: await this.boards.roleOf(boardId, userId), specialty: person.specialty };
  }

  private async specialtyOf(db: EntityManager, userId: string): Promise<Specialty> {
    const person = await db
      .getRepository(User)
      .findOneOrFail({ where: { id: userId }, select: ['id', 'specialty'] });
    return person.specialty;
  }
}

function assertAllowed(decision: PreparationDecision): void {
  if (decision.ok) return;
  switch (decision.code) {
    case 'forbidden':
      throw new Forbidden(decision.message);
    case 'invalid_input':
      throw new InvalidInput(decision.message, [
        { ...(decision.field ? { field: decision.field } : {}), message: decision.message },
      ]);
    default:
      throw new Refused(decision.code, decision.message);
  }
}

export function toPreparationView(request: PreparationRequest): PreparationRequestView {
  return {
    id: request.id,
    caseId: request.caseId,
    boardId: request.boardId,
    specialty: request.specialty,
    kind: request.kind,
    question: request.question,
    assigneeId: request.assigneeId,
    status: request.status,
    finding: request.finding,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt.toISOString(),
    completedBy: request.completedBy,
    completedAt: request.completedAt?.toISOString() ?? null,
    cancelledBy: request.cancelledBy,
    cancelledAt: request.cancelledAt?.toISOString() ?? null,
    cancelledReason: request.cancelledReason,
    version: request.version,
  };
}
