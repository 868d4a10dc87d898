import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_ID, boardAs } from '../../test/fixtures';
import { descriptionOf, fakeServer, json, renderAt } from '../../test/harness';
import { NewCasePage } from './NewCasePage';
import { members } from './testing';
afterEach(cleanup);

function serverFor(role: Parameters<typeof boardAs>[0]) {
  return fakeServer()
    .on('GET', /^\/api\/v1\/boards\/[^/]+$/, () => json(boardAs(role)))
    .on('GET', /^\/api\/v1\/boards\/[^/]+\/members$/, () => json(members));
}

function open(server: ReturnType<typeof fakeServer>) {
  return renderAt(<NewCasePage />, {
    api: server.api,
    path: `/boards/${BOARD_ID}/cases/new`,
    pattern: '/boards/:boardId/cases/new',
  });
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText(/^Patient reference/), 'THX-2026-014');
  await user.type(screen.getByLabelText(/^Year of birth/), '1961');
  await user.click(screen.getByRole('button', { name: /Sex/ }));
  await user.click(screen.getByRole('option', { name: 'Female' }));
}

describe('new case form', { timeout: 20_000 }, () => {
  it('shows the server’s field errors next to the fields they name', async () => {
    const server = serverFor('coordinator').on('POST', /\/cases$/, () =>
      json(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: 'request validation failed',
          code: 'invalid_input',
          details: [
            { field: 'diagnosis.icd10', message: 'icd10 must be an ICD-10 code such as C34.1' },
            { field: 'staging.clinical.t', message: "'T9' is not a valid T category" },
            {
              field: 'biomarkers.0.result',
              message: 'result must be longer than or equal to 1 characters',
            },
            { field: 'somethingElse', message: 'somethingElse should not exist' },
          ],
        },
        400,
      ),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    await fillRequired(user);
    await user.type(screen.getByLabelText('ICD-10'), 'C341');
    // Two biomarker rows, the first left blank: the server's index 0 is the second row.
    await user.click(screen.getByRole('button', { name: 'Add biomarker' }));
    await user.click(screen.getByRole('button', { name: 'Add biomarker' }));
    const second = within(screen.getByRole('group', { name: 'Biomarker 2' }));
    await user.type(second.getByLabelText(/^Name/), 'EGFR');
    await user.click(screen.getByRole('button', { name: 'Create case' }));

    // Beside the field, in the form's words, not the API's ("icd10 must be …").
    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('ICD-10'))).toContain(
        'Must be an ICD-10 code such as C34.1.',
      ),
    );
    expect(descriptionOf(screen.getByLabelText('ICD-10'))).not.toContain('icd10');
    const post = server.calls.find((call) => call.method === 'POST');
    expect(post?.body).toMatchObject({
      patientRef: 'THX-2026-014',
      birthYear: 1961,
      sex: 'female',
      diagnosis: { icd10: 'C341' },
      biomarkers: [{ name: 'EGFR', result: '' }],
    });
    expect(descriptionOf(second.getByLabelText(/^Result/))).toContain('Required.');
    expect(descriptionOf(second.getByLabelText(/^Result/))).not.toContain('result must be');
    const first = within(screen.getByRole('group', { name: 'Biomarker 1' }));
    expect(descriptionOf(first.getByLabelText(/^Result/))).not.toContain('Required.');
    expect(descriptionOf(screen.getByRole('button', { name: /Clinical T/ }))).toContain(
      "'T9' is not a valid T category",
    );
    expect(descriptionOf(screen.getByLabelText(/^Primary site/))).not.toContain('must');
    // A complaint about no field on the form is said above the button.
    expect(
      screen
        .getAllByRole('alert')
        .some((alert) => alert.textContent?.includes('somethingElse should not exist')),
    ).toBe(true);
  });

  it('says a taken patient reference next to it', async () => {
    const server = serverFor('presenter').on('POST', /\/cases$/, () =>
      json(
        {
          statusCode: 409,
          error: 'Conflict',
          message: 'patient reference THX-2026-014 is already used on this board',
          code: 'conflict',
        },
        409,
      ),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Create case' }));
    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText(/^Patient reference/))).toContain(
        'patient reference THX-2026-014 is already used on this board',
      ),
    );
  });

  it('checks the required fields before sending', async () => {
    const server = serverFor('coordinator');
    const user = userEvent.setup({ delay: null });
    open(server);
    await user.click(await screen.findByRole('button', { name: 'Create case' }));
    expect(descriptionOf(screen.getByLabelText(/^Patient reference/))).toContain(
      'Enter the pseudonymous patient reference.',
    );
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('tells an observer they cannot add cases', async () => {
    open(serverFor('observer'));
    expect((await screen.findByRole('alert')).textContent).toContain(
      "Only the board's coordinator, chair and presenters add cases.",
    );
    expect(screen.queryByRole('button', { name: 'Create case' })).toBeNull();
  });
});
