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

  /** Messages for one field (`diagnosis.icd10`), or for a field and everything under it. */
  fieldMessages(field: string): string[] {
    return this.details
      .filter((detail) => detail.field === field || detail.field?.startsWith(`${field}.`))
      .map((detail) => detail.message);
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
