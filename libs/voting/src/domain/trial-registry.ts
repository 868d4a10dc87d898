const CANONICAL_NCT_ID = /^NCT[0-9]{8}$/;
const TYPED_NCT_ID = /^nct([0-9]{8})$/i;

/**
 * Whether `value` is a ClinicalTrials.gov identifier written the way the registry writes it:
 * upper-case `NCT` followed by exactly eight ASCII digits, nothing before or after
 * (e.g. `NCT04368728`). Lower-case or padded input is not canonical: pass it through
 * `normaliseNctId` first.
 */
export function isNctId(value: string): boolean {
  return CANONICAL_NCT_ID.test(value);
}

/**
 * The canonical identifier for what a clinician typed, or null if it is not one. Only two
 * liberties are taken: surrounding whitespace is dropped and the `NCT` prefix may be in any
 * case (`nct04368728` → `NCT04368728`). Inner spaces, dashes or a wrong digit count are refused.
 */
export function normaliseNctId(value: string): string | null {
  const match = TYPED_NCT_ID.exec(value.trim());
  return match === null ? null : `NCT${match[1]}`;
}
