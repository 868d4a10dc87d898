import { ApiError, asSentence, errorMessage, fieldWords } from '../../api/errors';
import type { Schemas } from '../../api/types';
import type { Adherence, DeviationReason } from './words';

/** What the "Record outcome" form holds. */
export interface OutcomeValues {
  adherence: Adherence | null;
  deviationReason: DeviationReason | null;
  deviationDetail: string;
  outcomeNotes: string;
}

export type OutcomeField = keyof OutcomeValues;

export const OUTCOME_FIELDS: readonly OutcomeField[] = [
  'adherence',
  'deviationReason',
  'deviationDetail',
  'outcomeNotes',
];

/** The lengths the server's RecordOutcomeDto accepts. */
export const OUTCOME_LIMITS = { deviationDetail: 2000, outcomeNotes: 10_000 };

export const EMPTY_OUTCOME: OutcomeValues = {
  adherence: null,
  deviationReason: null,
  deviationDetail: '',
  outcomeNotes: '',
};

/** Whether the form asks why care deviated: whenever it was not implemented fully. */
export function asksForDeviation(adherence: Adherence | null): boolean {
  return adherence !== null && adherence !== 'implemented_fully';
}

/** The rule's refusal codes (libs/quality `validateFollowUpOutcome`) and the record's, in words. */
const CODE_WORDS = {
  unknown_adherence: 'Choose whether it was implemented fully, partly or not.',
  unknown_deviation_reason: 'Choose one of the listed reasons.',
  deviation_reason_required:
    'Say why care departed from the recommendation: it was not implemented fully.',
  deviation_not_applicable:
    'A recommendation implemented fully has no deviation to explain: leave the reason empty.',
  deviation_detail_required: 'Describe the deviation: the reason given is “Other”.',
  unknown_interval: 'This follow-up is not in the board’s schedule any more. Reload the list.',
} as const;

/** A refusal code's words, or undefined when the message is not one of the codes. */
function codeWords(message: string): string | undefined {
  return Object.hasOwn(CODE_WORDS, message)
    ? CODE_WORDS[message as keyof typeof CODE_WORDS]
    : undefined;
}

/**
 * What is wrong with the form before it is sent, field by field, as the server's rule
 * (`validateFollowUpOutcome` in libs/quality) would refuse it: adherence is required; a reason is
 * required unless it was implemented fully (and then there is none to give); the reason "other"
 * needs a description; texts within the server's lengths. Blank text counts as none.
 */
export function outcomeProblems(values: OutcomeValues): Partial<Record<OutcomeField, string>> {
  const problems: Partial<Record<OutcomeField, string>> = {};
  const detail = values.deviationDetail.trim();
  if (values.adherence === null) problems.adherence = CODE_WORDS.unknown_adherence;
  if (asksForDeviation(values.adherence)) {
    if (values.deviationReason === null)
      problems.deviationReason = CODE_WORDS.deviation_reason_required;
    else if (values.deviationReason === 'other' && !detail)
      problems.deviationDetail = CODE_WORDS.deviation_detail_required;
  }
  if (detail.length > OUTCOME_LIMITS.deviationDetail)
    problems.deviationDetail = `Keep the description to ${OUTCOME_LIMITS.deviationDetail} characters.`;
  if (values.outcomeNotes.trim().length > OUTCOME_LIMITS.outcomeNotes)
    problems.outcomeNotes = `Keep the notes to ${OUTCOME_LIMITS.outcomeNotes} characters.`;
  return problems;
}

/**
 * The request body for a valid form: texts trimmed, blank ones left out, and no deviation sent
 * for an outcome implemented fully.
 */
export function toRecordBody(
  intervalDays: number,
  values: OutcomeValues,
): Schemas['RecordOutcomeDto'] {
  if (values.adherence === null) throw new Error('the form is sent only with an adherence');
  const deviates = asksForDeviation(values.adherence);
  const detail = values.deviationDetail.trim();
  const notes = values.outcomeNotes.trim();
  return {
    intervalDays,
    adherence: values.adherence,
    deviationReason: deviates ? values.deviationReason : null,
    deviationDetail: deviates && detail ? detail : null,
    outcomeNotes: notes || null,
  };
}

/**
 * A refusal as the form shows it: what the server said about each field under that field (its
 * rule's codes in words), anything else above the buttons.
 */
export function outcomeRefusal(error: unknown): {
  fields: Partial<Record<OutcomeField, string>>;
  form: string | null;
} {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const fields: Partial<Record<OutcomeField, string>> = {};
  for (const field of OUTCOME_FIELDS) {
    const said = error.details
      .filter((detail) => detail.field === field)
      .map((detail) => codeWords(detail.message) ?? asSentence(fieldWords(field, detail.message)));
    if (said.length > 0) fields[field] = said.join(' ');
  }
  if (Object.keys(fields).length > 0) return { fields, form: null };
  const coded = error.details.map((detail) => codeWords(detail.message)).find(Boolean);
  if (coded) return { fields, form: coded };
  if (error.status === 409) return { fields, form: asSentence(error.message) };
  return { fields, form: errorMessage(error) };
}
