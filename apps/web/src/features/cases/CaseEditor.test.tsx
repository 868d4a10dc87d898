import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetailView } from '../../api/types';
import { boardAs } from '../../test/fixtures';
import { fakeServer, json, renderAt, type Call } from '../../test/harness';
import { CaseWorkspace } from './CaseWorkspace';
import { CASE_ID, caseDetail, members } from './testing';
afterEach(cleanup);

const TYPED = 'Adjuvant chemotherapy after lobectomy?';
const theirs = caseDetail({
  version: 2,
  question: 'Their question: surgery first?',
  clinicalSummary: 'Second summary, with the PET-CT.',
  updatedAt: '2026-11-03T10:15:00.000Z',
});
const stale = {
  statusCode: 409,
  error: 'Conflict',
  message: 'the case was changed by someone else (now version 2); reload and try again',
  code: 'conflict',
};

/** The case at version 1, then someone saves version 2, so the user's first save is refused. */
function serverWithConflict() {
  const saved = (call: Call): CaseDetailView => ({
    ...theirs,
    ...(call.body as Partial<CaseDetailView>),
    version: 3,
  });
  return fakeServer()
    .on('GET', /^\/api\/v1\/boards\/[^/]+$/, () => json(boardAs('coordinator')))
    .on('GET', /^\/api\/v1\/boards\/[^/]+\/members$/, () => json(members))
    .on('GET', /^\/api\/v1\/cases\/[^/]+$/, () => json(caseDetail()), true)
    .on('GET', /^\/api\/v1\/cases\/[^/]+$/, () => json(theirs))
    .on('PATCH', /^\/api\/v1\/cases\/[^/]+$/, () => json(stale, 409), true)
    .on('PATCH', /^\/api\/v1\/cases\/[^/]+$/, (call) => json(saved(call)));
}

async function typeAndSave() {
  const server = serverWithConflict();
  const user = userEvent.setup({ delay: null });
  renderAt(<CaseWorkspace caseId={CASE_ID} />, { api: server.api });
  const question = await screen.findByLabelText('Question to the board');
  await user.clear(question);
  await user.type(question, TYPED);
  await user.click(screen.getByRole('button', { name: 'Save changes' }));
  const dialog = await screen.findByRole('dialog', { name: 'Someone else changed this case' });
  return { server, user, dialog: within(dialog) };
}

const patches = (calls: Call[]) => calls.filter((call) => call.method === 'PATCH');

describe('saving a case someone else changed meanwhile', { timeout: 20_000 }, () => {
  it('lists their changes beside the user’s, and keeps what the user typed', async () => {
    const { server, user, dialog } = await typeAndSave();

    const questionRow = dialog.getByRole('row', { name: /Question to the board/ });
    expect(questionRow.textContent).toContain('Their question: surgery first?');
    expect(questionRow.textContent).toContain(TYPED);
    const summaryRow = dialog.getByRole('row', { name: /Clinical summary/ });
    expect(summaryRow.textContent).toContain('Second summary, with the PET-CT.');
    expect(summaryRow.textContent).toContain('First summary.');
    // Unchanged by either side: not listed.
    expect(dialog.queryByRole('row', { name: /Priority/ })).toBeNull();

    // What the user changed is kept by default; what only they changed is taken.
    expect(
      (within(questionRow).getByRole('radio', { name: 'Mine' }) as HTMLInputElement).checked,
    ).toBe(true);
    expect(
      (within(summaryRow).getByRole('radio', { name: 'Theirs' }) as HTMLInputElement).checked,
    ).toBe(true);

    await user.click(dialog.getByRole('button', { name: 'Save with these choices' }));

    await waitFor(() => expect(patches(server.calls)).toHaveLength(2));
    expect(patches(server.calls)[0]!.body).toEqual({ version: 1, question: TYPED });
    // Saved against their version, sending only the user's change.
    expect(patches(server.calls)[1]!.body).toEqual({ version: 2, question: TYPED });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((screen.getByLabelText('Question to the board') as HTMLTextAreaElement).value).toBe(
      TYPED,
    );
    expect((screen.getByLabelText('Clinical summary') as HTMLTextAreaElement).value).toBe(
      'Second summary, with the PET-CT.',
    );
    expect(await screen.findByText('The case was saved.')).toBeTruthy();
  });

  it('takes theirs field by field when asked, and still keeps the other typed fields', async () => {
    const { server, user, dialog } = await typeAndSave();
    const questionRow = dialog.getByRole('row', { name: /Question to the board/ });
    await user.click(within(questionRow).getByRole('radio', { name: 'Theirs' }));
    const summaryRow = dialog.getByRole('row', { name: /Clinical summary/ });
    await user.click(within(summaryRow).getByRole('radio', { name: 'Mine' }));
    await user.click(dialog.getByRole('button', { name: 'Save with these choices' }));

    await waitFor(() => expect(patches(server.calls)).toHaveLength(2));
    expect(patches(server.calls)[1]!.body).toEqual({
      version: 2,
      clinicalSummary: 'First summary.',
    });
  });

  it('going back to the form loses nothing typed', async () => {
    const { server, user, dialog } = await typeAndSave();
    await user.click(dialog.getByRole('button', { name: 'Back to my edits' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((screen.getByLabelText('Question to the board') as HTMLTextAreaElement).value).toBe(
      TYPED,
    );
    expect(patches(server.calls)).toHaveLength(1);
    expect(screen.getByText('You have unsaved changes.')).toBeTruthy();
  });
});
