import type { ReviewRole } from '@app/contracts';
import type { Schemas } from '../../api/types';

/** An independent assessment as the API takes it (a reviewer's, or an arbiter's). */
export type AssessmentBody = Schemas['AssessmentDto'];

/** The limits of the server's AssessmentDto, on the trimmed text. */
export const LIMITS = {
  diagnosis: { min: 2, max: 2000 },
  stage: { min: 1, max: 200 },
  recommendation: { min: 2, max: 4000 },
  alternative: { min: 2, max: 1000 },
  alternatives: 10,
  risks: { min: 2, max: 4000 },
  pros: { min: 2, max: 4000 },
  cons: { min: 2, max: 4000 },
} as const;

/** The assessment as typed. */
export interface AssessmentValues {
  diagnosis: string;
  stage: string;
  recommendation: string;
  alternatives: Array<{ text: string }>;
  risks: string;
  pros: string;
  cons: string;
}

export const EMPTY_ASSESSMENT: AssessmentValues = {
  diagnosis: '',
  stage: '',
  recommendation: '',
  alternatives: [],
  risks: '',
  pros: '',
  cons: '',
};

/** What was typed, as the API takes it: trimmed, a blank stage left out. */
export function assessmentBody(values: AssessmentValues): AssessmentBody {
  const stage = values.stage.trim();
  return {
    diagnosis: values.diagnosis.trim(),
    ...(stage ? { stage } : {}),
    recommendation: values.recommendation.trim(),
    alternatives: values.alternatives.map((alternative) => alternative.text.trim()),
    risks: values.risks.trim(),
    pros: values.pros.trim(),
    cons: values.cons.trim(),
  };
}

/** A length rule on the trimmed text, said under the field's label. */
export function lengthRule({ min, max }: { min: number; max: number }, required = true) {
  return (value: string): string | true => {
    const length = value.trim().length;
    if (length === 0) return required ? 'Required.' : true;
    if (length < min) return `At least ${min} characters.`;
    if (length > max) return `At most ${max.toLocaleString('en-GB')} characters.`;
    return true;
  };
}

/**
 * Where a draft is kept: this tab's session storage, one per account, request and role, so a
 * reload does not lose what was typed and nobody else signing in here finds it.
 */
export function draftKey(userId: string, requestId: string, role: ReviewRole): string {
  return `tumor-board.assessment-draft.${role}.${requestId}.${userId}`;
}

/** The draft kept under `key`, or null when there is none (or it is not a draft). */
export function readDraft(key: string): AssessmentValues | null {
  try {
    const raw = window.sessionStorage.getItem(key);
    return raw ? asDraft(JSON.parse(raw)) : null;
  } catch {
    return null;
  }
}

/** Keeps the draft; false when the browser refuses (storage disabled or full). */
export function keepDraft(key: string, values: AssessmentValues): boolean {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(values));
    return true;
  } catch {
    return false;
  }
}

export function forgetDraft(key: string): void {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    // Storage the browser refuses holds no draft to forget.
  }
}

function asDraft(value: unknown): AssessmentValues | null {
  if (!value || typeof value !== 'object') return null;
  const found = value as Record<string, unknown>;
  const text = (name: keyof AssessmentValues) =>
    typeof found[name] === 'string' ? found[name] : '';
  const alternatives = Array.isArray(found.alternatives)
    ? found.alternatives.flatMap((alternative: unknown) =>
        alternative &&
        typeof alternative === 'object' &&
        typeof (alternative as { text?: unknown }).text === 'string'
          ? [{ text: (alternative as { text: string }).text }]
          : [],
      )
    : [];
  return {
    diagnosis: text('diagnosis'),
    stage: text('stage'),
    recommendation: text('recommendation'),
    alternatives: alternatives.slice(0, LIMITS.alternatives),
    risks: text('risks'),
    pros: text('pros'),
    cons: text('cons'),
  };
}
