import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../api/client';
import { ConnectionProvider } from '../../api/context';
import type { UserView } from '@app/contracts';
import type {
  AgendaItemView,
  AgendaView,
  BoardMemberView,
  BoardView,
  MeetingView,
} from '../../api/types';
import { AgendaBuilder } from './AgendaBuilder';

afterEach(cleanup);

const MEETING_ID = '00000000-0000-4000-8000-0000000000a1';
const BOARD_ID = '00000000-0000-4000-8000-0000000000b1';
const ME = '00000000-0000-4000-8000-0000000000c1';

const me = {
  id: ME,
  email: 'coordinator@example.org',
  displayName: 'Dana Coordinator',
  specialty: 'medical_oncology',
  institution: 'General Hospital',
  credentials: { licences: [], boardCertifications: [] },
  role: 'user',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
} as unknown as UserView;

const boardAs = (myRole: BoardView['myRole']): BoardView =>
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

const meeting = {
  id: MEETING_ID,
  boardId: BOARD_ID,
  seriesId: null,
  title: 'Weekly thoracic board',
  startsAt: '2026-12-01T06:30:00.000Z',
  endsAt: '2026-12-01T07:30:00.000Z',
  localStart: '2026-12-01T07:30',
  timezone: 'Europe/Paris',
  status: 'scheduled',
  cancelledReason: null,
  movedFrom: null,
} as MeetingView;

const item = (id: string, patientRef: string, position: number): AgendaItemView => ({
  id,
  meetingId: MEETING_ID,
  caseId: `case-${id}`,
  patientRef,
  position,
  minutesAllotted: 10,
  presenterId: ME,
  status: 'pending',
  overrideReason: null,
  deferredFromItemId: null,
  deferralReason: null,
  addedAt: '2026-11-20T10:00:00.000Z',
});

const A = item('00000000-0000-4000-8000-00000000000a', 'PAT-A', 1);
const B = item('00000000-0000-4000-8000-00000000000b', 'PAT-B', 2);
const C = item('00000000-0000-4000-8000-00000000000c', 'PAT-C', 3);

const agenda: AgendaView = {
  meetingId: MEETING_ID,
  meetingMinutes: 60,
  usedMinutes: 30,
  items: [A, B, C],
  deferred: [],
};

const members = [
  { userId: ME, displayName: 'Dana Coordinator', role: 'coordinator' },
] as unknown as BoardMemberView[];

function ok<T>(body: T) {
  return Promise.resolve({
    data: body,
    response: new Response(JSON.stringify(body), { status: 200 }),
  });
}

function refused(status: number, message: string) {
  const body = { statusCode: status, error: 'Conflict', message };
  return Promise.resolve({
    error: body,
    response: new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  });
}

function fakeApi(put: (path: string, init: unknown) => Promise<unknown>) {
  const GET = vi.fn((path: string) => {
    if (path === '/api/v1/meetings/{meetingId}/agenda') return ok(agenda);
    if (path === '/api/v1/boards/{boardId}/members') return ok(members);
    return refused(404, `unexpected GET ${path}`);
  });
  const PUT = vi.fn(put);
  return {
    api: { GET, PUT, POST: vi.fn(), PATCH: vi.fn(), DELETE: vi.fn() } as unknown as Api,
    GET,
    PUT,
  };
}

function renderAgenda(api: Api, myRole: BoardView['myRole'] = 'coordinator') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <ConnectionProvider api={api} me={me}>
        <AgendaBuilder meeting={meeting} board={boardAs(myRole)} />
      </ConnectionProvider>
    </QueryClientProvider>,
  );
}

/** Patient references in the order the agenda shows them. */
function shownOrder(): string[] {
  const list = screen.getByRole('grid', { name: 'Agenda, in order of discussion' });
  return within(list)
    .getAllByRole('row')
    .map((row) => row.getAttribute('aria-label') ?? '');
}

type User = ReturnType<typeof userEvent.setup>;

/**
 * Reaches a row's button as a keyboard user does: Tab into the agenda (it is one tab stop, landing
 * on a row), arrow keys to the case's row, then Tab through that row's controls.
 */
async function keyboardTo(
  user: User,
  patientRef: string,
  buttonName: string,
): Promise<HTMLElement> {
  for (let i = 0; i < 20 && document.activeElement?.getAttribute('role') !== 'row'; i += 1)
    await user.tab();
  for (
    let i = 0;
    i < 20 && !document.activeElement?.getAttribute('aria-label')?.endsWith(patientRef);
    i += 1
  )
    await user.keyboard('{ArrowDown}');
  expect(document.activeElement?.getAttribute('aria-label')).toMatch(new RegExp(`${patientRef}$`));
  const target = screen.getByRole('button', { name: buttonName });
  for (let i = 0; i < 10 && document.activeElement !== target; i += 1) await user.tab();
  expect(document.activeElement).toBe(target);
  return target;
}

