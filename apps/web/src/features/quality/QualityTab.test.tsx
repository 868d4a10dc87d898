import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardView } from '../../api/types';
import { BOARD_ID, boardAs } from '../../test/fixtures';
import { fakeServer, json, renderAt, type Call } from '../../test/harness';
import type { QualityMetricsView } from './queries';

import { QualityTab } from './QualityTab';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

beforeEach(() => {
  // The dashboard's "this quarter" and the like are read from today in the board's zone.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-02-15T10:00:00Z') });
  return () => vi.useRealTimers();
});

const share = (numerator: number, denominator: number, percent: number | null) => ({
  numerator,
  denominator,
  percent,
});

const DAY = 86_400_000;

/** The whole period's figures, as the server would answer them. */
const period: QualityMetricsView = {
  boardId: BOARD_ID,
  period: {
    fromDate: '2026-11-15',
    toDate: '2027-01-10',
    timezone: 'Europe/Paris',
    from: '2026-11-14T23:00:00.000Z',
    to: '2027-01-10T23:00:00.000Z',
  },
  analyticCaseload: 120,
  concordance: {
    classified: 7,
    classes: [
      { classification: 'diagnosis_changed', share: share(1, 7, 14.3) },
      { classification: 'treatment_changed', share: share(2, 7, 28.6) },
      { classification: 'clarified', share: share(1, 7, 14.3) },
      { classification: 'confirmed', share: share(3, 7, 42.9) },
    ],
    arbitration: {
      requested: 2,
      decided: 1,
      outcomes: [
        { outcome: 'second_opinion_upheld', share: share(1, 1, 100) },
        { outcome: 'first_opinion_upheld', share: share(0, 1, 0) },
        { outcome: 'neither_upheld', share: share(0, 1, 0) },
      ],
    },
  },
  turnaround: {
    delivered: 7,
    p50Ms: 2.5 * DAY,
    p90Ms: 6 * DAY,
    breaches: share(2, 7, 28.6),
  },
  adherence: [
    {
      intervalDays: 30,
      followUps: 4,
      levels: [
        { adherence: 'implemented_fully', share: share(2, 4, 50) },
        { adherence: 'implemented_partly', share: share(1, 4, 25) },
        { adherence: 'not_implemented', share: share(1, 4, 25) },
      ],
      deviationReasons: [
        { reason: 'patient_preference', count: 1 },
        { reason: 'comorbidity', count: 1 },
        { reason: 'progression', count: 0 },
        { reason: 'recommendation_not_documented', count: 0 },
        { reason: 'recommendation_not_received', count: 0 },
        { reason: 'other', count: 0 },
      ],
    },
    {
      intervalDays: 90,
      followUps: 0,
      levels: [
        { adherence: 'implemented_fully', share: share(0, 0, null) },
        { adherence: 'implemented_partly', share: share(0, 0, null) },
        { adherence: 'not_implemented', share: share(0, 0, null) },
      ],
      deviationReasons: [],
    },
  ],
  caseConference: {
    casesPresented: share(12, 120, 10),
    prospective: share(9, 11, 81.8),
    prospectiveNotRecorded: 1,
    stageDocumented: share(11, 12, 91.7),
    guidelineCited: share(10, 12, 83.3),
    clinicalTrialDiscussed: share(4, 12, 33.3),
    meetings: 8,
    attendance: [
      { specialty: 'medical_oncology', share: share(8, 8, 100) },
      { specialty: 'pathology', share: share(7, 8, 87.5) },
    ],
  },
};

/** A month's figures: only its turnaround is read. */
function month(delivered: number, p50Ms: number | null, p90Ms: number | null, breaches: number) {
  return {
    ...period,
    analyticCaseload: 0,
    turnaround: {
      delivered,
      p50Ms,
      p90Ms,
      breaches: share(
        breaches,
        delivered,
        delivered === 0 ? null : Math.round((1000 * breaches) / delivered) / 10,
      ),
    },
  };
}

const MONTHS: Record<string, QualityMetricsView> = {
  '2026-11-15/2026-11-30': month(0, null, null, 0),
  '2026-12-01/2026-12-31': month(4, 2 * DAY, 6 * DAY, 1),
  '2027-01-01/2027-01-10': month(3, 36 * 3_600_000, 4 * DAY, 1),
};

const CSV =
  'section,item,numerator,denominator,percent,value\r\ncase_conference,cases_presented,12,120,10,\r\n';

function metricsCalls(server: { calls: Call[] }) {
  return server.calls
    .filter((call) => call.path.includes('/quality-metrics'))
    .map((call) => Object.fromEntries(new URL(call.path, 'http://x').searchParams));
}

