import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../api/client';
import type {
  AgendaItemView,
  AgendaView,
  BoardMemberView,
  BoardView,
  MeetingView,
} from '../../api/types';
import { BOARD_ID, ME_ID, boardAs } from '../../test/fixtures';
import { ok, refused, renderAt } from '../../test/harness';
import { AgendaBuilder } from './AgendaBuilder';
import { agendaKeys } from './queries';

afterEach(cleanup);

const MEETING_ID = '00000000-0000-4000-8000-0000000000a1';

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
  presenterId: ME_ID,
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
  { userId: ME_ID, displayName: 'Dana Coordinator', role: 'coordinator' },
] as unknown as BoardMemberView[];

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
  return renderAt(<AgendaBuilder meeting={meeting} board={boardAs(myRole)} />, { api });
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

describe('AgendaBuilder as the agenda grows and shrinks', () => {
  it('keeps the page when the agenda becomes reorderable (2 cases) and stops being so (1 case)', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { api } = fakeApi(() => ok(agenda));
      const { queryClient } = renderAgenda(api);
      await screen.findByRole('grid', { name: 'Agenda, in order of discussion' });
      const shows = (items: AgendaItemView[]) =>
        act(() => {
          queryClient.setQueryData<AgendaView>(agendaKeys.agenda(MEETING_ID), (view) =>
            view ? { ...view, items } : view,
          );
        });

      await shows([A]);
      await waitFor(() => expect(shownOrder()).toEqual(['1. PAT-A']));
      expect(screen.queryByRole('button', { name: /^Move (up|down)/ })).toBeNull();
      expect(screen.queryByRole('button', { name: /^Drag / })).toBeNull();

      // The second case: now it can be reordered, by the buttons and by the drag handle.
      await shows([A, B]);
      await waitFor(() => expect(shownOrder()).toEqual(['1. PAT-A', '2. PAT-B']));
      expect(screen.getByRole('button', { name: 'Move up, PAT-B' })).toBeTruthy();
      expect(screen.getAllByRole('button', { name: /^Drag / })).toHaveLength(2);

      // Back to one (a case deferred): still the agenda, with nothing to reorder.
      await shows([B]);
      await waitFor(() => expect(shownOrder()).toEqual(['1. PAT-B']));
      expect(screen.queryByRole('button', { name: /^Move (up|down)/ })).toBeNull();
      expect(screen.getByRole('button', { name: 'Defer, PAT-B' })).toBeTruthy();
      expect(
        errors.mock.calls.filter((call) => /hook|Rendered (more|fewer)/i.test(String(call[0]))),
      ).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });
});
