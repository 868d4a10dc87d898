import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardView } from '../../api/types';
import { BOARD_ID, boardAs } from '../../test/fixtures';
import { descriptionOf, fakeServer, json, renderAt } from '../../test/harness';
import type { FollowUpItem } from './followUps';
import { FollowUpsTab } from './FollowUpsTab';

afterEach(cleanup);

const AS_OF = '2027-03-01T12:00:00.000Z';
const REC_A = '00000000-0000-4000-8000-0000000000a1';
const REC_A_V2 = '00000000-0000-4000-8000-0000000000a2';
const REC_B = '00000000-0000-4000-8000-0000000000b1';
const OPINION = '00000000-0000-4000-8000-0000000000d1';
const CASE_A = '00000000-0000-4000-8000-0000000000e1';

function followUp(
  subject: Partial<FollowUpItem['subject']> & Pick<FollowUpItem['subject'], 'id' | 'patientRef'>,
  followUp: Partial<Omit<FollowUpItem, 'subject'>>,
): FollowUpItem {
  return {
    intervalDays: 30,
    dueAt: '2027-01-01T09:00:00.000Z',
    overdueAfter: '2027-01-15T09:00:00.000Z',
    opensAt: '2026-12-01T09:00:00.000Z',
    status: 'overdue',
    outcome: null,
    ...followUp,
    subject: {
      type: 'recommendation',
      boardId: BOARD_ID,
      caseId: null,
      currentVersionId: null,
      publishedAt: '2026-12-01T09:00:00.000Z',
      ...subject,
    },
  };
}

/** Overdue: A (due 1 Jan, most overdue) and the opinion (due 20 Jan); B due; A's 90-day upcoming; B's 30-day recorded. */
const items: FollowUpItem[] = [
  followUp(
    { type: 'second_opinion', id: OPINION, patientRef: 'SO-7' },
    { dueAt: '2027-01-20T09:00:00.000Z', overdueAfter: '2027-02-03T09:00:00.000Z' },
  ),
  followUp(
    { id: REC_A, patientRef: 'THX-1', caseId: CASE_A, currentVersionId: REC_A_V2 },
    { dueAt: '2027-01-01T09:00:00.000Z' },
  ),
  followUp(
    { id: REC_B, patientRef: 'THX-2', currentVersionId: REC_B },
    {
      intervalDays: 90,
      status: 'due',
      dueAt: '2027-02-25T09:00:00.000Z',
      overdueAfter: '2027-03-11T09:00:00.000Z',
    },
  ),
  followUp(
    { id: REC_A, patientRef: 'THX-1', caseId: CASE_A, currentVersionId: REC_A_V2 },
    {
      intervalDays: 90,
      status: 'upcoming',
      dueAt: '2027-03-01T09:00:00.000Z',
      opensAt: '2027-01-01T09:00:00.000Z',
    },
  ),
  followUp(
    { id: REC_B, patientRef: 'THX-2', currentVersionId: REC_B },
    {
      intervalDays: 365,
      status: 'upcoming',
      dueAt: '2027-11-27T09:00:00.000Z',
      opensAt: '2027-05-27T09:00:00.000Z',
    },
  ),
  followUp(
    { id: REC_B, patientRef: 'THX-2', currentVersionId: REC_B },
    {
      status: 'done',
      outcome: {
        id: 'outcome-1',
        adherence: 'not_implemented',
        deviationReason: 'patient_preference',
        deviationDetail: null,
        outcomeNotes: 'Chose active surveillance.',
        recordedBy: { userId: 'u1', displayName: 'Chris Chair' },
        recordedAt: '2027-01-05T10:00:00.000Z',
      },
    },
  ),
];

const recommendation = (id: string, text: string) => ({
  id,
  content: {
    recommendation: { text, intent: 'curative', modalities: ['surgery'], sequence: null },
    rationale: '',
    guidelineReferences: [],
    trialReferrals: [],
  },
});

function serverFor(role: BoardView['myRole'], list: FollowUpItem[] = items) {
  return fakeServer()
    .on('GET', new RegExp(`/boards/${BOARD_ID}$`), () => json(boardAs(role)))
    .on('GET', /\/outcome-follow-ups$/, () => json({ asOf: AS_OF, items: list }))
    .on('GET', new RegExp(`/recommendations/${REC_A_V2}$`), () =>
      json(recommendation(REC_A_V2, 'Lobectomy with mediastinal lymph node dissection')),
    )
    .on('GET', new RegExp(`/recommendations/${REC_B}$`), () =>
      json(recommendation(REC_B, 'Definitive chemoradiotherapy')),
    )
    .on('GET', new RegExp(`/second-opinions/${OPINION}/opinion$`), () =>
      json({ content: { conclusion: { recommendation: 'Stereotactic radiotherapy' } } }),
    );
}

