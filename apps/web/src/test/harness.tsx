import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import createClient from 'openapi-fetch';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import type { UserView } from '@app/contracts';
import type { Api, TokenSource } from '../api/client';
import { ConnectionProvider } from '../api/context';
import type { paths } from '../api/schema';
import { TokenSourceProvider } from '../api/upload';
import { me } from './fixtures';

/** A fake server, a fake API and the providers a screen runs in (tests only). */

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * A fake server: each request goes to the first route whose method and path match, in order;
 * a route may be used once (`once`) so a sequence of answers can be scripted.
 */
export function fakeServer() {
  const routes: Array<{
    method: string;
    path: RegExp;
    handler: Handler;
    once: boolean;
    used: boolean;
  }> = [];
  const calls: Call[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const call = {
      method: request.method,
      path: url.pathname + url.search,
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    const route = routes.find(
      (candidate) =>
        !(candidate.once && candidate.used) &&
        candidate.method === call.method &&
        candidate.path.test(url.pathname),
    );
    if (!route)
      return json(
        { statusCode: 404, message: `no fake route for ${call.method} ${call.path}` },
        404,
      );
    route.used = true;
    return route.handler(call);
  });
  const server = {
    calls,
    fetch,
    on(method: string, path: RegExp, handler: Handler, once = false) {
      routes.push({ method, path, handler, once, used: false });
      return server;
    },
    api: createClient<paths>({ baseUrl: 'http://localhost', fetch }) as unknown as Api,
  };
  return server;
}

/** What a faked API method (`api.GET` and the like) answers: the body, as the server sent it. */
export function ok<T>(body: T) {
  return Promise.resolve({
    data: body,
    response: new Response(JSON.stringify(body), { status: 200 }),
  });
}

/** What a faked API method answers when the server refuses. */
export function refused(status: number, message: string) {
  const body = { statusCode: status, error: 'Conflict', message };
  return Promise.resolve({
    error: body,
    response: new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  });
}

export const tokens: TokenSource = {
  accessToken: async () => 'test-token',
  recover: async () => 'test-token-2',
};

/** Renders `element` at `path` (matched by `pattern`) with the API, the account and a query cache. */
export function renderAt(
  element: ReactNode,
  {
    api,
    path = '/',
    pattern = '/',
    user = me,
  }: { api: Api; path?: string; pattern?: string; user?: UserView },
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const router = createMemoryRouter(
    [
      { path: pattern, element },
      { path: '*', element: <p>Navigated away</p> },
    ],
    { initialEntries: [path] },
  );
  const view = render(
    <QueryClientProvider client={queryClient}>
      <ConnectionProvider api={api} me={user}>
        <TokenSourceProvider tokens={tokens}>
          <RouterProvider router={router} />
        </TokenSourceProvider>
      </ConnectionProvider>
    </QueryClientProvider>,
  );
  return { ...view, router, queryClient };
}

/** The text of whatever describes an input (its description and error message), as a screen reader hears it. */
export function descriptionOf(element: HTMLElement): string {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids
    .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '')
    .join(' ')
    .trim();
}
