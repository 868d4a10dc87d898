import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@app/auth';
import { CaseImaging } from '@app/cases';
import { Clock, DomainEventBus } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AccessDecisions } from './access-decisions';
import { DicomWebSources } from './dicomweb-sources';
import { DicomWebSource, accessCacheKey } from './domain';
import { StudyOpeningRepository } from './study-opening.repository';

/**
 * Whether a session may open a case's study through the proxy, decided once for a short while
 * (`ACCESS_CACHE_POLICY`) per session, case and study: a member of the case's board, for a study
 * the case references (others: 404). The first opening in a session is audited
 * (`imaging_study.opened`), however many frames follow.
 */
@Injectable()
export class StudyAccess {
  private readonly decisions: AccessDecisions<string | undefined>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly caseImaging: CaseImaging,
    private readonly openings: StudyOpeningRepository,
    private readonly sources: DicomWebSources,
    private readonly clock: Clock,
  ) {
    this.decisions = new AccessDecisions(() => this.clock.now().getTime());
  }

  /** The source to read the study from, once the session may. */
  async require(
    user: AuthenticatedUser,
    caseId: string,
    studyInstanceUid: string,
  ): Promise<DicomWebSource> {
    const sourceId = await this.decisions.decide(
      accessCacheKey(user.sessionId, caseId, studyInstanceUid),
      () => this.open(user, caseId, studyInstanceUid),
    );
    return this.sources.ofReference(sourceId);
  }

  private open(
    user: AuthenticatedUser,
    caseId: string,
    studyInstanceUid: string,
  ): Promise<string | undefined> {
    return this.uow.run(async () => {
      const { reference } = await this.caseImaging.viewableStudy(user, caseId, studyInstanceUid);
      const first = await this.openings.recordFirst({
        sessionId: user.sessionId,
        studyInstanceUid,
        caseId,
        userId: user.id,
        openedAt: this.clock.now(),
      });
      if (first) {
        await this.events.publish({
          type: 'domain',
          action: 'imaging_study.opened',
          targetType: 'imaging_study',
          targetId: studyInstanceUid,
          details: { caseId, sourceId: reference.sourceId ?? null, modality: reference.modality },
        });
      }
      return reference.sourceId;
    });
  }
}