function open(server: ReturnType<typeof fakeServer>) {
  return renderAt(<FollowUpsTab />, {
    api: server.api,
    path: `/boards/${BOARD_ID}/follow-ups`,
    pattern: '/boards/:boardId/follow-ups',
  });
}

/** The patient references of a group's table, top to bottom. */
function rowsOf(group: string): string[] {
  const section = screen.getByRole('region', { name: new RegExp(`^${group}`) });
  return within(section)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('rowheader')[0]!.textContent ?? '');
}

describe('outcome follow-ups worklist', { timeout: 20_000 }, () => {
  it('lists the open follow-ups by group, most overdue first, with what was recommended', async () => {
    open(serverFor('coordinator'));
    expect(await screen.findByRole('region', { name: /^Overdue/ })).toBeTruthy();
    expect(rowsOf('Overdue')).toEqual(['THX-1Board recommendation', 'SO-7Second opinion']);
    expect(rowsOf('Due')).toEqual(['THX-2Board recommendation']);
    expect(screen.getByRole('region', { name: /^Due/ }).textContent).toContain(
      '4 days past dueOverdue after 11 Mar 2027',
    );
    expect(rowsOf('Upcoming')).toEqual(['THX-1Board recommendation', 'THX-2Board recommendation']);
    expect(screen.queryByRole('region', { name: /^Recorded/ })).toBeNull();

    const overdue = screen.getByRole('region', { name: /^Overdue/ });
    const first = within(overdue).getAllByRole('row')[1]!;
    expect(within(first).getByRole('link', { name: 'THX-1' }).getAttribute('href')).toBe(
      `/cases/${CASE_A}`,
    );
    expect(
      await within(first).findByText('Lobectomy with mediastinal lymph node dissection'),
    ).toBeTruthy();
    expect(first.textContent).toContain('59 days past due');
    expect(first.textContent).toContain('1 Jan 2027');
    expect(await within(overdue).findByText('Stereotactic radiotherapy')).toBeTruthy();
    expect(within(overdue).getByRole('link', { name: 'SO-7' }).getAttribute('href')).toBe(
      `/second-opinions/${OPINION}`,
    );

    // The 365-day follow-up is not open yet: it says when it opens instead of offering to record.
    const upcoming = screen.getByRole('region', { name: /^Upcoming/ });
    expect(within(upcoming).getAllByRole('row')[2]!.textContent).toContain('Opens 27 May 2027');
    expect(within(upcoming).getAllByRole('button', { name: /^Record outcome/ })).toHaveLength(1);

    expect(screen.getByRole('radio', { name: 'All open (5)' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Overdue (2)' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Recorded (1)' })).toBeTruthy();
  });

  it('filters to one group, and shows recorded outcomes in words', async () => {
    const user = userEvent.setup();
    open(serverFor('coordinator'));
    await user.click(await screen.findByRole('radio', { name: 'Recorded (1)' }));
    const recorded = screen.getByRole('region', { name: /^Recorded/ });
    expect(screen.queryByRole('region', { name: /^Overdue/ })).toBeNull();
    const row = within(recorded).getAllByRole('row')[1]!;
    expect(row.textContent).toContain('Not implemented');
    expect(row.textContent).toContain('The patient chose otherwise');
    expect(row.textContent).toContain('Chose active surveillance.');
    expect(row.textContent).toContain('by Chris Chair');

    await user.click(screen.getByRole('radio', { name: 'Due (1)' }));
    expect(rowsOf('Due')).toEqual(['THX-2Board recommendation']);
    expect(screen.queryByRole('region', { name: /^Recorded/ })).toBeNull();
  });

  it('offers recording to coordinators and the chair only, and does not read the written opinion for others', async () => {
    const server = serverFor('panelist');
    open(server);
    expect(await screen.findByRole('region', { name: /^Overdue/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Record outcome/ })).toBeNull();
    expect(screen.getByText(/Coordinators and the chair record the outcomes/)).toBeTruthy();
    expect(screen.getByText('The written opinion is open to coordinators.')).toBeTruthy();
    expect(server.calls.some((call) => call.path.endsWith('/opinion'))).toBe(false);
    cleanup();

    open(serverFor('chair'));
    expect(
      await screen.findByRole('button', { name: 'Record outcome: THX-1, 30-day follow-up' }),
    ).toBeTruthy();
  });

  it('says so when there is nothing to follow up', async () => {
    open(serverFor('coordinator', []));
    expect(await screen.findByText('No follow-ups yet')).toBeTruthy();
  });
});

