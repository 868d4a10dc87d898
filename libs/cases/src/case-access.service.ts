import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BoardRole } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardActor, BoardMember, mayEditCase } from '@app/boards';
import { Forbidden, InvalidInput, NotFound } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ClinicalCase } from './clinical-case.entity';

export type CaseNeed = 'view' | 'edit';

export interface CaseContext {
  clinicalCase: ClinicalCase;
  actor: BoardActor;
}

/**
 * Loads a case together with the caller's rights on its board. A case on a
 * board the caller does not belong to is "not found", like one that does not
 * exist. Editing: coordinators any case, presenters (and chairs) their own.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly boards: BoardAccessService,
  ) {}

  async load(
    user: AuthenticatedUser,
    caseId: string,
    need: CaseNeed,
    db?: EntityManager,
    lock = false,
  ): Promise<CaseContext> {
    const manager = db ?? this.uow.manager;
    const clinicalCase = await manager.getRepository(ClinicalCase).findOne({
      where: { id: caseId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!clinicalCase) throw new NotFound('case', caseId);
    const actor = await this.boards.actorOn(clinicalCase.boardId, user).catch(() => {
      throw new NotFound('case', caseId);
    });
    if (need === 'edit' && !mayEditCase(actor, user.id, clinicalCase.presenterId)) {
      throw new Forbidden(
        actor.role === BoardRole.Observer
          ? 'observers have read-only access'
          : 'only the board coordinator or the case presenter may change this case',
      );
    }
    return { clinicalCase, actor };
  }

  /** A case's presenter must be a member of its board who is not an observer. */
  async assertPresenter(db: EntityManager, boardId: string, userId: string): Promise<void> {
    const member = await db.getRepository(BoardMember).findOneBy({ boardId, userId });
    if (!member || member.role === BoardRole.Observer) {
      throw new InvalidInput('the presenter must be a board member who is not an observer', [
        { field: 'presenterId', message: 'presenterId must be a non-observer member of the board' },
      ]);
    }
  }
}
