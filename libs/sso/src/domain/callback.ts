import type { ErrorDetail } from '@app/core';

/** The authorization response's parameters the callback acts on (others are ignored). */
export type CallbackParams =
  | { state: string; code: string }
  | { state: string; error: string; errorDescription: string | null };

/** Longest accepted parameters: far above what providers send, far below what could hurt. */
export const CALLBACK_LIMITS = {
  state: 512,
  code: 4096,
  error: 256,
  errorDescription: 1024,
} as const;

/** RFC 6749 appendix A: `state` and `code` are printable ASCII (VSCHAR). */
const VSCHAR = /^[\x20-\x7e]+$/;
/** RFC 6749 §4.1.2.1: `error` and `error_description` are printable ASCII without `"` and `\`. */
const ERROR_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The callback's query, checked: a state, and either a code or a provider's error. Anything else
 * (a parameter missing, repeated, or too long) is a malformed callback, answered 400.
 */
export function parseCallbackQuery(
  query: Record<string, unknown>,
): { ok: true; params: CallbackParams } | { ok: false; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const read = (name: string, limit: number, required: boolean): string | null => {
    const value = query[name];
    if (value === undefined) {
      if (required) problems.push({ field: name, message: `${name} is required` });
      return null;
    }
    if (typeof value !== 'string') {
      problems.push({ field: name, message: `${name} must be given once` });
      return null;
    }
    if (value.length === 0 || value.length > limit) {
      problems.push({ field: name, message: `${name} must be 1 to ${limit} characters` });
      return null;
    }
    return value;
  };
  const state = read('state', CALLBACK_LIMITS.state, true);
  const code = read('code', CALLBACK_LIMITS.code, false);
  const error = read('error', CALLBACK_LIMITS.error, false);
  const errorDescription = read('error_description', CALLBACK_LIMITS.errorDescription, false);
  if (state !== null && !VSCHAR.test(state))
    problems.push({ field: 'state', message: 'state must be printable ASCII' });
  if (code !== null && !VSCHAR.test(code))
    problems.push({ field: 'code', message: 'code must be printable ASCII' });
  if (error !== null && !ERROR_TEXT.test(error))
    problems.push({ field: 'error', message: 'error must be printable ASCII' });
  if (query.code === undefined && query.error === undefined)
    problems.push({ field: 'code', message: 'code (or error) is required' });
  if (query.code !== undefined && query.error !== undefined)
    problems.push({ field: 'code', message: 'code and error cannot both be given' });
  if (problems.length > 0 || state === null) return { ok: false, problems };
  if (code !== null) return { ok: true, params: { state, code } };
  return {
    ok: true,
    params: {
      state,
      error: error ?? '',
      errorDescription:
        errorDescription !== null && ERROR_TEXT.test(errorDescription) ? errorDescription : null,
    },
  };
}

/**
 * Where to go after signing in: a path of this site only (never another origin, `//host` or
 * `/\host`), else the home page.
 */
export function safeReturnPath(next: string | undefined): string {
  if (
    next === undefined ||
    next.length > 2048 ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\') ||
    /\p{Cc}/u.test(next)
  )
    return '/';
  return next;
}
