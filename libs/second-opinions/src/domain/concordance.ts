import { CONCORDANCE_CLASSES_BY_SEVERITY, ConcordanceClassName } from '@app/contracts';

/** The reviewer's classification (see `CONCORDANCE_CLASSES_BY_SEVERITY` for the classes). */
export interface Concordance {
  classification: ConcordanceClassName;
  /** Why the opinions differ, trimmed; null only for `confirmed` without a comment. */
  rationale: string | null;
}

/** What a reviewer submits, before validation. */
export interface ConcordanceInput {
  classification: string;
  rationale?: string | null;
}

export type ConcordanceRefusal = 'unknown_classification' | 'rationale_required';

export type ConcordanceValidation =
  { ok: true; value: Concordance } | { ok: false; code: ConcordanceRefusal; message: string };

export function isConcordanceClass(value: string): value is ConcordanceClassName {
  return (CONCORDANCE_CLASSES_BY_SEVERITY as readonly string[]).includes(value);
}

/**
 * The reviewer's classification, or why it is refused:
 * - the class must be one of the four (`unknown_classification`);
 * - every class but `confirmed` needs a rationale that is not blank (`rationale_required`);
 *   `confirmed` may carry one. The rationale is kept trimmed; a blank one is no rationale.
 */
export function validateConcordance(input: ConcordanceInput): ConcordanceValidation {
  const { classification } = input;
  if (!isConcordanceClass(classification))
    return {
      ok: false,
      code: 'unknown_classification',
      message: `unknown concordance class "${classification}": expected one of ${CONCORDANCE_CLASSES_BY_SEVERITY.join(', ')}`,
    };
  const rationale = input.rationale?.trim() || null;
  if (rationale === null && classification !== 'confirmed')
    return {
      ok: false,
      code: 'rationale_required',
      message: `a rationale is required when the second opinion is ${classification.replace(/_/g, ' ')}`,
    };
  return { ok: true, value: { classification, rationale } };
}