describe('recording an outcome', { timeout: 20_000 }, () => {
  it('requires a reason when not implemented fully, then records it and refreshes the list', async () => {
    const user = userEvent.setup();
    const server = serverFor('coordinator').on(
      'POST',
      new RegExp(`/recommendations/${REC_A}/outcome-follow-ups$`),
      () => json({}, 201),
    );
    open(server);
    await user.click(
      await screen.findByRole('button', { name: 'Record outcome: THX-1, 30-day follow-up' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Record the 30-day follow-up' });
    expect(within(dialog).queryByRole('button', { name: /Why care departed/ })).toBeNull();

    await user.click(within(dialog).getByRole('radio', { name: 'Not implemented' }));
    await user.click(within(dialog).getByRole('button', { name: 'Record outcome' }));
    const reason = within(dialog).getByRole('button', { name: /Why care departed/ });
    await waitFor(() =>
      expect(descriptionOf(reason)).toContain('Say why care departed from the recommendation'),
    );
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);

    await user.click(reason);
    await user.click(screen.getByRole('option', { name: 'Other' }));
    await user.click(within(dialog).getByRole('button', { name: 'Record outcome' }));
    const detail = within(dialog).getByRole('textbox', { name: /Description of the deviation/ });
    await waitFor(() => expect(descriptionOf(detail)).toContain('Describe the deviation'));
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);

    await user.type(detail, 'The trial closed to accrual.');
    await user.type(
      within(dialog).getByRole('textbox', { name: /Notes on the outcome/ }),
      '  Treated with chemoradiotherapy instead.  ',
    );
    const listReads = server.calls.filter((call) =>
      call.path.endsWith('/outcome-follow-ups'),
    ).length;
    await user.click(within(dialog).getByRole('button', { name: 'Record outcome' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
      intervalDays: 30,
      adherence: 'not_implemented',
      deviationReason: 'other',
      deviationDetail: 'The trial closed to accrual.',
      outcomeNotes: 'Treated with chemoradiotherapy instead.',
    });
    expect((await screen.findByRole('status')).textContent).toContain(
      'Recorded the 30-day follow-up of THX-1.',
    );
    await waitFor(() =>
      expect(
        server.calls.filter(
          (call) => call.path.endsWith('/outcome-follow-ups') && call.method === 'GET',
        ),
      ).toHaveLength(listReads + 1),
    );
  });

  it('clears the deviation when it was implemented fully after all', async () => {
    const user = userEvent.setup();
    const server = serverFor('coordinator').on('POST', /\/outcome-follow-ups$/, () =>
      json({}, 201),
    );
    open(server);
    await user.click(
      await screen.findByRole('button', { name: 'Record outcome: THX-2, 90-day follow-up' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: 'Implemented partly' }));
    await user.click(within(dialog).getByRole('button', { name: /Why care departed/ }));
    await user.click(screen.getByRole('option', { name: 'The disease progressed' }));
    await user.click(within(dialog).getByRole('radio', { name: 'Implemented fully' }));
    expect(within(dialog).queryByRole('button', { name: /Why care departed/ })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Record outcome' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.calls.find((call) => call.method === 'POST')).toMatchObject({
      path: `/api/v1/recommendations/${REC_B}/outcome-follow-ups`,
      body: {
        intervalDays: 90,
        adherence: 'implemented_fully',
        deviationReason: null,
        deviationDetail: null,
        outcomeNotes: null,
      },
    });
  });

  it('records a second opinion’s outcome on the second opinion, with the server’s refusals on the fields', async () => {
    const user = userEvent.setup();
    const server = serverFor('coordinator')
      .on(
        'POST',
        new RegExp(`/second-opinions/${OPINION}/outcome-follow-ups$`),
        () =>
          json(
            {
              statusCode: 400,
              message: 'a deviation reason is required',
              code: 'invalid_input',
              details: [{ field: 'deviationReason', message: 'deviation_reason_required' }],
            },
            400,
          ),
        true,
      )
      .on('POST', new RegExp(`/second-opinions/${OPINION}/outcome-follow-ups$`), () =>
        json({ statusCode: 409, message: 'the 30-day follow-up is already recorded' }, 409),
      );
    open(server);
    await user.click(
      await screen.findByRole('button', { name: 'Record outcome: SO-7, 30-day follow-up' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('Stereotactic radiotherapy')).toBeTruthy();
    await user.click(within(dialog).getByRole('radio', { name: 'Implemented partly' }));
    await user.click(within(dialog).getByRole('button', { name: /Why care departed/ }));
    await user.click(
      screen.getByRole('option', { name: 'Another condition made it unsafe or unsuitable' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Record outcome' }));

    await waitFor(() =>
      expect(
        descriptionOf(within(dialog).getByRole('button', { name: /Why care departed/ })),
      ).toContain('Say why care departed from the recommendation'),
    );
    expect(server.calls.find((call) => call.method === 'POST')?.body).toMatchObject({
      adherence: 'implemented_partly',
      deviationReason: 'comorbidity',
    });

    await user.click(within(dialog).getByRole('button', { name: 'Record outcome' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'The 30-day follow-up is already recorded.',
    );
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
