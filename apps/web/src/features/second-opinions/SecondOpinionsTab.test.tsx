import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_ID, boardAs } from '../../test/fixtures';
import { fakeServer, json, renderAt } from '../../test/harness';
import { durationWords as duration } from '../../ui/time';
import { SecondOpinionsTab } from './SecondOpinionsTab';
import { clockOf, request } from './testing';

afterEach(cleanup);

const DAY = 24 * 3_600_000;

const onTrack = request({
  id: '00000000-0000-4000-8000-00000000a001',
  patient: { reference: 'SO-ON-TRACK', birthYear: 1970, sex: 'male' },
});
const atRisk = request({
  id: '00000000-0000-4000-8000-00000000a002',
  patient: { reference: 'SO-AT-RISK', birthYear: 1955, sex: 'female' },
  priority: 'urgent',
  clock: clockOf({ elapsedMs: 4 * DAY + 6 * 3_600_000, targetMs: 5 * DAY, status: 'at_risk' }),
});
const breached = request({
  id: '00000000-0000-4000-8000-00000000a003',
  patient: { reference: 'SO-BREACHED', birthYear: 1948, sex: 'female' },
  status: 'opinion_delivered',
  clock: clockOf({
    state: 'stopped',
    stoppedAt: '2026-11-20T09:00:00.000Z',
    elapsedMs: 12 * DAY,
    status: 'breached',
  }),
});
const paused = request({
  id: '00000000-0000-4000-8000-00000000a004',
  patient: { reference: 'SO-PAUSED', birthYear: 1966, sex: 'unknown' },
  status: 'awaiting_records',
  clock: clockOf({ state: 'paused', elapsedMs: 3 * DAY, pausedMs: DAY }),
});
const notStarted = request({
  id: '00000000-0000-4000-8000-00000000a005',
  patient: { reference: 'SO-NOT-STARTED', birthYear: 1970, sex: 'male' },
  status: 'awaiting_records',
  clock: clockOf({ state: 'not_started', startedAt: null, elapsedMs: 0 }),
});

function open(
  role: Parameters<typeof boardAs>[0],
  list = [onTrack, atRisk, breached, paused, notStarted],
  watch = [breached, atRisk],
) {
  const server = fakeServer()
    .on('GET', /^\/api\/v1\/boards\/[^/]+$/, () => json(boardAs(role)))
    .on('GET', /\/second-opinions\/turnaround-watch$/, () => json(watch))
    .on('GET', /\/boards\/[^/]+\/second-opinions$/, () => json(list));
  renderAt(<SecondOpinionsTab />, {
    api: server.api,
    path: `/boards/${BOARD_ID}/second-opinions`,
    pattern: '/boards/:boardId/second-opinions',
  });
  return server;
}

function rowOf(reference: string): HTMLElement {
  return screen.getByRole('rowheader', { name: reference }).closest('tr') as HTMLElement;
}

describe('second-opinion requests', { timeout: 20_000 }, () => {
  it('shows each turnaround clock: on track, at risk, breached, and paused while records are awaited', async () => {
    open('coordinator');
    await screen.findByRole('table', { name: 'Second-opinion requests on this board' });

    const running = within(rowOf('SO-ON-TRACK'));
    expect(running.getByText('On track')).toBeTruthy();
    expect(running.getByText('2 d 4 h of 10 d')).toBeTruthy();
    expect(running.getByText('Running')).toBeTruthy();

    const risky = within(rowOf('SO-AT-RISK'));
    expect(risky.getByText('At risk')).toBeTruthy();
    expect(risky.getByText('4 d 6 h of 5 d')).toBeTruthy();
    expect(risky.getByText('Urgent')).toBeTruthy();

    const late = within(rowOf('SO-BREACHED'));
    expect(late.getByText('Breached')).toBeTruthy();
    expect(late.getByText('12 d of 10 d')).toBeTruthy();
    expect(late.getByText('Stopped: opinion delivered')).toBeTruthy();

    const waiting = within(rowOf('SO-PAUSED'));
    expect(waiting.getByText('Paused: records awaited')).toBeTruthy();
    expect(waiting.getByText('Awaiting records')).toBeTruthy();

    // Before the records are complete the clock has no standing: no "On track", only the target.
    const early = within(rowOf('SO-NOT-STARTED'));
    expect(early.getByText('Not started')).toBeTruthy();
    expect(early.getByText('target 10 d')).toBeTruthy();
    expect(early.getByText('Waiting for the records')).toBeTruthy();
    expect(early.queryByText('On track')).toBeNull();

    expect(screen.getByRole('link', { name: 'SO-ON-TRACK' }).getAttribute('href')).toBe(
      `/second-opinions/${onTrack.id}`,
    );
  });

  it('puts the at-risk watch list first, most overdue first', async () => {
    open('coordinator');
    const watch = await screen.findByRole('region', { name: 'Turnaround watch' });
    expect(within(watch).getByText(/2 requests at risk or breached, 1 breached/)).toBeTruthy();
    const links = within(watch).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['SO-BREACHED', 'SO-AT-RISK']);
  });

  it('leaves the watch list out when nothing is at risk', async () => {
    open('coordinator', [onTrack], []);
    await screen.findByRole('table');
    expect(screen.queryByRole('region', { name: 'Turnaround watch' })).toBeNull();
  });

  it('filters by status', async () => {
    const user = userEvent.setup({ delay: null });
    open('coordinator');
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: /Status/ }));
    await user.click(screen.getByRole('option', { name: 'Awaiting records' }));
    expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual([
      'SO-PAUSED',
      'SO-NOT-STARTED',
    ]);
    await user.click(screen.getByRole('button', { name: /Status/ }));
    await user.click(screen.getByRole('option', { name: 'Consent withdrawn' }));
    expect(screen.getByText('No requests with this status')).toBeTruthy();
  });

  it('offers a new request, and invites the first one on an empty board', async () => {
    open('coordinator', [], []);
    expect(await screen.findByText('No second-opinion requests yet')).toBeTruthy();
    expect(
      screen
        .getAllByRole('link', { name: 'New request' })
        .every((link) => link.getAttribute('href') === `/boards/${BOARD_ID}/second-opinions/new`),
    ).toBe(true);
  });

  it('tells a member who is not a coordinator that requests are run by coordinators', async () => {
    const server = open('panelist');
    expect((await screen.findByRole('alert')).textContent).toContain(
      "run by the board's coordinators",
    );
    expect(server.calls.some((call) => call.path.includes('second-opinions'))).toBe(false);
  });
});

describe('duration', () => {
  it.each<[number, string]>([
    [0, '0 min'],
    [-5, '0 min'],
    [59_000, '0 min'],
    [45 * 60_000, '45 min'],
    [3_600_000, '1 h'],
    [5 * 3_600_000 + 20 * 60_000, '5 h 20 min'],
    [DAY, '1 d'],
    [4 * DAY + 6 * 3_600_000 + 59 * 60_000, '4 d 6 h'],
  ])('%i ms → %s', (ms, words) => {
    expect(duration(ms)).toBe(words);
  });
});
