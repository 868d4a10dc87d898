import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Api } from '../../api/client';
import type { BoardView, MeetingView } from '../../api/types';
import { BOARD_ID, boardAs } from '../../test/fixtures';
import { ok, renderAt } from '../../test/harness';
import { MeetingsTab } from './MeetingsTab';

afterEach(cleanup);

const meeting = (overrides: Partial<MeetingView>): MeetingView => ({
  id: '00000000-0000-4000-8000-0000000000a1',
  boardId: BOARD_ID,
  seriesId: null,
  title: 'Weekly thoracic board',
  startsAt: '2027-03-02T06:30:00.000Z',
  endsAt: '2027-03-02T07:30:00.000Z',
  localStart: '2027-03-02T07:30',
  timezone: 'Europe/Paris',
  status: 'scheduled',
  cancelledReason: null,
  movedFrom: null,
  ...overrides,
});

const upcoming = [
  meeting({}),
  meeting({
    id: '00000000-0000-4000-8000-0000000000a2',
    startsAt: '2027-03-10T07:00:00.000Z',
    endsAt: '2027-03-10T07:45:00.000Z',
    localStart: '2027-03-10T08:00',
    movedFrom: '2027-03-09T06:30:00.000Z',
  }),
  meeting({
    id: '00000000-0000-4000-8000-0000000000a3',
    startsAt: '2027-04-06T05:30:00.000Z',
    endsAt: '2027-04-06T06:30:00.000Z',
    localStart: '2027-04-06T07:30',
    status: 'cancelled',
    cancelledReason: 'Public holiday',
  }),
];

function renderTab(myRole: BoardView['myRole']) {
  const GET = vi.fn((path: string) => {
    if (path === '/api/v1/boards/{boardId}') return ok(boardAs(myRole));
    if (path === '/api/v1/boards/{boardId}/meetings') return ok(upcoming);
    if (path === '/api/v1/users/me/calendar-feeds') return ok([]);
    return Promise.resolve({ response: new Response('{}', { status: 404 }) });
  });
  const POST = vi.fn((_path: string, init: { body: { title: string } }) =>
    ok({
      id: 'series',
      boardId: BOARD_ID,
      title: init.body.title,
      rrule: null,
      meetings: [upcoming[0]],
    }),
  );
  const api = { GET, POST, PATCH: vi.fn(), DELETE: vi.fn() } as unknown as Api;
  renderAt(<MeetingsTab />, { api, path: `/boards/${BOARD_ID}`, pattern: '/boards/:boardId' });
  return { GET, POST };
}

describe('MeetingsTab', () => {
  it('lists meetings by month in the board’s zone, with moves and cancellations in words', async () => {
    renderTab('observer');
    const march = await screen.findByRole('region', { name: 'March 2027' });
    expect(within(march).getAllByRole('listitem')).toHaveLength(2);
    expect(
      within(march).getByText(/Tue, 2 Mar 2027, 07:30 CET \(Europe\/Paris\) · 1 h/),
    ).toBeTruthy();
    expect(within(march).getByText(/Moved from Tue, 9 Mar 2027, 07:30 CET/)).toBeTruthy();
    const april = screen.getByRole('region', { name: 'April 2027' });
    expect(within(april).getByText('Cancelled: Public holiday')).toBeTruthy();
    expect(within(april).getByText(/Tue, 6 Apr 2027, 07:30 CEST/)).toBeTruthy();
  });

  it('shows an observer no scheduling controls', async () => {
    renderTab('observer');
    await screen.findByRole('region', { name: 'March 2027' });
    expect(screen.queryByRole('button', { name: 'Schedule a meeting' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Move / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Cancel / })).toBeNull();
    expect(screen.getAllByRole('link', { name: /^Agenda of / })).toHaveLength(3);
  });

  it('lets a coordinator move and cancel scheduled meetings only', async () => {
    renderTab('coordinator');
    await screen.findByRole('region', { name: 'March 2027' });
    expect(screen.getAllByRole('button', { name: /^Move / })).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: /^Cancel Weekly/ })).toHaveLength(2);
  });

  it('schedules a fortnightly series with the rule and horizon the server expects', async () => {
    // A Tuesday one to two weeks from today in Paris.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    let daysFromToday = 7;
    const dayAfter = (days: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    while (new Date(`${dayAfter(daysFromToday)}T00:00:00Z`).getUTCDay() !== 2) daysFromToday += 1;
    const start = dayAfter(daysFromToday);
    const { POST } = renderTab('coordinator');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Schedule a meeting' }));
    const dialog = await screen.findByRole('dialog', { name: 'Schedule a meeting' });
    const title = within(dialog).getByRole('textbox', { name: /Title/ });
    await user.clear(title);
    await user.type(title, 'Lung MDT');
    await user.click(within(dialog).getByRole('button', { name: /Repeat/ }));
    await user.click(await screen.findByRole('option', { name: 'Every two weeks' }));
    const date = within(dialog).getByLabelText(/First date/);
    await user.clear(date);
    await user.type(date, start);
    const count = within(dialog).getByRole('textbox', { name: /Number of meetings/ });
    await user.clear(count);
    await user.type(count, '4');
    await user.tab(); // a number field commits its value when it loses focus
    expect(
      within(dialog).getByText(
        /Every two weeks on Tuesday, 4 meetings, at 08:00 \(Europe\/Paris\)/,
      ),
    ).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Schedule series' }));
    await waitFor(() => expect(POST).toHaveBeenCalledTimes(1));
    const [path, init] = POST.mock.calls[0] as unknown as [
      string,
      { params: unknown; body: Record<string, unknown> },
    ];
    expect(path).toBe('/api/v1/boards/{boardId}/meetings');
    expect(init.params).toEqual({ path: { boardId: BOARD_ID } });
    expect(init.body).toMatchObject({
      title: 'Lung MDT',
      startLocal: `${start}T08:00`,
      durationMinutes: 60,
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4',
    });
    // Enough days ahead for the whole series (the server's default is 182), with a day's margin.
    expect(init.body.horizonDays).toBe(daysFromToday + 6 * 7 + 2);
    expect(await screen.findByText(/^Scheduled the meeting “Lung MDT”/)).toBeTruthy();
  });
});
