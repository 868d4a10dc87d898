import { Injectable } from '@nestjs/common';
import { BoardRole } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import {
  AccessSubject,
  BoardAccessService,
  BoardAction,
  BoardActor,
  mayEditCase,
} from '@app/boards';
import { Forbidden, InvalidInput, NotFound } from '@app/core';
import { ClinicalCase } from './clinical-case.entity';
import { ClinicalCaseRepository } from './clinical-case.repository';

/** Read, edit (coordinators any case, presenters their own), or an action on the case's board. */
export type CaseNeed = 'view' | 'edit' | BoardAction;

export interface CaseContext {
  clinicalCase: ClinicalCase;
  actor: BoardActor;
}

/**
 * Loads a case together with the caller's rights on its board (`BoardAccessService.requireAccess`).
 * A case on a board the caller does not belong to is "not found", like one that does not exist.
 * Editing: coordinators any case, presenters (and chairs) their own.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    private readonly caseRepository: ClinicalCaseRepository,
    private readonly boards: BoardAccessService,
  ) {}

  /**
   * With `lock`, the case row stays locked until the caller's transaction ends. `subject`: what a
   * non-member is told does not exist when the caller came for something of the case.
   */
  async load(
    user: AuthenticatedUser,
    caseId: string,
    need: CaseNeed,
    lock = false,
    subject: AccessSubject = { kind: 'case', id: caseId },
  ): Promise<CaseContext> {
    const clinicalCase = await this.caseRepository.find(caseId, lock);
    if (!clinicalCase) throw new NotFound(subject.kind, subject.id);
    const action = need === 'view' || need === 'edit' ? BoardAction.View : need;
    const actor = await this.boards.requireAccess(user, clinicalCase.boardId, action, subject);
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
  async assertPresenter(boardId: string, userId: string): Promise<void> {
    const role = await this.boards.roleOf(boardId, userId);
    if (role === null || role === BoardRole.Observer) {
      throw new InvalidInput('the presenter must be a board member who is not an observer', [
        { field: 'presenterId', message: 'presenterId must be a non-observer member of the board' },
      ]);
    }
  }
}