describe('AgendaBuilder keyboard reordering', () => {
  it('moves a case down with the keyboard, optimistically, and sends the full new order', async () => {
    let resolve: (value: unknown) => void = () => {};
    const { api, PUT } = fakeApi(
      () =>
        new Promise((done) => {
          resolve = done;
        }),
    );
    const user = userEvent.setup();
    renderAgenda(api);
    await screen.findByRole('grid', { name: 'Agenda, in order of discussion' });
    expect(shownOrder()).toEqual(['1. PAT-A', '2. PAT-B', '3. PAT-C']);

    await keyboardTo(user, 'PAT-A', 'Move down, PAT-A');
    await user.keyboard('{Enter}');

    expect(PUT).toHaveBeenCalledTimes(1);
    expect(PUT).toHaveBeenCalledWith('/api/v1/meetings/{meetingId}/agenda/order', {
      params: { path: { meetingId: MEETING_ID } },
      body: { itemIds: [B.id, A.id, C.id] },
    });
    // Shown at once, before the server answers, with the move announced and focus kept on the case.
    await waitFor(() => expect(shownOrder()).toEqual(['1. PAT-B', '2. PAT-A', '3. PAT-C']));
    expect(screen.getByText('PAT-A moved to position 2 of 3.')).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move down, PAT-A' })),
    );

    // Enter again moves it once more, from the new order.
    await user.keyboard('{Enter}');

    expect(PUT).toHaveBeenLastCalledWith('/api/v1/meetings/{meetingId}/agenda/order', {
      params: { path: { meetingId: MEETING_ID } },
      body: { itemIds: [B.id, C.id, A.id] },
    });

    await act(async () => {
      resolve({
        data: { ...agenda, items: [B, C, A] },
        response: new Response('{}', { status: 200 }),
      });
    });
    await waitFor(() => expect(shownOrder()).toEqual(['1. PAT-B', '2. PAT-C', '3. PAT-A']));
    // At the bottom "Move down" is disabled, so focus stays on the case's "Move up".
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move up, PAT-A' })),
    );
  });

  it('moves a case up with Space', async () => {
    const { api, PUT } = fakeApi(() => ok({ ...agenda, items: [A, C, B] }));
    const user = userEvent.setup();
    renderAgenda(api);
    await screen.findByRole('button', { name: 'Move up, PAT-C' });
    await keyboardTo(user, 'PAT-C', 'Move up, PAT-C');
    await user.keyboard(' ');
    expect(PUT).toHaveBeenCalledWith('/api/v1/meetings/{meetingId}/agenda/order', {
      params: { path: { meetingId: MEETING_ID } },
      body: { itemIds: [A.id, C.id, B.id] },
    });
    await waitFor(() => expect(shownOrder()).toEqual(['1. PAT-A', '2. PAT-C', '3. PAT-B']));
  });

  it('puts the order back and says why when the server refuses', async () => {
    const { api, PUT } = fakeApi(() =>
      refused(
        409,
        'the order must list every agenda item; missing: 00000000-0000-4000-8000-00000000000d',
      ),
    );
    const user = userEvent.setup();
    renderAgenda(api);
    await screen.findByRole('button', { name: 'Move up, PAT-B' });
    await keyboardTo(user, 'PAT-B', 'Move up, PAT-B');
    await user.keyboard('{Enter}');
    expect(PUT).toHaveBeenCalledWith('/api/v1/meetings/{meetingId}/agenda/order', {
      params: { path: { meetingId: MEETING_ID } },
      body: { itemIds: [B.id, A.id, C.id] },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      /^The new order was not saved\. The agenda changed while you were reordering it/,
    );
    await waitFor(() => expect(shownOrder()).toEqual(['1. PAT-A', '2. PAT-B', '3. PAT-C']));
  });

  it.each(['observer', 'panelist', 'presenter'] as const)(
    'shows the agenda read-only to a %s',
    async (role) => {
      const { api, PUT } = fakeApi(() => ok(agenda));
      renderAgenda(api, role);
      await screen.findByRole('grid', { name: 'Agenda, in order of discussion' });
      expect(shownOrder()).toEqual(['1. PAT-A', '2. PAT-B', '3. PAT-C']);
      expect(screen.queryByRole('button', { name: /^Move (up|down)/ })).toBeNull();
      expect(screen.queryByRole('button', { name: /^(Edit|Remove|Defer),/ })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Add cases' })).toBeNull();
      expect(PUT).not.toHaveBeenCalled();
    },
  );

  it('lets a chair defer but not reorder, edit or add', async () => {
    const { api } = fakeApi(() => ok(agenda));
    renderAgenda(api, 'chair');
    await screen.findByRole('grid', { name: 'Agenda, in order of discussion' });
    expect(screen.getByRole('button', { name: 'Defer, PAT-A' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Move (up|down)/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit, PAT-A' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add cases' })).toBeNull();
  });
});
