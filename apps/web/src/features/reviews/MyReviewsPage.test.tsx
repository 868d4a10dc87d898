import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeServer, json, renderAt } from '../../test/harness';
import { MyReviewsPage } from './MyReviewsPage';
import { clockOf, myReview } from './testing';

afterEach(cleanup);

const id = (n: number) => `00000000-0000-4000-8000-00000000010${n}`;

const reviews = [
  myReview({ requestId: id(1), patient: { reference: 'ON-TRACK', birthYear: 1960, sex: 'male' } }),
  myReview({
    requestId: id(2),
    role: 'arbiter',
    status: 'opinion_delivered',
    attestation: null,
    patient: { reference: 'BREACHED', birthYear: 1955, sex: 'female' },
    clock: clockOf({ status: 'breached', elapsedMs: 12 * 86_400_000 }),
  }),
  myReview({
    requestId: id(3),
    assessmentSubmittedAt: '2026-11-04T09:00:00.000Z',
    completedAt: '2026-11-05T09:00:00.000Z',
    patient: { reference: 'DONE', birthYear: 1970, sex: 'male' },
  }),
  myReview({
    requestId: id(4),
    attestation: 'conflict_declared',
    patient: { reference: 'CONFLICT', birthYear: 1980, sex: 'female' },
  }),
  myReview({
    requestId: id(5),
    attestation: null,
    status: 'awaiting_records',
    patient: { reference: 'PAUSED', birthYear: 1990, sex: 'male' },
    clock: clockOf({ state: 'paused', status: 'at_risk', elapsedMs: 8 * 86_400_000 }),
  }),
];

function show(items = reviews) {
  const server = fakeServer().on('GET', /^\/api\/v1\/me\/second-opinion-reviews$/, () =>
    json(items),
  );
  renderAt(<MyReviewsPage />, { api: server.api });
}

const section = (name: RegExp) => within(screen.getByRole('region', { name }));

describe('my reviews', () => {
  it('lists open work first, most pressing turnaround first, then what is done or closed', async () => {
    show();
    await screen.findByRole('heading', { name: /To do/ });
    const open = section(/To do/);
    expect(open.getAllByRole('link').map((link) => link.textContent)).toEqual([
      'BREACHED: Treatment plan review',
      'PAUSED: Treatment plan review',
      'ON-TRACK: Treatment plan review',
    ]);
    expect(open.getByRole('link', { name: /BREACHED/ }).getAttribute('href')).toBe(
      `/second-opinions/${id(2)}/arbitration`,
    );
    expect(open.getByRole('link', { name: /ON-TRACK/ }).getAttribute('href')).toBe(
      `/second-opinions/${id(1)}/review`,
    );

    const items = open.getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Arbiter');
    expect(items[0]!.textContent).toContain('Turnaround: Breached');
    expect(items[0]!.textContent).toContain('12 d elapsed of 10 d');
    expect(items[0]!.textContent).toContain('Answer the conflict-of-interest question');
    expect(items[1]!.textContent).toContain('Turnaround: At risk');
    expect(items[1]!.textContent).toContain('(paused: records awaited)');
    expect(items[2]!.textContent).toContain('Reviewer');
    expect(items[2]!.textContent).toContain('Turnaround: On track');
    expect(items[2]!.textContent).toContain('Write your independent assessment');

    const closed = section(/Completed or closed/);
    expect(closed.getAllByRole('link').map((link) => link.textContent)).toEqual([
      'DONE: Treatment plan review',
      'CONFLICT: Treatment plan review',
    ]);
    expect(closed.getByText(/^Completed \w+, 5 Nov 2026/)).toBeTruthy();
    expect(closed.getByText(/You declared a conflict of interest/)).toBeTruthy();
    expect(closed.queryByText(/Turnaround:/)).toBeNull();
  });

  it('says when nothing has been asked of the clinician', async () => {
    show([]);
    expect(await screen.findByText('No reviews yet')).toBeTruthy();
  });
});
