import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';
import { SecondOpinionRequestRow } from './second-opinion-request.repository';

/** The referrer's link to a delivered written opinion (second_opinion_referrer_link); only its token's hash is kept. */
export interface ReferrerLinkRow {
  id: string;
  request_id: string;
  expires_at: Date;
  revoked_at: Date | null;
}

/** A referrer link with what of its request the referrer's side needs. */
export type ReferrerLinkWithRequest = ReferrerLinkRow &
  Pick<
    SecondOpinionRequestRow,
    'board_id' | 'status' | 'patient_ref' | 'follow_up_questions_allowed'
  >;

/** The referrer links of requests: the one place their rows are read and written. Inside a transaction it joins it. */
@Injectable()
export class ReferrerLinkRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(link: {
    requestId: string;
    tokenSha256: string;
    expiresAt: Date;
    createdBy: string;
    createdAt: Date;
  }): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO second_opinion_referrer_link (id, request_id, token_sha256, expires_at, created_by, created_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)`,
      [link.requestId, link.tokenSha256, link.expiresAt, link.createdBy, link.createdAt],
    );
  }

  /** Revokes at `at` the request's links still in force; returns their ids. */
  async revokeAll(requestId: string, at: Date): Promise<string[]> {
    const [rows]: [Array<{ id: string }>, number] = await this.uow.manager.query(
      `UPDATE second_opinion_referrer_link SET revoked_at = $2
       WHERE request_id = $1 AND revoked_at IS NULL RETURNING id`,
      [requestId, at],
    );
    return rows.map((row) => row.id);
  }

  /** The link whose token has this hash, with its request, or null. */
  async byTokenHash(tokenSha256: string): Promise<ReferrerLinkWithRequest | null> {
    const [row] = await this.uow.manager.query<ReferrerLinkWithRequest[]>(
      `SELECT l.id, l.request_id, l.expires_at, l.revoked_at, r.board_id, r.status, r.patient_ref,
              r.follow_up_questions_allowed
       FROM second_opinion_referrer_link l JOIN second_opinion_request r ON r.id = l.request_id
       WHERE l.token_sha256 = $1`,
      [tokenSha256],
    );
    return row ? { ...row, expires_at: new Date(row.expires_at) } : null;
  }
}
