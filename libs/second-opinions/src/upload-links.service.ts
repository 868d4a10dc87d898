import { Inject, Injectable } from '@nestjs/common';
import { SecondOpinionRecordView, UploadLinkRequestView, UploadLinkView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import {
  RecordKind,
  RecordStore,
  checkDeclaredType,
  checkUploadContent,
  safeFileName,
} from '@app/cases';
import {
  Clock,
  Conflict,
  DomainEventBus,
  InvalidInput,
  NotFound,
  newHashedSecret,
  newId,
  sha256,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { LinkGone } from './link-gone';
import { recordChecklist, toRecordView } from './record-checklist';
import { RecordsCollectionService } from './records-collection.service';
import {
  SecondOpinionRecordRepository,
  UploadLinkWithRequest,
} from './second-opinion-record.repository';
import { SecondOpinionRequestRepository } from './second-opinion-request.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';

export interface UploadedDocument {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

const DEFAULT_LINK_HOURS = 72;

/**
 * Single-purpose upload links for the referrer, who has no account: a link carries one record
 * kind of the request's checklist, expires, and works once; only its token's hash is stored.
 * Creating a link, opening it and uploading through it are audited.
 */
@Injectable()
export class UploadLinksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly records: SecondOpinionRecordRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly collection: RecordsCollectionService,
    @Inject(RecordStore) private readonly store: RecordStore,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
    private readonly clock: Clock,
  ) {}

  /** A link for one record kind; asking for more records pauses the clock again. */
  async create(
    user: AuthenticatedUser,
    requestId: string,
    kind: RecordKind,
    hours = DEFAULT_LINK_HOURS,
  ): Promise<UploadLinkView> {
    const { secret: token, secretHash } = newHashedSecret();
    const id = newId();
    const at = this.clock.now();
    const expiresAt = new Date(at.getTime() + hours * 3_600_000);
    await this.uow.run(async () => {
      const request = await this.requests.lock(requestId);
      await this.boards.requireAccess(user, request.board_id, BoardAction.Manage, {
        kind: 'second opinion',
        id: requestId,
      });
      if (request.status === 'consent_withdrawn')
        throw new Conflict('consent has been withdrawn: no records may be collected');
      if (request.status === 'opinion_delivered')
        throw new Conflict('the opinion has been delivered: no more records are collected');
      if (!recordChecklist(request.type).some((item) => item.kind === kind) && kind !== 'other')
        throw new InvalidInput('this kind of record is not on the request’s checklist', [
          { field: 'kind', message: 'one of the checklist’s kinds, or "other"' },
        ]);
      await this.records.insertUploadLink({
        id,
        request_id: requestId,
        kind,
        token_sha256: secretHash,
        expires_at: expiresAt,
        created_by: user.id,
        created_at: at,
      });
      if (request.status === 'records_complete')
        await this.requests.setStatus(requestId, 'awaiting_records', at);
      await this.timeline.append(requestId, 'records_requested', user.id, { kind, linkId: id }, at);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.upload_link_created',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { linkId: id, kind, expiresAt: expiresAt.toISOString() },
      });
    });
    return {
      id,
      kind,
      expiresAt: expiresAt.toISOString(),
      url: `${this.settings.publicUrl}/uploads/${token}`,
    };
  }

  /** What a link asks for (the referrer's page); opening it is audited. */
  async open(token: string): Promise<UploadLinkRequestView> {
    return this.uow.run(async () => {
      const link = await this.usableLink(token, false, this.clock.now());
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.upload_link_opened',
        targetType: 'second_opinion',
        targetId: link.request_id,
        details: { linkId: link.id },
      });
      const label =
        recordChecklist(link.type).find((item) => item.kind === link.kind)?.label ?? 'Other record';
      return { kind: link.kind, label, expiresAt: link.expires_at.toISOString() };
    });
  }

  /** The referrer's upload: one PDF, PNG or JPEG of the link's kind, once. */
  async upload(
    token: string,
    title: string,
    file: UploadedDocument | undefined,
  ): Promise<SecondOpinionRecordView> {
    if (!file)
      throw new InvalidInput('no file uploaded', [{ field: 'file', message: 'file is required' }]);
    const check = checkDeclaredType(file.mimetype, file.buffer.subarray(0, 16));
    if (!check.ok)
      throw new InvalidInput(check.message, [{ field: 'file', message: check.message }]);
    await checkUploadContent(check.type, file.buffer);
    const stored = await this.store.save(file.buffer);
    const at = this.clock.now();
    try {
      return await this.uow.run(async () => {
        const link = await this.usableLink(token, true, at);
        const record = await this.records.insert({
          id: newId(),
          request_id: link.request_id,
          kind: link.kind,
          title,
          file_key: stored.key,
          file_name: safeFileName(file.originalname),
          content_type: check.type,
          size_bytes: stored.sizeBytes,
          sha256: stored.sha256,
          upload_link_id: link.id,
          received_at: at,
        });
        await this.records.markUploadLinkUsed(link.id, at);
        await this.timeline.append(
          link.request_id,
          'record_received',
          null,
          { kind: link.kind, recordId: record.id },
          at,
        );
        await this.events.publish({
          type: 'domain',
          action: 'second_opinion.record_uploaded',
          targetType: 'second_opinion',
          targetId: link.request_id,
          details: { linkId: link.id, recordId: record.id, kind: link.kind, sha256: stored.sha256 },
        });
        await this.collection.completeWhenChecklistDone(
          { id: link.request_id, type: link.type, status: link.status },
          null,
          at,
        );
        return toRecordView(record, false);
      });
    } catch (error) {
      await this.store.remove(stored.key);
      throw error;
    }
  }

  /** The link behind a token, if it may still be used at `at`; locked (with its request) when about to be used. */
  private async usableLink(token: string, lock: boolean, at: Date): Promise<UploadLinkWithRequest> {
    const link = await this.records.uploadLinkByTokenHash(sha256(token), lock);
    if (!link) throw new NotFound('upload link');
    if (link.used_at) throw new LinkGone('link_used', 'this upload link has already been used');
    if (link.expires_at.getTime() <= at.getTime())
      throw new LinkGone(
        'link_expired',
        'this upload link has expired: ask the coordinator for a new one',
      );
    if (link.status === 'consent_withdrawn')
      throw new LinkGone('consent_withdrawn', 'this request has been stopped');
    if (link.status === 'opinion_delivered')
      throw new LinkGone(
        'opinion_delivered',
        'the opinion has been delivered: no more records are needed',
      );
    return link;
  }
}
