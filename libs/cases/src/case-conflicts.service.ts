import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@app/auth';
import { BoardAction } from '@app/boards';
import { Clock, DomainEventBus, NotFound } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CaseAccessService } from './case-access.service';
import { CaseConflictRepository } from './case-conflict.repository';

/**
 * Members declaring and withdrawing a conflict of interest on a case. What a declaration
 * restricts is read through CasesService (`noteAccess`, `conflictedUserIds`).
 */
@Injectable()
export class CaseConflictsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly access: CaseAccessService,
    private readonly conflictRepository: CaseConflictRepository,
    private readonly clock: Clock,
  ) {}

  async declare(user: AuthenticatedUser, caseId: string, reason: string): Promise<void> {
    await this.uow.run(async () => {
      await this.access.load(user, caseId, BoardAction.DeclareConflict);
      await this.conflictRepository.declare({
        caseId,
        userId: user.id,
        reason: reason.trim(),
        declaredAt: this.clock.now(),
      });
      await this.events.publish({
        type: 'domain',
        action: 'case.conflict_declared',
        targetType: 'case',
        targetId: caseId,
        details: { userId: user.id },
      });
    });
  }

  async withdraw(user: AuthenticatedUser, caseId: string): Promise<void> {
    await this.uow.run(async () => {
      await this.access.load(user, caseId, 'view');
      const withdrawn = await this.conflictRepository.withdraw(caseId, user.id);
      if (!withdrawn) throw new NotFound('conflict declaration');
      await this.events.publish({
        type: 'domain',
        action: 'case.conflict_withdrawn',
        targetType: 'case',
        targetId: caseId,
        details: { userId: user.id },
      });
    });
  }
}
