import { Injectable } from '@nestjs/common';
import {
  BoardRole,
  PreparationKind,
  PreparationRequestView,
  PreparationWorklistFilter,
  PreparationWorklistItemView,
  Specialty,
} from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
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
import {
  CaseStatus,
  PreparationActor,
  PreparationDecision,
  checkCancelPreparation,
  checkCompletePreparation,
  checkNewPreparation,
} from './domain';
import { PreparationRequest } from './preparation-request.entity';
import { PreparationRequestRepository } from './preparation-request.repository';

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
    private readonly requestRepository: PreparationRequestRepository,
    private readonly users: UserLookup,
    private readonly clock: Clock,
  ) {}

  async request(
    user: AuthenticatedUser,
    caseId: string,
    input: NewPreparationRequest,
  ): Promise<PreparationRequestView> {
    return this.uow.run(async () => {
      // The case row is locked: requests on one case are decided one after the other.
      const { clinicalCase, actor } = await this.access.load(user, caseId, 'view', true);
      const open = await this.requestRepository.openOfCase(caseId);
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
              : await this.asMember(clinicalCase.boardId, input.assigneeId, input.specialty),
          open,
        }),
      );
      const request: PreparationRequest = {
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
      };
      try {
        await this.requestRepository.insert(request);
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
    return (await this.requestRepository.ofCase(caseId)).map(toPreparationView);
  }

  async complete(
    user: AuthenticatedUser,
    requestId: string,
    finding: string,
  ): Promise<PreparationRequestView> {
    return this.uow.run(async () => {
      const { request, context } = await this.lockRequest(user, requestId);
      const actor = await this.preparationActor(user, context);
      assertAllowed(checkCompletePreparation(actor, request, finding));
      return this.settle(request, 'case.preparation_completed', {
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
    return this.uow.run(async () => {
      const { request, context } = await this.lockRequest(user, requestId);
      const actor = await this.preparationActor(user, context);
      const canEditCase = mayEditCase(context.actor, user.id, context.clinicalCase.presenterId);
      assertAllowed(checkCancelPreparation(actor, canEditCase, request, reason));
      return this.settle(request, 'case.preparation_cancelled', {
        status: 'cancelled',
        cancelledBy: user.id,
        cancelledAt: this.clock.now(),
        cancelledReason: reason.trim(),
      });
    });
  }

  /** Closes an open request (done or cancelled), audited, and answers its new state. */
  private async settle(
    request: PreparationRequest,
    action: 'case.preparation_completed' | 'case.preparation_cancelled',
    closing: Partial<PreparationRequest>,
  ): Promise<PreparationRequestView> {
    const changes = { ...closing, version: request.version + 1 };
    await this.requestRepository.update(request.id, changes);
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

  private async worklistOf(
    userId: string,
    memberships: BoardMembership[],
    status: PreparationWorklistFilter,
    limit: number,
  ): Promise<{ total: number; items: PreparationWorklistItemView[] }> {
    const reviewing = memberships.filter((m) => m.role !== BoardRole.Observer);
    if (reviewing.length === 0) return { total: 0, items: [] };
    const { total, entries } = await this.requestRepository.worklist({
      userId,
      specialty: await this.specialtyOf(userId),
      boardIds: reviewing.map((m) => m.boardId),
      status,
      closedCases: CLOSED_CASES,
      limit,
    });
    if (entries.length === 0) return { total: 0, items: [] };
    const boardName = new Map(reviewing.map((m) => [m.boardId, m.boardName]));
    const next = await this.agendas.nextMeetingOfCases(
      entries.map(({ request }) => request.caseId),
      new Date(this.clock.now().getTime() - MEETING_GRACE_MS),
      new Map(reviewing.map((m) => [m.boardId, m.timezone])),
    );
    const items = entries.map(({ request, ...caseFacts }): PreparationWorklistItemView => ({
      ...toPreparationView(request),
      ...caseFacts,
      boardName: boardName.get(request.boardId) ?? '',
      nextMeeting: next.get(request.caseId) ?? null,
    }));
    return { total, items };
  }

  /** The request and the caller's rights on its case; on a board they do not belong to, "not found". */
  private async lockRequest(
    user: AuthenticatedUser,
    requestId: string,
  ): Promise<{ request: PreparationRequest; context: CaseContext }> {
    const found = await this.requestRepository.find(requestId);
    if (!found) throw new NotFound('preparation request', requestId);
    const context = await this.access.load(user, found.caseId, 'view', false, {
      kind: 'preparation request',
      id: requestId,
    });
    // Locked after the access check; concurrent changes to one request apply one after the other.
    const request = await this.requestRepository.lockExisting(requestId);
    return { request, context };
  }

  private async preparationActor(
    user: AuthenticatedUser,
    { actor }: CaseContext,
  ): Promise<PreparationActor> {
    return {
      userId: user.id,
      isAdmin: actor.isAdmin,
      role: actor.role,
      specialty: await this.specialtyOf(user.id),
    };
  }

  /** A would-be assignee as the case's board sees them. */
  private async asMember(
    boardId: string,
    userId: string,
    asked: Specialty,
  ): Promise<{ role: BoardRole | null; specialty: Specialty }> {
    const person = await this.users.summary(userId);
    if (!person) return { role: null, specialty: asked };
    return { role: await this.boards.roleOf(boardId, userId), specialty: person.specialty };
  }

  /** The specialty of a signed-in user, who exists. */
  private async specialtyOf(userId: string): Promise<Specialty> {
    const person = await this.users.summary(userId);
    if (!person) throw new Error(`user ${userId} is signed in but does not exist`);
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
