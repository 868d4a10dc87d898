import { Injectable } from '@nestjs/common';
import { RecordKind } from '@app/cases';
import { UnitOfWork } from '@app/persistence';
import { SecondOpinionRequestRow } from './second-opinion-request.repository';

/** A record received for a request (second_opinion_record); the file itself is in the record store. */
export interface SecondOpinionRecordRow {
  id: string;
  request_id: string;
  kind: string;
  title: string;
  file_key: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  upload_link_id: string | null;
  received_at: Date;
}

/** A referrer's single-purpose upload link (second_opinion_upload_link); only its token's hash is kept. */
export interface UploadLinkRow {
  id: string;
  request_id: string;
  kind: RecordKind;
  token_sha256: string;
  expires_at: Date;
  used_at: Date | null;
  created_by: string;
  created_at: Date;
}

/** An upload link with the state of its request, which decides whether it may still be used. */
export type UploadLinkWithRequest = UploadLinkRow &
  Pick<SecondOpinionRequestRow, 'type' | 'status'>;

/**
 * A request's records and the upload links they come through: the one place their rows are read
 * and written. Inside a transaction it joins it.
 */
@Injectable()
export class SecondOpinionRecordRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** A record of the request, or null. */
  async find(requestId: string, recordId: string): Promise<SecondOpinionRecordRow | null> {
    const [row] = await this.uow.manager.query<SecondOpinionRecordRow[]>(
      `SELECT * FROM second_opinion_record WHERE id = $1 AND request_id = $2`,
      [recordId, requestId],
    );
    return row ?? null;
  }

  /** The request's records, in the order they were received. */
  async ofRequest(requestId: string): Promise<SecondOpinionRecordRow[]> {
    return this.uow.manager.query(
      `SELECT * FROM second_opinion_record WHERE request_id = $1 ORDER BY received_at, id`,
      [requestId],
    );
  }

  /** A record received; returns it as stored. */
  async insert(record: SecondOpinionRecordRow): Promise<SecondOpinionRecordRow> {
    const [row] = await this.uow.manager.query<SecondOpinionRecordRow[]>(
      `INSERT INTO second_opinion_record (id, request_id, kind, title, file_key, file_name, content_type,
         size_bytes, sha256, upload_link_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [
        record.id,
        record.request_id,
        record.kind,
        record.title,
        record.file_key,
        record.file_name,
        record.content_type,
        record.size_bytes,
        record.sha256,
        record.upload_link_id,
        record.received_at,
      ],
    );
    return row;
  }

  async insertUploadLink(link: Omit<UploadLinkRow, 'used_at'>): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_upload_link (id, request_id, kind, token_sha256, expires_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        link.id,
        link.request_id,
        link.kind,
        link.token_sha256,
        link.expires_at,
        link.created_by,
        link.created_at,
      ],
    );
  }

  /**
   * The link whose token has this hash, with its request's type and status, or null; `lock`
   * locks the link and the request until the transaction ends (the link is about to be used).
   */
  async uploadLinkByTokenHash(
    tokenSha256: string,
    lock: boolean,
  ): Promise<UploadLinkWithRequest | null> {
    const [row] = await this.uow.manager.query<UploadLinkWithRequest[]>(
      `SELECT l.*, r.type, r.status
       FROM second_opinion_upload_link l JOIN second_opinion_request r ON r.id = l.request_id
       WHERE l.token_sha256 = $1${lock ? ' FOR UPDATE' : ''}`,
      [tokenSha256],
    );
    return row ? { ...row, expires_at: new Date(row.expires_at) } : null;
  }

  async markUploadLinkUsed(id: string, at: Date): Promise<void> {
    await this.uow.manager.query(
      `UPDATE second_opinion_upload_link SET used_at = $2 WHERE id = $1`,
      [id, at],
    );
  }
}
