import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_ID, boardAs } from '../../test/fixtures';
import { descriptionOf, fakeServer, json, renderAt } from '../../test/harness';
import { NewRequestPage } from './NewRequestPage';
import { REQUEST_ID, request } from './testing';

afterEach(cleanup);

type User = ReturnType<typeof userEvent.setup>;

function serverFor(role: Parameters<typeof boardAs>[0]) {
  return fakeServer().on('GET', /^\/api\/v1\/boards\/[^/]+$/, () => json(boardAs(role)));
}

function open(server: ReturnType<typeof fakeServer>) {
  return renderAt(<NewRequestPage />, {
    api: server.api,
    path: `/boards/${BOARD_ID}/second-opinions/new`,
    pattern: '/boards/:boardId/second-opinions/new',
  });
}

/** A select, by its label (its button reads the chosen value, then the label). */
async function choose(user: User, label: string, option: string) {
  await user.click(screen.getByRole('button', { name: new RegExp(`${label}$`) }));
  await user.click(await screen.findByRole('option', { name: option }));
}

async function search(user: User, field: RegExp, typed: string, option: string) {
  await user.type(screen.getByRole('combobox', { name: field }), typed);
  await user.click(await screen.findByRole('option', { name: option }));
}

async function fillAll(user: User) {
  await choose(user, 'Type', 'Treatment plan');
  await user.type(screen.getByLabelText(/^Question for the second opinion/), 'Is surgery first?');
  await user.type(screen.getByLabelText(/^Patient reference/), 'SO-PT-0042');
  await user.type(screen.getByLabelText(/^Year of birth/), '1961');
  await choose(user, 'Sex', 'Female');
  await search(user, /^Preferred language/, 'Spani', 'Spanish (español)');
  await search(user, /^Country/, 'Spain', 'Spain');
  await search(user, /^Time zone/, 'Madrid', 'Europe/Madrid');
  await user.type(screen.getByLabelText(/^Referring physician/), 'Dr M. Rossi');
  await user.type(screen.getByLabelText(/^Referrer's institution/), 'Hospital del Mar');
  await user.type(screen.getByLabelText(/^Referrer's email/), 'm.rossi@hospital.example');
  await user.type(screen.getByLabelText(/^Diagnosis/), 'Adenocarcinoma, right upper lobe');
  await user.type(screen.getByLabelText(/^Proposed treatment/), 'Lobectomy, then chemotherapy');
  await user.type(
    screen.getByLabelText(/^Institution of the first opinion/),
    'University Hospital Basel',
  );
  await user.type(screen.getByLabelText(/^Physician of the first opinion/), 'Dr K. Weber');
  await choose(user, 'Given by', 'The patient');
  fireEvent.change(screen.getByLabelText(/^Given on/), { target: { value: '2026-11-01T10:00' } });
  await user.click(screen.getByRole('checkbox', { name: 'Share the records with the reviewers' }));
  await user.click(screen.getByRole('checkbox', { name: 'Transfer the records across borders' }));
  await user.type(screen.getByLabelText(/^Payer/), 'Self-pay');
  await user.click(screen.getByRole('checkbox', { name: 'Coverage verified' }));
}

const submit = (user: User) =>
  user.click(screen.getByRole('button', { name: 'Take in the request' }));

describe('second-opinion intake', { timeout: 60_000 }, () => {
  it('checks every required field before sending', async () => {
    const server = serverFor('coordinator');
    const user = userEvent.setup({ delay: null });
    open(server);
    await screen.findByLabelText(/^Patient reference/);
    await submit(user);
    expect(descriptionOf(screen.getByLabelText(/^Patient reference/))).toContain(
      'Enter the pseudonymous patient reference.',
    );
    expect(descriptionOf(screen.getByLabelText(/^Referrer's email/))).toContain(
      'The referrer’s email is required.',
    );
    expect(descriptionOf(screen.getByRole('combobox', { name: /^Country/ }))).toContain(
      'Choose the country the patient lives in.',
    );
    expect(descriptionOf(screen.getByRole('group', { name: /The patient consents to/ }))).toContain(
      'Tick at least one thing consented to.',
    );
    expect(screen.getByRole('alert').textContent).toContain('Some fields need attention');
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('refuses a name as the pseudonym and an emergent priority, in plain words', async () => {
    const user = userEvent.setup({ delay: null });
    open(serverFor('coordinator'));
    await user.type(await screen.findByLabelText(/^Patient reference/), 'Jane Doe');
    await choose(user, 'Priority', 'Emergent');
    expect(descriptionOf(screen.getByRole('button', { name: /Priority$/ }))).toContain(
      'the patient must go to emergency care now',
    );
    await submit(user);
    expect(descriptionOf(screen.getByLabelText(/^Patient reference/))).toContain(
      'Never a name or a medical record number.',
    );
  });

  it('sends the request as the server takes it, and shows its field errors next to the fields', async () => {
    const server = serverFor('coordinator').on('POST', /\/second-opinions$/, () =>
      json(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: 'request validation failed',
          code: 'invalid_input',
          details: [
            {
              field: 'patient.reference',
              message:
                'reference must be a pseudonym of 2–40 letters, digits, dots, dashes or underscores',
            },
            { field: 'consent.grantedAt', message: 'must not be in the future' },
            { field: 'referrer.email', message: 'email must be an email' },
            { field: 'somethingElse', message: 'somethingElse should not exist' },
          ],
        },
        400,
      ),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    await screen.findByLabelText(/^Patient reference/);
    await fillAll(user);
    await submit(user);

    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText(/^Patient reference/))).toContain(
        'Must be a pseudonym of 2–40 letters, digits, dots, dashes or underscores.',
      ),
    );
    expect(descriptionOf(screen.getByLabelText(/^Given on/))).toContain(
      'Must not be in the future.',
    );
    expect(descriptionOf(screen.getByLabelText(/^Referrer's email/))).toContain(
      'Must be an email.',
    );
    expect(screen.getByRole('alert').textContent).toContain('SomethingElse should not exist.');

    const post = server.calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({
      type: 'treatment_plan',
      priority: 'routine',
      patient: { reference: 'SO-PT-0042', birthYear: 1961, sex: 'female' },
      preferredLanguage: 'es',
      country: 'ES',
      timezone: 'Europe/Madrid',
      question: 'Is surgery first?',
      referrer: {
        name: 'Dr M. Rossi',
        institution: 'Hospital del Mar',
        email: 'm.rossi@hospital.example',
      },
      firstOpinion: {
        diagnosis: 'Adenocarcinoma, right upper lobe',
        proposedTreatment: 'Lobectomy, then chemotherapy',
        institution: 'University Hospital Basel',
        physician: 'Dr K. Weber',
      },
      consent: {
        grantedBy: 'patient',
        grantedAt: new Date('2026-11-01T10:00').toISOString(),
        scope: ['share_records', 'international_transfer'],
      },
      payer: { payer: 'Self-pay', coverageVerified: true },
    });
  });

  it('opens the new request once taken in', async () => {
    const server = serverFor('coordinator').on('POST', /\/second-opinions$/, () =>
      json(request(), 201),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = open(server);
    await screen.findByLabelText(/^Patient reference/);
    await fillAll(user);
    await submit(user);
    await screen.findByText('Navigated away');
    expect(router.state.location.pathname).toBe(`/second-opinions/${REQUEST_ID}`);
  });

  it('tells a member who is not a coordinator that they cannot take in requests', async () => {
    open(serverFor('presenter'));
    expect((await screen.findByRole('alert')).textContent).toContain(
      "Only the board's coordinators take in second-opinion requests.",
    );
    expect(screen.queryByRole('button', { name: 'Take in the request' })).toBeNull();
  });
});
