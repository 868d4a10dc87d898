import { Injectable } from '@nestjs/common';
import {
  RecommendationContent,
  VoteOptionView,
  VoteOutcomeView,
  VoteTallyView,
} from '@app/contracts';
import { CaseLookup } from '@app/cases';
import { UnitOfWork } from '@app/persistence';
import { RecommendationRepository } from './recommendation.repository';

/** A published recommendation version as it is announced outside (webhooks). */
export interface PublishedRecommendation {
  id: string;
  boardId: string;
  caseId: string;
  /** The case's patient pseudonym, never the MRN. */
  patientRef: string;
  version: number;
  previousVersionId: string | null;
  contentHash: string;
  publishedAt: Date;
}

/** A chain of recommendation versions with a published version (see `publishedChains`). */
export interface PublishedRecommendationChain {
  /** The chain's first published version. */
  id: string;
  boardId: string;
  caseId: string;
  /** The chain's latest published version. */
  currentVersionId: string;
  publishedAt: Date;
}

/** A case's vote as a second-opinion panel reads it: its options and, once closed, its result. */
export interface CaseVote {
  id: string;
  round: number;
  status: 'open' | 'closed';
  options: VoteOptionView[];
  result: { outcome: VoteOutcomeView; tally: VoteTallyView } | null;
  closedAt: Date | null;
}

interface PublishedChainRow {
  id: string;
  board_id: string;
  case_id: string;
  current_version_id: string;
  published_at: Date;
}

/** `publishedChains`: $1 the board, $2 a version of the one chain wanted, $3 the publication bound. */
const PUBLISHED_CHAINS = `
  WITH RECURSIVE chain AS (
    SELECT id AS root_id, id, version, status, published_at
    FROM recommendation WHERE board_id = $1 AND previous_version_id IS NULL
    UNION ALL
    SELECT chain.root_id, r.id, r.version, r.status, r.published_at
    FROM recommendation r JOIN chain ON r.previous_version_id = chain.id
  ), published AS (
    SELECT * FROM chain
    WHERE status = 'published' AND ($2::uuid IS NULL OR root_id = (SELECT root_id FROM chain WHERE id = $2))
  ), first_published AS (
    SELECT DISTINCT ON (root_id) root_id, id, published_at FROM published ORDER BY root_id, version
  ), latest_published AS (
    SELECT DISTINCT ON (root_id) root_id, id FROM published ORDER BY root_id, version DESC
  )
  SELECT f.id, r.board_id, r.case_id, l.id AS current_version_id, f.published_at
  FROM first_published f
  JOIN latest_published l USING (root_id)
  JOIN recommendation r ON r.id = f.id
  WHERE $3::timestamptz IS NULL OR f.published_at <= $3`;

/**
 * Read functions over the voting lib's votes, voters and recommendations for other libs, which never name these tables themselves
 * (docs/architecture.md, "Table owners"). Inside a transaction they join it (`uow.manager`).
 */
@Injectable()
export class VoteLookup {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly recommendations: RecommendationRepository,
    private readonly cases: CaseLookup,
  ) {}

  /** A published recommendation version, with its case's patient reference; null if it is not published. */
  async publishedRecommendation(id: string): Promise<PublishedRecommendation | null> {
    const row = await this.recommendations.find(id);
    if (!row || row.status !== 'published' || !row.published_at) return null;
    const clinicalCase = await this.cases.clinicalCase(row.case_id);
    if (!clinicalCase) return null;
    return {
      id: row.id,
      boardId: row.board_id,
      caseId: row.case_id,
      patientRef: clinicalCase.patientRef,
      version: row.version,
      previousVersionId: row.previous_version_id,
      contentHash: row.content_hash,
      publishedAt: new Date(row.published_at),
    };
  }

  /** The case's vote of the latest round, or null if none was opened on it. */
  async latestVoteOnCase(caseId: string): Promise<CaseVote | null> {
    const [row] = await this.uow.manager.query<
      Array<Omit<CaseVote, 'closedAt'> & { closed_at: Date | null }>
    >(
      `SELECT id, round, status, options, result, closed_at FROM vote WHERE case_id = $1
       ORDER BY round DESC LIMIT 1`,
      [caseId],
    );
    if (!row) return null;
    const { closed_at: closedAt, ...vote } = row;
    return { ...vote, closedAt: closedAt ? new Date(closedAt) : null };
  }

  /** The users on a vote's voter roll. */
  async voterIds(voteId: string): Promise<string[]> {
    const rows = await this.uow.manager.query<Array<{ user_id: string }>>(
      `SELECT user_id FROM vote_voter WHERE vote_id = $1`,
      [voteId],
    );
    return rows.map((row) => row.user_id);
  }

  /** The board of a recommendation version, or null if there is no such version. */
  async boardOfRecommendation(id: string): Promise<string | null> {
    const [row] = await this.uow.manager.query<Array<{ board_id: string }>>(
      `SELECT board_id FROM recommendation WHERE id = $1`,
      [id],
    );
    return row?.board_id ?? null;
  }

  /**
   * The chains of a board's recommendation versions that have a published version; per chain,
   * its first published version (`id`, `publishedAt`) and its latest published one. `versionId`,
   * if given, keeps only the chain holding that version; `publishedBy`, if given, only the chains
   * first published by then.
   */
  async publishedChains(
    boardId: string,
    filter: { versionId: string | null; publishedBy: Date | null },
  ): Promise<PublishedRecommendationChain[]> {
    const rows = await this.uow.manager.query<PublishedChainRow[]>(PUBLISHED_CHAINS, [
      boardId,
      filter.versionId,
      filter.publishedBy,
    ]);
    return rows.map((row) => ({
      id: row.id,
      boardId: row.board_id,
      caseId: row.case_id,
      currentVersionId: row.current_version_id,
      publishedAt: new Date(row.published_at),
    }));
  }

  /** The content of every published recommendation version of these cases, by case. */
  async publishedContentsByCase(caseIds: string[]): Promise<Map<string, RecommendationContent[]>> {
    const byCase = new Map<string, RecommendationContent[]>();
    if (caseIds.length === 0) return byCase;
    const rows = await this.uow.manager.query<
      Array<{ case_id: string; content: RecommendationContent }>
    >(
      `SELECT case_id, content FROM recommendation
       WHERE status = 'published' AND case_id = ANY($1::uuid[])`,
      [[...new Set(caseIds)]],
    );
    for (const row of rows)
      byCase.set(row.case_id, [...(byCase.get(row.case_id) ?? []), row.content]);
    return byCase;
  }
}
