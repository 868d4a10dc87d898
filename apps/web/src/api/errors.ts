import type { ErrorBody } from '@app/contracts';

/** A refusal from the server, in the words it gave, with the fields it named. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly details: Array<{ field?: string; message: string }>;
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    body: Partial<ErrorBody> | null,
    retryAfterSeconds: number | null = null,
  ) {
    super(body?.message ?? describeStatus(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code;
    this.details = Array.isArray(body?.details) ? body.details : [];
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Messages for one field (`diagnosis.icd10`), or for a field and everything under it, worded
   * to stand under the field's label (see `fieldWords`).
   */
  fieldMessages(field: string): string[] {
    return this.details
      .filter((detail) => detail.field === field || detail.field?.startsWith(`${field}.`))
      .map((detail) => fieldWords(detail.field, detail.message));
  }

  get isConflict(): boolean {
    return this.status === 409;
  }
}

export function describeStatus(status: number): string {
  if (status === 0) return 'The server could not be reached. Check your connection and try again.';
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'You do not have permission to do this.';
  if (status === 404) return 'This could not be found, or you do not have access to it.';
  if (status === 413) return 'That is larger than the server accepts.';
  if (status === 429) return 'Too many attempts. Please wait a moment and try again.';
  if (status >= 500) return 'The server ran into a problem. Please try again in a moment.';
  return 'The request was refused.';
}

/** Reads an error response into an ApiError, whatever its body. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    const parsed: unknown = await response.clone().json();
    if (parsed && typeof parsed === 'object') body = parsed as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  return refusal(response, body);
}

/** The refusal a response stands for, given its body as already read. */
export function refusal(response: Response, body: Partial<ErrorBody> | null): ApiError {
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    body,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.retryAfterSeconds)
      return `Too many attempts. Try again in ${error.retryAfterSeconds} seconds.`;
    return error.message;
  }
  if (error instanceof TypeError) return describeStatus(0);
  return 'Something went wrong. Please try again.';
}

/** Class-validator's stock phrasings (after the field's name), as a form says them. */
const STOCK_WORDS: ReadonlyArray<[RegExp, (...found: string[]) => string]> = [
  [/^must be longer than or equal to 1 characters?$/, () => 'Required.'],
  [/^must be longer than or equal to (\d+) characters?$/, (n) => `At least ${n} characters.`],
  [/^must be shorter than or equal to (\d+) characters?$/, (n) => `At most ${n} characters.`],
  [/^must be a valid ISO 8601 date string$/, () => 'Enter a valid date.'],
  [/^must not be greater than (-?[\d.]+)$/, (n) => `At most ${n}.`],
  [/^must not be less than (-?[\d.]+)$/, (n) => `At least ${n}.`],
  [/^should not be empty$/, () => 'Required.'],
  [/^is required(\b.*)?$/, (rest = '') => `Required${rest}.`],
];

/**
 * A refusal about a field as it reads under that field's label. The API names the field first
 * ("icd10 must be an ICD-10 code such as C34.1", "firstTreatment.startedOn must not be in the
 * future"); under a labelled field that name is noise, so it is dropped and the rest said as a
 * sentence ("Must be an ICD-10 code such as C34.1."), with class-validator's stock phrasings in
 * plain words ("must be longer than or equal to 1 characters" → "Required."). A message that does
 * not start with the field's name (a readiness item, "'T9' is not a valid T category") is kept
 * as the server wrote it.
 */
export function fieldWords(field: string | undefined, message: string): string {
  const text = message.trim();
  if (!field) return text;
  const names = [field, field.split('.').at(-1) ?? field];
  const name = names.find((candidate) => candidate && text.startsWith(`${candidate} `));
  if (!name) return text;
  const rest = text.slice(name.length + 1).trim();
  const bare = rest.replace(/\.$/, '');
  for (const [pattern, say] of STOCK_WORDS) {
    const found = pattern.exec(bare);
    if (found) return say(...found.slice(1));
  }
  return asSentence(rest);
}

/** Text as a sentence: capitalised, ending in a full stop (unless it ends in ! or ? already). */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * What the server said about a field, to show under it (every message, each a sentence), or
 * undefined when the refusal did not name it.
 */
export function fieldProblem(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = error.fieldMessages(field);
  return messages.length > 0 ? messages.map(asSentence).join(' ') : undefined;
}

/** Whether a refusal named one of these fields (so it is shown beside them, not above the buttons). */
export function namesAField(error: unknown, fields: readonly string[]): boolean {
  return error instanceof ApiError && fields.some((field) => error.fieldMessages(field).length > 0);
}
