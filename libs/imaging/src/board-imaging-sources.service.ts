import { Injectable } from '@nestjs/common';
import { BoardAction, BoardImagingSourceView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService } from '@app/boards';
import { Clock, DomainEventBus } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { BoardImagingSourceRepository } from './board-imaging-source.repository';
import { DicomWebSources } from './dicomweb-sources';
import { DicomWebSource } from './domain';

/**
 * The DICOMweb source each board searches: every member sees it; those who change the board's
 * settings (coordinators, admins) choose it among the configured sources, or go back to the
 * deployment's default. A choice the configuration no longer has falls back to the default.
 */
@Injectable()
export class BoardImagingSources {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly access: BoardAccessService,
    private readonly choices: BoardImagingSourceRepository,
    private readonly sources: DicomWebSources,
    private readonly clock: Clock,
  ) {}

  async view(user: AuthenticatedUser, boardId: string): Promise<BoardImagingSourceView> {
    await this.access.requireAccess(user, boardId, BoardAction.View);
    return this.viewOf(boardId, await this.choices.chosenBy(boardId));
  }

  /** Sets the board's source (null: the default); the change is audited. */
  async choose(
    user: AuthenticatedUser,
    boardId: string,
    sourceId: string | null,
  ): Promise<BoardImagingSourceView> {
    return this.uow.run(async () => {
      await this.access.requireAccess(user, boardId, BoardAction.Manage);
      if (sourceId !== null) this.sources.requested(sourceId);
      const previous = await this.choices.lockChosenBy(boardId);
      if (previous === sourceId) return this.viewOf(boardId, sourceId);
      if (sourceId === null) await this.choices.clear(boardId);
      else
        await this.choices.choose({
          boardId,
          sourceId,
          updatedAt: this.clock.now(),
          updatedBy: user.id,
        });
      await this.events.publish({
        type: 'domain',
        action: 'board.imaging_source_changed',
        targetType: 'board',
        targetId: boardId,
        details: { from: previous, to: sourceId },
      });
      return this.viewOf(boardId, sourceId);
    });
  }

  /**
   * The source a board's searches use when they name none, for a caller whose access to the
   * board has been checked; with no source configured at all, the request names none (400).
   */
  async searchedBy(boardId: string): Promise<DicomWebSource> {
    const { source } = this.sources.ofBoard(await this.choices.chosenBy(boardId));
    return source ?? this.sources.requested(undefined);
  }

  private viewOf(boardId: string, sourceId: string | null): BoardImagingSourceView {
    const { source, configured } = this.sources.ofBoard(sourceId);
    return { boardId, sourceId, configured, source: source ? this.sources.view(source) : null };
  }
}
