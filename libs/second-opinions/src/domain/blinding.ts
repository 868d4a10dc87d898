import { assertInstant, assertUnique } from '@app/core';

/** A reviewer's answer to the conflict-of-interest question for this request. */
export type ConflictAttestation = 'no_conflict' | 'conflict_declared';

/** A specialist who could review the request. */
export interface CandidateReviewer {
  reviewerId: string;
  /** The institutions the reviewer currently works for, as written in their credentials. */
  institutions: readonly string[];
  /** Null while the reviewer has not answered. */
  attestation: ConflictAttestation | null;
}

/**
 * Why a reviewer may not review this request:
 * - `same_institution`: one of their institutions is the first opinion's;
 * - `already_reviewing`: they are one of the request's reviewers, so they cannot arbitrate it;
 * - `conflict_declared`: they declared a conflict of interest;
 * - `no_attestation`: they have not attested to having no conflict of interest.
 */
export type ExclusionReason =
  'same_institution' | 'already_reviewing' | 'conflict_declared' | 'no_attestation';

export interface ExcludedReviewer {
  reviewerId: string;
  /** Every reason that applies, in the order of `ExclusionReason`. */
  reasons: ExclusionReason[];
}

export interface IndependenceScreen {
  /** Reviewers who may review, in the order given. */
  eligible: string[];
  /** Reviewers who may not, in the order given. */
  excluded: ExcludedReviewer[];
}

/**
 * Whether a reviewer may see the first opinion: only once their own independent assessment is
 * submitted, so that the first opinion cannot anchor it. A draft does not count: only a
 * submission date does.
 */
export function mayRevealFirstOpinion(assessmentSubmittedAt: Date | null): boolean {
  if (assessmentSubmittedAt === null) return false;
  assertInstant(assessmentSubmittedAt, 'assessmentSubmittedAt');
  return true;
}

/**
 * Sorts candidates into those who may review the request and those who may not (see
 * `ExclusionReason`). Institutions are compared after `normaliseInstitutionName`; when the first
 * opinion's institution is unknown (null or blank), nobody is excluded for their institution.
 * `reviewing` lists the request's reviewers when a third reviewer is screened to arbitrate it:
 * none of them may. A reviewer listed twice is a programming error.
 */
export function independenceExclusion(
  reviewers: readonly CandidateReviewer[],
  firstOpinionInstitution: string | null,
  reviewing: readonly string[] = [],
): IndependenceScreen {
  assertUnique(
    reviewers.map((reviewer) => reviewer.reviewerId),
    'reviewer',
  );
  const screen: IndependenceScreen = { eligible: [], excluded: [] };
  for (const reviewer of reviewers) {
    const reasons = exclusionReasons(reviewer, firstOpinionInstitution, reviewing);
    if (reasons.length === 0) screen.eligible.push(reviewer.reviewerId);
    else screen.excluded.push({ reviewerId: reviewer.reviewerId, reasons });
  }
  return screen;
}

/**
 * Abbreviations written out by `normaliseInstitutionName`, after lower-casing and with the
 * full stop already gone. "St" is read as "saint", as in hospital and university names.
 */
export const INSTITUTION_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['univ', 'university'],
  ['hosp', 'hospital'],
  ['ctr', 'center'],
  ['cntr', 'center'],
  ['centre', 'center'],
  ['med', 'medical'],
  ['inst', 'institute'],
  ['natl', 'national'],
  ['intl', 'international'],
  ['gen', 'general'],
  ['dept', 'department'],
  ['st', 'saint'],
  ['mt', 'mount'],
]);

/**
 * An institution name reduced so that ways of writing the same name compare equal:
 * 1. accents dropped ("Hôpital" → "hopital") and letters lower-cased;
 * 2. apostrophes dropped ("St Mary's" → "st marys"), "&" read as "and";
 * 3. every other run of punctuation or whitespace becomes one space, none at either end;
 * 4. the words of `INSTITUTION_ABBREVIATIONS` written out ("Univ." → "university",
 *    "Hosp." → "hospital", "Ctr" and "Centre" → "center") and the word "the" dropped.
 * Word order and language are kept: "University of X" and "X University" stay different, and an
 * acronym ("MSKCC") does not match the full name, which an institution registry must resolve.
 */
export function normaliseInstitutionName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && word !== 'the')
    .map((word) => INSTITUTION_ABBREVIATIONS.get(word) ?? word)
    .join(' ');
}

/** Whether two names are the same institution; a name that normalises to nothing matches none. */
export function sameInstitution(a: string, b: string): boolean {
  const normalised = normaliseInstitutionName(a);
  return normalised !== '' && normalised === normaliseInstitutionName(b);
}

function exclusionReasons(
  reviewer: CandidateReviewer,
  firstOpinionInstitution: string | null,
  reviewing: readonly string[],
): ExclusionReason[] {
  const reasons: ExclusionReason[] = [];
  if (
    firstOpinionInstitution !== null &&
    reviewer.institutions.some((institution) =>
      sameInstitution(institution, firstOpinionInstitution),
    )
  )
    reasons.push('same_institution');
  if (reviewing.includes(reviewer.reviewerId)) reasons.push('already_reviewing');
  if (reviewer.attestation === 'conflict_declared') reasons.push('conflict_declared');
  if (reviewer.attestation === null) reasons.push('no_attestation');
  return reasons;
}
