import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import createClient from 'openapi-fetch';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import type { UserView } from '@app/contracts';
import type { Api, TokenSource } from '../../api/client';
import { ConnectionProvider } from '../../api/context';
import type { paths } from '../../api/schema';
import type { BoardMemberView, BoardView, CaseDetailView } from '../../api/types';
import { TokenSourceProvider } from '../../api/upload';

/** Test fixtures and a fake server for the cases screens (tests only). */

export const BOARD_ID = '00000000-0000-4000-8000-0000000000b1';
export const CASE_ID = '00000000-0000-4000-8000-0000000000d1';
export const ME_ID = '00000000-0000-4000-8000-0000000000c1';
export const OTHER_ID = '00000000-0000-4000-8000-0000000000c2';

export const me = {
  id: ME_ID,
  email: 'coordinator@example.org',
  displayName: 'Dana Coordinator',
  specialty: 'medical_oncology',
  institution: 'General Hospital',
  credentials: { licences: [], boardCertifications: [] },
  role: 'user',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
} as unknown as UserView;

export const boardAs = (myRole: BoardView['myRole']): BoardView =>
  ({
    id: BOARD_ID,
    name: 'Thoracic board',
    tumourSites: ['lung'],
    institution: 'General Hospital',
    timezone: 'Europe/Paris',
    description: '',
    myRole,
    createdAt: '2026-01-01T00:00:00.000Z',
  }) as unknown as BoardView;

export const members: BoardMemberView[] = [
  {
    userId: ME_ID,
    displayName: 'Dana Coordinator',
    email: 'coordinator@example.org',
    specialty: 'medical_oncology',
    institution: 'General Hospital',
    role: 'coordinator',
    votingRight: false,
    addedAt: '2026-01-01T00:00:00.000Z',
  },
  {
    userId: OTHER_ID,
    displayName: 'Sam Presenter',
    email: 'presenter@example.org',
    specialty: 'surgical_oncology',
    institution: 'General Hospital',
    role: 'presenter',
    votingRight: true,
    addedAt: '2026-01-01T00:00:00.000Z',
  },
];

export function caseDetail(overrides: Partial<CaseDetailView> = {}): CaseDetailView {
  return {
    id: CASE_ID,
    boardId: BOARD_ID,
    patientRef: 'THX-2026-014',
    status: 'draft',
    priority: 'routine',
    dueDate: '2026-12-15',
    presenterId: OTHER_ID,
    primarySite: 'Right upper lobe, lung',
    updatedAt: '2026-11-02T09:00:00.000Z',
    mrn: '00123456',
    birthYear: 1961,
    sex: 'female',
    referral: { type: 'internal' },
    diagnosis: { primarySite: 'Right upper lobe, lung', icd10: 'C34.1' },
    staging: null,
    biomarkers: [],
    ecog: 1,
    question: 'Neoadjuvant chemo-immunotherapy?',
    clinicalSummary: 'First summary.',
    firstTreatment: null,
    conflicts: [],
    records: [],
    preparationRequests: [],
    readiness: { caseId: CASE_ID, ready: false, items: [], missing: [] },
    createdAt: '2026-11-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  } as CaseDetailView;
}

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
