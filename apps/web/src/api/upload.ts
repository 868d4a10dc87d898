import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { TokenSource } from './client';

/**
 * Sending a request body with upload progress. `fetch` reports no upload progress, so this uses
 * XMLHttpRequest, with the session's bearer token in the Authorization header (never in the
 * URL) and, like the API client, one retry with a renewed token after a 401.
 */
export interface ProgressRequest {
  method?: 'POST' | 'PUT';
  url: string;
  body: FormData | Blob;
  /** Bytes sent so far and the total, as the browser reports them. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/** Resolves with the server's answer as a Response (read it with `toApiError` when not ok). */
export async function sendWithProgress(
  tokens: TokenSource,
  request: ProgressRequest,
): Promise<Response> {
  const token = await tokens.accessToken();
  const response = await send(token, request);
  if (response.status !== 401) return response;
  return send(await tokens.recover(token), request);
}

/**
 * The same for a page opened without an account (a referrer's link): no Authorization header;
 * the link's token travels in the URL's path, as the public API takes it.
 */
export function sendPublicWithProgress(request: ProgressRequest): Promise<Response> {
  return send(null, request);
}

function send(token: string | null, request: ProgressRequest): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(request.method ?? 'POST', request.url);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => resolve(toResponse(xhr));
    // A network failure surfaces as a TypeError, like fetch's, so errorMessage() words it.
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.ontimeout = () => reject(new TypeError('network timeout'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(request.body);
  });
}

function toResponse(xhr: XMLHttpRequest): Response {
  const headers = new Headers();
  for (const line of xhr
    .getAllResponseHeaders()
    .trim()
    .split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
  return new Response(empty ? null : xhr.responseText, { status: xhr.status, headers });
}

const TokenSourceContext = createContext<TokenSource | null>(null);

/** Gives the screens below a way to authorise requests the typed client cannot make (uploads). */
export function TokenSourceProvider({
  tokens,
  children,
}: {
  tokens: TokenSource;
  children: ReactNode;
}) {
  return createElement(TokenSourceContext.Provider, { value: tokens }, children);
}

export function useTokenSource(): TokenSource {
  const tokens = useContext(TokenSourceContext);
  if (!tokens) throw new Error('used outside TokenSourceProvider');
  return tokens;
}