function serverFor(role: BoardView['myRole']) {
  return fakeServer()
    .on('GET', new RegExp(`/boards/${BOARD_ID}$`), () => json(boardAs(role)))
    .on('GET', /\/quality-metrics$/, (call) => {
      const query = new URL(call.path, 'http://x').searchParams;
      if (query.get('format') === 'csv')
        return new Response(CSV, {
          status: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8' },
        });
      const key = `${query.get('from')}/${query.get('to')}`;
      if (query.get('analyticCaseload') === '0' && MONTHS[key]) return json(MONTHS[key]);
      return json({
        ...period,
        period: { ...period.period, fromDate: query.get('from'), toDate: query.get('to') },
      });
    });
}

const SELECTED = '?preset=custom&from=2026-11-15&to=2027-01-10&caseload=120';

function open(server: ReturnType<typeof fakeServer>, search = SELECTED) {
  return renderAt(<QualityTab />, {
    api: server.api,
    path: `/boards/${BOARD_ID}/quality${search}`,
    pattern: '/boards/:boardId/quality',
  });
}

/** Opens a chart's table and reads it: each row's header and cells as text. */
async function tableOf(
  user: ReturnType<typeof userEvent.setup>,
  chart: string,
): Promise<string[][]> {
  await user.click(screen.getByRole('button', { name: `Show as table: ${chart}` }));
  const figure = screen.getByRole('figure', { name: chart });
  const table = within(figure).getByRole('table');
  return within(table)
    .getAllByRole('row')
    .map((row) =>
      // As a person reads it: a non-breaking space is a space.
      [...row.querySelectorAll('th, td')].map((cell) =>
        (cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ),
    );
}

describe('quality dashboard', { timeout: 30_000 }, () => {
  it('shows the API’s figures, exactly, in each chart’s table', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    open(serverFor('coordinator'));
    expect(
      await screen.findByRole('heading', { name: 'Case conferences (Commission on Cancer)' }),
    ).toBeTruthy();

    expect(await tableOf(user, 'Case-conference shares')).toEqual([
      ['Figure', 'Cases', 'Out of', 'Percent'],
      ['Cases presentedOut of the analytic caseload', '12', '120', '10%'],
      [
        'Presented prospectivelyOut of cases presented with a first-treatment record',
        '9',
        '11',
        '81.8%',
      ],
      ['Stage documentedOut of cases presented', '11', '12', '91.7%'],
      ['Guideline citedOut of cases presented', '10', '12', '83.3%'],
      ['Clinical trial discussedOut of cases presented', '4', '12', '33.3%'],
    ]);
    const tiles = screen.getByRole('list', { name: 'Case-conference figures' });
    expect(within(tiles).getAllByRole('listitem')[0]!.textContent).toBe(
      '10%Cases presented12 of 120 in the analytic caseload',
    );

    expect(await tableOf(user, 'Concordance classes')).toEqual([
      ['Class', 'Opinions', 'Out of', 'Percent'],
      ['Diagnosis changed', '1', '7', '14.3%'],
      ['Treatment changed', '2', '7', '28.6%'],
      ['Clarified', '1', '7', '14.3%'],
      ['Confirmed', '3', '7', '42.9%'],
    ]);
    expect(await tableOf(user, 'Arbitration by a third reviewer')).toEqual([
      ['Outcome', 'Arbitrations', 'Out of decided', 'Percent'],
      ['Second opinion upheld', '1', '1', '100%'],
      ['First opinion upheld', '0', '1', '0%'],
      ['Neither upheld', '0', '1', '0%'],
    ]);
    expect(screen.getByText('2 arbitrations asked for and 1 decided in the period.')).toBeTruthy();

    const turnaround = screen.getByRole('list', { name: 'Turnaround in the period' });
    expect(
      within(turnaround)
        .getAllByRole('listitem')
        .map((tile) => tile.textContent),
    ).toEqual([
      '2.5 daysMedian (p50)',
      '6 days90th percentile (p90)',
      '28.6%Beyond the target2 of 7 delivered',
    ]);

    expect(await tableOf(user, 'Median and 90th percentile per month')).toEqual([
      ['Month', 'Delivered', 'Median (p50)', '90th percentile (p90)'],
      ['Nov 20262026-11-15 to 2026-11-30', '0', '—', '—'],
      ['Dec 20262026-12-01 to 2026-12-31', '4', '2 days', '6 days'],
      ['Jan 20272027-01-01 to 2027-01-10', '3', '1.5 days', '4 days'],
    ]);
    expect(await tableOf(user, 'Deliveries beyond the target per month')).toEqual([
      ['Month', 'Beyond the target', 'Out of delivered', 'Percent'],
      ['Nov 20262026-11-15 to 2026-11-30', '0', '0', '—'],
      ['Dec 20262026-12-01 to 2026-12-31', '1', '4', '25%'],
      ['Jan 20272027-01-01 to 2027-01-10', '1', '3', '33.3%'],
    ]);

    expect(await tableOf(user, 'Carried out, per follow-up')).toEqual([
      ['Follow-up', 'Recorded', 'Implemented fully', 'Implemented partly', 'Not implemented'],
      ['30 days', '4', '2 of 4 (50%)', '1 of 4 (25%)', '1 of 4 (25%)'],
      ['90 days', '0', '0 of 0', '0 of 0', '0 of 0'],
    ]);
    const reasons = await tableOf(user, 'Why care departed from the recommendation');
    expect(reasons[0]).toEqual(['Reason', '30 days', '90 days']);
    expect(reasons[1]).toEqual(['The patient chose otherwise', '1', '0']);
    expect(reasons[2]).toEqual(['Another condition made it unsafe or unsuitable', '1', '0']);

    expect(await tableOf(user, 'Meetings attended, per specialty')).toEqual([
      ['Specialty', 'Meetings attended', 'Meetings held', 'Percent'],
      ['Medical oncology', '8', '8', '100%'],
      ['Pathology', '7', '8', '87.5%'],
    ]);

    // Each chart is one labelled image, summarising its figures.
    expect(
      screen.getByRole('img', {
        name: /^Bar chart of 7 classified opinions: Diagnosis changed 1 of 7 \(14.3%\)/,
      }),
    ).toBeTruthy();
  });

  it('reads the whole period once and each calendar month of it in parallel', async () => {
    const server = serverFor('coordinator');
    open(server);
    await screen.findByRole('figure', { name: 'Median and 90th percentile per month' });
    expect(metricsCalls(server)).toEqual(
      expect.arrayContaining([
        { from: '2026-11-15', to: '2027-01-10', analyticCaseload: '120' },
        { from: '2026-11-15', to: '2026-11-30', analyticCaseload: '0' },
        { from: '2026-12-01', to: '2026-12-31', analyticCaseload: '0' },
        { from: '2027-01-01', to: '2027-01-10', analyticCaseload: '0' },
      ]),
    );
    expect(metricsCalls(server)).toHaveLength(4);
  });

  it('downloads the server’s CSV for the same period through the API, under a readable name', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const created: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        created.push(blob);
        return 'blob:quality-csv';
      }),
      revokeObjectURL: vi.fn(),
    });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    const server = serverFor('coordinator');
    open(server);
    await user.click(await screen.findByRole('button', { name: 'Download CSV' }));

    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(metricsCalls(server)).toContainEqual({
      from: '2026-11-15',
      to: '2027-01-10',
      analyticCaseload: '120',
      format: 'csv',
    });
    expect(clicked[0]!.download).toBe(
      'quality-metrics-thoracic-board-2026-11-15-to-2027-01-10.csv',
    );
    expect(clicked[0]!.href).toBe('blob:quality-csv');
    expect(await created[0]!.text()).toBe(CSV);
    expect(
      screen.getByText('Saved quality-metrics-thoracic-board-2026-11-15-to-2027-01-10.csv.'),
    ).toBeTruthy();
  });

  it('reads nothing until a period and caseload are given, and keeps them in the address', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const server = serverFor('coordinator');
    const { router } = open(server, '');
    expect(await screen.findByText('Choose a period')).toBeTruthy();
    // Today is 15 Feb 2027 in Paris: last quarter is the last one of 2026.
    expect(screen.getByText('1 Oct 2026 – 31 Dec 2026')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Show figures' }));
    expect(
      await screen.findByText('Enter the analytic caseload from the cancer registry.'),
    ).toBeTruthy();
    expect(metricsCalls(server)).toEqual([]);

    await user.click(screen.getByRole('radio', { name: 'Custom dates' }));
    const from = screen.getByLabelText(/^First day/);
    const to = screen.getByLabelText(/^Last day/);
    await user.clear(from);
    await user.type(from, '2027-01-31');
    await user.clear(to);
    await user.type(to, '2027-01-01');
    await user.type(screen.getByRole('textbox', { name: /Analytic caseload/ }), '40');
    await user.click(screen.getByRole('button', { name: 'Show figures' }));
    expect(await screen.findByText('The last day must be on or after the first day.')).toBeTruthy();
    expect(metricsCalls(server)).toEqual([]);

    await user.clear(to);
    await user.type(to, '2027-02-14');
    await user.click(screen.getByRole('button', { name: 'Show figures' }));
    await waitFor(() =>
      expect(router.state.location.search).toBe(
        '?preset=custom&from=2027-01-31&to=2027-02-14&caseload=40',
      ),
    );
    await screen.findByRole('figure', { name: 'Concordance classes' });
    expect(metricsCalls(server)).toEqual(
      expect.arrayContaining([
        { from: '2027-01-31', to: '2027-02-14', analyticCaseload: '40' },
        { from: '2027-01-31', to: '2027-01-31', analyticCaseload: '0' },
        { from: '2027-02-01', to: '2027-02-14', analyticCaseload: '0' },
      ]),
    );
  });

  it('is open to coordinators only, and reads nothing for anyone else', async () => {
    const server = serverFor('chair');
    open(server);
    expect(
      await screen.findByText('The quality dashboard is open to the board’s coordinators.'),
    ).toBeTruthy();
    expect(metricsCalls(server)).toEqual([]);
  });
});
