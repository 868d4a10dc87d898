import { Inject, Injectable } from '@nestjs/common';
import { RecordChecklistView, SecondOpinionType } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, mayOnBoard } from '@app/boards';
import { RecordDownload, RecordKind, RecordStore } from '@app/cases';
import { Clock, Conflict, DomainEventBus, Forbidden, InvalidInput, NotFound } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { recordChecklist, toRecordView, withheldWhileBlinded } from './record-checklist';
import { ReviewsService } from './reviews.service';
import { SecondOpinionRecordRepository } from './second-opinion-record.repository';
import {
  SecondOpinionRequestRepository,
  SecondOpinionRequestRow,
} from './second-opinion-request.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';

/**
 * Records for a second-opinion request: a checklist per request type, filled by the referrer
 * through upload links (`UploadLinksService`) or waived by a coordinator, and read by the
 * coordinators and the cleared reviewers. When the checklist is complete the request's clock
 * starts; asking for more records pauses it again.
 */
@Injectable()
export class RecordsCollectionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly records: SecondOpinionRecordRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly reviews: ReviewsService,
    @Inject(RecordStore) private readonly store: RecordStore,
    private readonly clock: Clock,
  ) {}

  /** For the coordinators, and for reviewers once they have attested to no conflict of interest. */
  async checklist(user: AuthenticatedUser, requestId: string): Promise<RecordChecklistView> {
    const request = await this.openRecordsTo(user, requestId);
    return this.checklistOf(requestId, request.type, request.blinded);
  }

  /** A record's file, for those the records are open to; audited before any byte leaves. */
  async download(
    user: AuthenticatedUser,
    requestId: string,
    recordId: string,
  ): Promise<RecordDownload> {
    const { blinded } = await this.openRecordsTo(user, requestId);
    const record = await this.records.find(requestId, recordId);
    if (!record) throw new NotFound('record', recordId);
    if (withheldWhileBlinded(record.kind, blinded))
      throw new Forbidden(
        'this record may state the first opinion: it opens once your own assessment is submitted',
      );
    const stream = await this.store.openForReading(record.file_key).catch(() => {
      throw new NotFound('record file', recordId);
    });
    await this.uow.run(() =>
      this.events.publish({
        type: 'domain',
        action: 'second_opinion.record_downloaded',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { recordId, sha256: record.sha256 },
      }),
    );
    return {
      stream,
      fileName: record.file_name,
      contentType: record.content_type,
      sizeBytes: Number(record.size_bytes),
    };
  }

  /**
   * A coordinator goes ahead without a required record that does not exist or cannot be had,
   * with the reason on the timeline; once nothing else is missing the clock starts.
   */
  async waive(
    user: AuthenticatedUser,
    requestId: string,
    kind: RecordKind,
    reason: string,
  ): Promise<RecordChecklistView> {
    const at = this.clock.now();
    return this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
        kind: 'second opinion',
        id: requestId,
      });
      if (request.status === 'consent_withdrawn' || request.status === 'opinion_delivered')
        throw new Conflict('records are no longer collected for this request');
      const before = await this.checklistOf(requestId, request.type);
      const item = before.items.find((entry) => entry.kind === kind);
      if (!item)
        throw new InvalidInput('only a record on the request’s checklist can be waived', [
          { field: 'kind', message: 'one of the checklist’s kinds' },
        ]);
      if (item.records.length > 0) throw new Conflict('this record has been received');
      if (item.waiver) throw new Conflict('this record has already been waived');
      await this.timeline.append(requestId, 'record_waived', user.id, { kind, reason }, at);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.record_waived',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { kind },
      });
      return this.completeWhenChecklistDone(request, user.id, at);
    });
  }

  /** The checklist: each required record received or waived, or missing. */
  async checklistOf(
    requestId: string,
    type: SecondOpinionType,
    blinded = false,
  ): Promise<RecordChecklistView> {
    const records = await this.records.ofRequest(requestId);
    const waivers = await this.timeline.recordWaivers(requestId);
    const items = recordChecklist(type).map((item) => {
      const waiver = waivers.find((w) => w.kind === item.kind);
      return {
        kind: item.kind,
        label: item.label,
        records: records
          .filter((record) => record.kind === item.kind)
          .map((record) => toRecordView(record, withheldWhileBlinded(record.kind, blinded))),
        waiver: waiver
          ? {
              reason: waiver.reason,
              waivedBy: waiver.actor_id,
              waivedAt: new Date(waiver.at).toISOString(),
            }
          : null,
      };
    });
    const missing = items
      .filter((item) => item.records.length === 0 && item.waiver === null)
      .map((item) => item.label);
    return { requestId, complete: missing.length === 0, items, missing };
  }

  /**
   * The checklist after a record came in or was waived at `at`: once nothing is missing, a request
   * awaiting records has them complete, and its clock starts then.
   */
  async completeWhenChecklistDone(
    request: Pick<SecondOpinionRequestRow, 'id' | 'type' | 'status'>,
    actorId: string | null,
    at: Date,
  ): Promise<RecordChecklistView> {
    const checklist = await this.checklistOf(request.id, request.type);
    if (checklist.complete && request.status === 'awaiting_records') {
      await this.requests.setStatus(request.id, 'records_complete', at);
      await this.timeline.append(request.id, 'records_complete', actorId, {}, at);
    }
    return checklist;
  }

  /** Coordinators, and reviewers cleared of conflicts: `blinded` until their assessment is in. */
  private async openRecordsTo(
    user: AuthenticatedUser,
    requestId: string,
  ): Promise<{ type: SecondOpinionType; blinded: boolean }> {
    const request = await this.requests.find(requestId);
    const actor = await this.boards.requireAccess(user, request.board_id, BoardAction.View, {
      kind: 'second opinion',
      id: requestId,
    });
    if (mayOnBoard(actor, BoardAction.Manage)) return { type: request.type, blinded: false };
    const clearance = await this.reviews.clearance(user.id, requestId);
    if (!clearance.cleared)
      throw new Forbidden(
        'the records open to assigned reviewers once they attest to no conflict of interest',
      );
    return { type: request.type, blinded: !clearance.assessed };
  }
}
