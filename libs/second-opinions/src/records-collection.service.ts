import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  RecordChecklistView,
  SecondOpinionRecordView,
  SecondOpinionType,
  UploadLinkView,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, mayOnBoard } from '@app/boards';
import {
  RecordDownload,
  RecordKind,
  RecordStore,
  checkDeclaredType,
  safeFileName,
} from '@app/cases';
import {
  Clock,
  Conflict,
  DomainEventBus,
  Forbidden,
  InvalidInput,
  NotFound,
  newId,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { recordChecklist, withheldWhileBlinded } from './record-checklist';
import { ReviewsService } from './reviews.service';
import { LinkGone, newLinkToken, tokenHash } from './referrer-links';
import { actorOnRequestBoard, requireRequestCoordinator } from './request-access';
import { appendToTimeline } from './timeline';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';

export interface UploadedDocument {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

interface RecordRow {
  id: string;
  kind: string;
  title: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  upload_link_id: string | null;
  received_at: Date;
}

interface LinkRow {
  id: string;
  request_id: string;
  kind: RecordKind;
  expires_at: Date;
  used_at: Date | null;
}

const DEFAULT_LINK_HOURS = 72;

/**
 * Records for a second opinion: a checklist per request type, and
 * single-purpose upload links for the referrer, who has no account. A link
 * carries one record kind, expires, and works once; only its hash is stored.
 * Opening a link, uploading through it and creating it are audited. When the
 * checklist is complete the request's clock starts; asking for more records
 * pauses it again.
 */
@Injectable()
export class RecordsCollectionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly reviews: ReviewsService,
    @Inject(RecordStore) private readonly store: RecordStore,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
    private readonly clock: Clock,
  ) {}

  /** For the coordinators, and for reviewers once they have attested to no conflict of interest. */
  async checklist(user: AuthenticatedUser, requestId: string): Promise<RecordChecklistView> {
    const request = await this.openRecordsTo(user, requestId);
    return this.checklistOf(this.uow.manager, requestId, request.type, request.blinded);
  }

  /** A record's file, for those the records are open to; audited before any byte leaves. */
  async download(
    user: AuthenticatedUser,
    requestId: string,
    recordId: string,
  ): Promise<RecordDownload> {
    const { blinded } = await this.openRecordsTo(user, requestId);
    const [record] = await this.uow.manager.query(
      `SELECT id, kind, file_key, file_name, content_type, size_bytes, sha256 FROM second_opinion_record
       WHERE id = $1 AND request_id = $2`,
      [recordId, requestId],
    );
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

  /** Coordinators, and reviewers cleared of conflicts: `blinded` until their assessment is in. */
  private async openRecordsTo(
    user: AuthenticatedUser,
    requestId: string,
  ): Promise<{ type: SecondOpinionType; blinded: boolean }> {
    const [request] = await this.uow.manager.query(
      `SELECT board_id, type FROM second_opinion_request WHERE id = $1`,
      [requestId],
    );
    if (!request) throw new NotFound('second opinion', requestId);
    const actor = await actorOnRequestBoard(this.boards, request.board_id, user, requestId);
    if (mayOnBoard(actor, BoardAction.Manage)) return { type: request.type, blinded: false };
    const clearance = await this.reviews.clearance(user.id, requestId);
    if (!clearance.cleared)
      throw new Forbidden(
        'the records open to assigned reviewers once they attest to no conflict of interest',
      );
    return { type: request.type, blinded: !clearance.assessed };
  }

  async createUploadLink(
    user: AuthenticatedUser,
    requestId: string,
    kind: RecordKind,
    hours = DEFAULT_LINK_HOURS,
  ): Promise<UploadLinkView> {
    const { token, hash } = newLinkToken();
    const id = newId();
    const expiresAt = new Date(this.clock.now().getTime() + hours * 3_600_000);
    await this.uow.run(async (db) => {
      const request = await this.requestFor(db, user, requestId, true);
      if (request.status === 'consent_withdrawn')
        throw new Conflict('consent has been withdrawn: no records may be collected');
      if (request.status === 'opinion_delivered')
        throw new Conflict('the opinion has been delivered: no more records are collected');
      if (!recordChecklist(request.type).some((item) => item.kind === kind) && kind !== 'other')
        throw new InvalidInput('this kind of record is not on the request’s checklist', [
          { field: 'kind', message: 'one of the checklist’s kinds, or "other"' },
        ]);
      await db.query(
        `INSERT INTO second_opinion_upload_link (id, request_id, kind, token_sha256, expires_at, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())`,
        [id, requestId, kind, hash, expiresAt, user.id],
      );
      if (request.status === 'records_complete')
        await this.setStatus(db, requestId, 'awaiting_records');
      await appendToTimeline(db, requestId, 'records_requested', user.id, { kind, linkId: id });
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
      url: `${this.settings.publicUrl}/api/v1/uploads/${token}`,
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
    return this.uow.run(async (db) => {
      const request = await this.requestFor(db, user, requestId, true);
      if (request.status === 'consent_withdrawn' || request.status === 'opinion_delivered')
        throw new Conflict('records are no longer collected for this request');
      const before = await this.checklistOf(db, requestId, request.type);
      const item = before.items.find((entry) => entry.kind === kind);
      if (!item)
        throw new InvalidInput('only a record on the request’s checklist can be waived', [
          { field: 'kind', message: 'one of the checklist’s kinds' },
        ]);
      if (item.records.length > 0) throw new Conflict('this record has been received');
      if (item.waiver) throw new Conflict('this record has already been waived');
      await appendToTimeline(db, requestId, 'record_waived', user.id, { kind, reason });
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.record_waived',
        targetType: 'second_opinion',
        targetId: requestId,
        details: { kind },
      });
      const after = await this.checklistOf(db, requestId, request.type);
      if (after.complete && request.status === 'awaiting_records') {
        await this.setStatus(db, requestId, 'records_complete');
        await appendToTimeline(db, requestId, 'records_complete', user.id, {});
      }
      return after;
    });
  }

  /** What a link asks for (the referrer's page); opening it is audited. */
  async openLink(token: string): Promise<{ kind: string; label: string; expiresAt: string }> {
    return this.uow.run(async (db) => {
      const { link, type } = await this.usableLink(db, token);
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.upload_link_opened',
        targetType: 'second_opinion',
        targetId: link.request_id,
        details: { linkId: link.id },
      });
      const label =
        recordChecklist(type).find((item) => item.kind === link.kind)?.label ?? 'Other record';
      return { kind: link.kind, label, expiresAt: link.expires_at.toISOString() };
    });
  }

  /** The referrer's upload: one PDF, PNG or JPEG of the link's kind, once. */
  async uploadByLink(
    token: string,
    title: string,
    file: UploadedDocument | undefined,
  ): Promise<SecondOpinionRecordView> {
    if (!file)
      throw new InvalidInput('no file uploaded', [{ field: 'file', message: 'file is required' }]);
    const check = checkDeclaredType(file.mimetype, file.buffer.subarray(0, 16));
    if (!check.ok)
      throw new InvalidInput(check.message, [{ field: 'file', message: check.message }]);
    const stored = await this.store.save(file.buffer);
    try {
      return await this.uow.run(async (db) => {
        const { link, type, status } = await this.usableLink(db, token, true);
        const id = newId();
        await db.query(
          `INSERT INTO second_opinion_record (id, request_id, kind, title, file_key, file_name, content_type,
             size_bytes, sha256, upload_link_id, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`,
          [
            id,
            link.request_id,
            link.kind,
            title,
            stored.key,
            safeFileName(file.originalname),
            check.type,
            stored.sizeBytes,
            stored.sha256,
            link.id,
          ],
        );
        await db.query(`UPDATE second_opinion_upload_link SET used_at = now() WHERE id = $1`, [
          link.id,
        ]);
        await appendToTimeline(db, link.request_id, 'record_received', null, {
          kind: link.kind,
          recordId: id,
        });
        await this.events.publish({
          type: 'domain',
          action: 'second_opinion.record_uploaded',
          targetType: 'second_opinion',
          targetId: link.request_id,
          details: { linkId: link.id, recordId: id, kind: link.kind, sha256: stored.sha256 },
        });
        const checklist = await this.checklistOf(db, link.request_id, type);
        if (checklist.complete && status === 'awaiting_records') {
          await this.setStatus(db, link.request_id, 'records_complete');
          await appendToTimeline(db, link.request_id, 'records_complete', null, {});
        }
        const [row] = await db.query(`SELECT * FROM second_opinion_record WHERE id = $1`, [id]);
        return toRecordView(row, false);
      });
    } catch (error) {
      await this.store.remove(stored.key);
      throw error;
    }
  }

  private async checklistOf(
    db: EntityManager,
    requestId: string,
    type: SecondOpinionType,
    blinded = false,
  ): Promise<RecordChecklistView> {
    const records: Array<RecordRow> = await db.query(
      `SELECT * FROM second_opinion_record WHERE request_id = $1 ORDER BY received_at, id`,
      [requestId],
    );
    const waivers: Array<{ kind: string; reason: string; actor_id: string; at: Date }> =
      await db.query(
        `SELECT details->>'kind' AS kind, details->>'reason' AS reason, actor_id, at
         FROM second_opinion_event WHERE request_id = $1 AND type = 'record_waived' ORDER BY id`,
        [requestId],
      );
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

  /** The link behind a token, if it may still be used; locked when about to be used. */
  private async usableLink(
    db: EntityManager,
    token: string,
    lock = false,
  ): Promise<{ link: LinkRow; type: SecondOpinionType; status: string }> {
    const [link] = await db.query(
      `SELECT l.id, l.request_id, l.kind, l.expires_at, l.used_at, r.type, r.status
       FROM second_opinion_upload_link l JOIN second_opinion_request r ON r.id = l.request_id
       WHERE l.token_sha256 = $1${lock ? ' FOR UPDATE' : ''}`,
      [tokenHash(token)],
    );
    if (!link) throw new NotFound('upload link');
    if (link.used_at) throw new LinkGone('this upload link has already been used');
    if (new Date(link.expires_at).getTime() <= this.clock.now().getTime())
      throw new LinkGone('this upload link has expired: ask the coordinator for a new one');
    if (link.status === 'consent_withdrawn') throw new LinkGone('this request has been stopped');
    if (link.status === 'opinion_delivered')
      throw new LinkGone('the opinion has been delivered: no more records are needed');
    return {
      link: { ...link, expires_at: new Date(link.expires_at) },
      type: link.type,
      status: link.status,
    };
  }

  private async requestFor(
    db: EntityManager,
    user: AuthenticatedUser,
    requestId: string,
    manage = false,
  ): Promise<{ type: SecondOpinionType; status: string }> {
    const [request] = await db.query(
      `SELECT board_id, type, status FROM second_opinion_request WHERE id = $1${manage ? ' FOR UPDATE' : ''}`,
      [requestId],
    );
    if (!request) throw new NotFound('second opinion', requestId);
    await requireRequestCoordinator(this.boards, request.board_id, user, requestId);
    return request;
  }

  private async setStatus(db: EntityManager, requestId: string, status: string): Promise<void> {
    await db.query(
      `UPDATE second_opinion_request SET status = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
      [requestId, status],
    );
  }
}

function toRecordView(row: RecordRow, withheld: boolean): SecondOpinionRecordView {
  return {
    id: row.id,
    kind: row.kind,
    title: withheld ? 'Withheld until your own assessment is submitted' : row.title,
    fileName: withheld ? '' : row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    receivedAt: new Date(row.received_at).toISOString(),
    uploadLinkId: row.upload_link_id,
    withheld,
  };
}
