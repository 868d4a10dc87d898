import { createHash, createHmac } from 'node:crypto';
import { RecommendationContent, RecommendationView } from '@app/contracts';
import { canonicalJson } from '@app/core';

/** What a recommendation version's content hash covers: the version, its content, and what it was decided from. */
export interface HashedRecommendation {
  caseId: string;
  voteId: string | null;
  version: number;
  previousVersionId: string | null;
  content: RecommendationContent;
  decision: RecommendationView['decision'];
  /** The hash of the notes snapshot frozen with the version. */
  notesSha256: string;
}

/** SHA-256 (hex) of the canonical JSON of the hashed parts: what the chair signs. */
export function recommendationContentHash(parts: HashedRecommendation): string {
  const { caseId, voteId, version, previousVersionId, content, decision, notesSha256 } = parts;
  return createHash('sha256')
    .update(
      canonicalJson({ caseId, voteId, version, previousVersionId, content, decision, notesSha256 }),
    )
    .digest('hex');
}

/** Who signed which content hash, and when. */
export interface RecommendationSigning {
  contentHash: string;
  signerId: string;
  signedAt: Date;
}

/**
 * The signature of a recommendation: HMAC-SHA256 (hex) with the server's signing key over
 * `<content hash>.<signer id>.<signing time, ISO 8601 UTC>`, so neither the content, nor the
 * signer, nor the time can change without the key.
 */
export function signRecommendation(signingKey: Buffer, signing: RecommendationSigning): string {
  return createHmac('sha256', signingKey)
    .update(`${signing.contentHash}.${signing.signerId}.${signing.signedAt.toISOString()}`)
    .digest('hex');
}
