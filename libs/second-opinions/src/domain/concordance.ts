/**
 * How the second opinion compares with the first, as classified by the reviewer once their
 * independent assessment is submitted and the first opinion revealed:
 * - `confirmed`: same diagnosis, same treatment;
 * - `clarified`: same diagnosis and treatment in substance, with detail added or made precise
 *   (e.g. a stage subgroup, a margin, a dose, the order of two modalities);
 * - `treatment_changed`: the diagnosis stands but a materially different treatment is
 *   recommended (another modality, intent or sequence, or surveillance instead of treatment);
 * - `diagnosis_changed`: another diagnosis (tumour type, primary site, or a stage that changes
 *   management). When both diagnosis and treatment change, this class is the one to record.
 */
export type ConcordanceClass =
  'confirmed' | 'clarified' | 'treatment_changed' | 'diagnosis_changed';

/** Every class, most severe first: the order metrics are listed in. */
export const CONCORDANCE_CLASSES_BY_SEVERITY: readonly ConcordanceClass[] = Object.freeze([
  'diagnosis_changed',
  'treatment_changed',
  'clarified',
  'confirmed',
]);

export interface Concordance {
  classification: ConcordanceClass;
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

export function isConcordanceClass(value: string): value is ConcordanceClass {
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
