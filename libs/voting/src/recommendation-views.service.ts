import { Injectable } from '@nestjs/common';
import { RecommendationView } from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { CaseLookup } from '@app/cases';
import { Conflict, NotFound } from '@app/core';
import { RecommendationRepository, RecommendationRow } from './recommendation.repository';

/**
 * Recommendation versions as members of their board see them (anyone else: "not found"), and
 * the documents stored with a published version.
 */
@Injectable()
export class RecommendationViewsService {
  constructor(
    private readonly recommendations: RecommendationRepository,
    private readonly boards: BoardAccessService,
    private readonly cases: CaseLookup,
    private readonly users: UserLookup,
  ) {}

  /** A version; one on a board the caller is not on is "not found". */
  async get(user: AuthenticatedUser, id: string): Promise<RecommendationView> {
    const row = await this.recommendations.find(id);
    if (!row) throw new NotFound('recommendation', id);
    await this.boards.requireAccess(user, row.board_id, BoardAction.View, {
      kind: 'recommendation',
      id,
    });
    return this.view(row);
  }

  /** The case's versions, oldest first. */
  async forCase(user: AuthenticatedUser, caseId: string): Promise<RecommendationView[]> {
    const found = await this.cases.clinicalCase(caseId);
    if (!found) throw new NotFound('case', caseId);
    await this.boards.requireAccess(user, found.boardId, BoardAction.View, {
      kind: 'case',
      id: caseId,
    });
    const rows = await this.recommendations.forCase(caseId);
    const signers = await this.users.summaries(rows.flatMap((row) => row.signer_id ?? []));
    const names = new Map(signers.map((signer) => [signer.id, signer.displayName]));
    return rows.map((row) => toView(row, names));
  }

  /** The published PDF report. */
  async pdf(user: AuthenticatedUser, id: string): Promise<{ pdf: Buffer; version: number }> {
    await this.get(user, id);
    const published = await this.recommendations.publishedPdf(id);
    if (!published) throw new Conflict('the recommendation is not published yet');
    return published;
  }

  /** The published FHIR R4 document bundle. */
  async fhir(user: AuthenticatedUser, id: string): Promise<object> {
    await this.get(user, id);
    const fhir = await this.recommendations.publishedFhir(id);
    if (!fhir) throw new Conflict('the recommendation is not published yet');
    return fhir;
  }

  /** The version as clients see it, with its signer's name. */
  async view(row: RecommendationRow): Promise<RecommendationView> {
    const signer = row.signer_id ? await this.users.summary(row.signer_id) : null;
    return toView(row, new Map(signer ? [[signer.id, signer.displayName]] : []));
  }
}

/** `signerNames`: display names by user id, holding the row's signer. */
function toView(
  row: RecommendationRow,
  signerNames: ReadonlyMap<string, string>,
): RecommendationView {
  return {
    id: row.id,
    caseId: row.case_id,
    boardId: row.board_id,
    voteId: row.vote_id,
    version: row.version,
    previousVersionId: row.previous_version_id,
    amendmentReason: row.amendment_reason,
    status: row.status,
    content: row.content,
    decision: row.decision,
    notesSnapshot: { text: row.notes_snapshot, sha256: row.notes_sha256 },
    contentHash: row.content_hash,
    signature:
      row.signer_id && row.signed_at && row.signature
        ? {
            signerId: row.signer_id,
            signerName: signerNames.get(row.signer_id) ?? '',
            signedAt: new Date(row.signed_at).toISOString(),
            contentHash: row.content_hash,
            value: row.signature,
          }
        : null,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    publishedBy: row.published_by,
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
    supersededBy: row.superseded_by,
  };
}
