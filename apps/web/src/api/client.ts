import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { ErrorBody } from '@app/contracts';
import { ApiError, refusal, toApiError } from './errors';

/** What the API client needs from the session: a valid token, and a second chance after a 401. */
export interface TokenSource {
  accessToken(): Promise<string>;
  recover(rejected: string): Promise<string>;
}

/**
 * The typed REST client, generated from the server's OpenAPI document (`npm run api:generate`).
 * Every call carries the session's access token; a 401 on a token believed valid is retried once
 * with a renewed one (the session may have been refreshed by another tab).
 */
export function createApi(session: TokenSource) {
  const authorisedFetch = async (request: Request): Promise<Response> => {
    const retry = request.clone();
    const token = await session.accessToken();
    request.headers.set('authorization', `Bearer ${token}`);
    const response = await fetch(request);
    if (response.status !== 401) return response;
    const renewed = await session.recover(token);
    retry.headers.set('authorization', `Bearer ${renewed}`);
    return fetch(retry);
  };
  return createClient<paths>({ baseUrl: '', fetch: authorisedFetch });
}

export type Api = ReturnType<typeof createApi>;

/**
 * The client for the pages opened from a referrer's link, who has no account: no session and
 * no Authorization header (the link's token is in the path, as the public API takes it).
 */
export function createPublicApi(): Api {
  return createClient<paths>({
    baseUrl: window.location.origin,
    fetch: (request) => globalThis.fetch(request),
  });
}

/** Unwraps an openapi-fetch result: the data, or the server's refusal as an ApiError. */
export async function data<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const result = await call;
  if (result.response.ok) return result.data as T;
  // openapi-fetch has already read a refusal's body into `error`; the response cannot be read again.
  if (result.error !== null && typeof result.error === 'object') {
    throw refusal(result.response, result.error as Partial<ErrorBody>);
  }
  throw await toApiError(result.response);
}

export { ApiError };
