import { Injectable } from '@nestjs/common';
import { RecommendationContent, RecommendationView } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { HashedRecommendation, Recommendation } from './domain';

export interface RecommendationRow {
  id: string;
  case_id: string;
  board_id: string;
  vote_id: string | null;
  version: number;
  previous_version_id: string | null;
  amendment_reason: string | null;
  status: RecommendationView['status'];
  content: RecommendationContent;
  decision: RecommendationView['decision'];
  notes_snapshot: string;
  notes_sha256: string;
  content_hash: string;
  signer_id: string | null;
  signed_at: Date | null;
  signature: string | null;
  published_by: string | null;
  published_at: Date | null;
  created_by: string;
  created_at: Date;
  /** The version that amends this one, if any. */
  superseded_by: string | null;
}

/** A new draft version, the first of its chain or an amendment of `previousVersionId`. */
export interface NewRecommendationRow {
  id: string;
  caseId: string;
  boardId: string;
  voteId: string | null;
  version: number;
  previousVersionId: string | null;
  amendmentReason: string | null;
  content: RecommendationContent;
  decision: RecommendationView['decision'];
  notesSnapshot: string;
  notesSha256: string;
  contentHash: string;
  createdBy: string;
  createdAt: Date;
}

const SELECT_ROW = `
  SELECT r.id, r.case_id, r.board_id, r.vote_id, r.version, r.previous_version_id, r.amendment_reason, r.status,
         r.content, r.decision, r.notes_snapshot, r.notes_sha256, r.content_hash, r.signer_id,
         r.signed_at, r.signature, r.published_by, r.published_at,
         r.created_by, r.created_at, n.id AS superseded_by
  FROM recommendation r
  LEFT JOIN recommendation n ON n.previous_version_id = r.id`;

/**
 * Recommendation versions (recommendation), with the PDF report and FHIR bundle stored on
 * publication. A database trigger refuses changes to a signed or published version. Inside a
 * transaction it joins it.
 */
@Injectable()
export class RecommendationRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async find(id: string): Promise<RecommendationRow | null> {
    const [row] = await this.uow.manager.query(`${SELECT_ROW} WHERE r.id = $1`, [id]);
    return (row as RecommendationRow | undefined) ?? null;
  }

  /** The case's versions, oldest first. */
  async forCase(caseId: string): Promise<RecommendationRow[]> {
    return this.uow.manager.query(
      `${SELECT_ROW} WHERE r.case_id = $1 ORDER BY r.created_at, r.version`,
      [caseId],
    );
  }

  /** The board and case of a version, read without a lock (to check access before taking one). */
  async ownerOf(id: string): Promise<{ boardId: string; caseId: string } | null> {
    const [found] = await this.uow.manager.query(
      `SELECT board_id, case_id FROM recommendation WHERE id = $1`,
      [id],
    );
    return found ? { boardId: found.board_id, caseId: found.case_id } : null;
  }

  /** Whether the vote already has a recommendation drafted from it. */
  async existsForVote(voteId: string): Promise<boolean> {
    const [existing] = await this.uow.manager.query(
      `SELECT id FROM recommendation WHERE vote_id = $1`,
      [voteId],
    );
    return existing !== undefined;
  }

  async insertDraft(row: NewRecommendationRow): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO recommendation (id, case_id, board_id, vote_id, version, previous_version_id, amendment_reason,
         status, content, decision, notes_snapshot, notes_sha256, content_hash, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11, $12, $13, $14)`,
      [
        row.id,
        row.caseId,
        row.boardId,
        row.voteId,
        row.version,
        row.previousVersionId,
        row.amendmentReason,
        JSON.stringify(row.content),
        JSON.stringify(row.decision),
        row.notesSnapshot,
        row.notesSha256,
        row.contentHash,
        row.createdBy,
        row.createdAt,
      ],
    );
  }

  async updateContent(
    id: string,
    content: RecommendationContent,
    contentHash: string,
  ): Promise<void> {
    await this.uow.manager.query(
      `UPDATE recommendation SET content = $2, content_hash = $3 WHERE id = $1`,
      [id, JSON.stringify(content), contentHash],
    );
  }

  async sign(id: string, signerId: string, signedAt: Date, signature: string): Promise<void> {
    await this.uow.manager.query(
      `UPDATE recommendation SET status = 'signed', signer_id = $2, signed_at = $3, signature = $4 WHERE id = $1`,
      [id, signerId, signedAt, signature],
    );
  }

  async publish(
    id: string,
    publishedBy: string,
    publishedAt: Date,
    documents: { pdf: Buffer; fhir: object },
  ): Promise<void> {
    await this.uow.manager.query(
      `UPDATE recommendation SET status = 'published', published_by = $2, published_at = $3, pdf = $4, fhir = $5
       WHERE id = $1`,
      [id, publishedBy, publishedAt, documents.pdf, JSON.stringify(documents.fhir)],
    );
  }

  /** The stored PDF report of a published version; null if the version is not published. */
  async publishedPdf(id: string): Promise<{ pdf: Buffer; version: number } | null> {
    const [row] = await this.uow.manager.query(
      `SELECT pdf, version FROM recommendation WHERE id = $1 AND status = 'published'`,
      [id],
    );
    return row ? { pdf: row.pdf as Buffer, version: row.version } : null;
  }

  /** The stored FHIR bundle of a published version; null if the version is not published. */
  async publishedFhir(id: string): Promise<object | null> {
    const [row] = await this.uow.manager.query(
      `SELECT fhir FROM recommendation WHERE id = $1 AND status = 'published'`,
      [id],
    );
    return row ? (row.fhir as object) : null;
  }
}

/** The parts of a stored version its content hash covers. */
export function hashedPartsOf(row: RecommendationRow): HashedRecommendation {
  return {
    caseId: row.case_id,
    voteId: row.vote_id,
    version: row.version,
    previousVersionId: row.previous_version_id,
    content: row.content,
    decision: row.decision,
    notesSha256: row.notes_sha256,
  };
}

/** The version as the pure lifecycle rules see it. */
export function lifecycleOf(row: RecommendationRow): Recommendation {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    content: row.content_hash,
    previousVersionId: row.previous_version_id,
    amendmentReason: row.amendment_reason,
    signedBy: row.signer_id,
    publishedBy: row.published_by,
  };
}
