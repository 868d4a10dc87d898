import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { boardAs } from '../../test/fixtures';
import { fakeServer, json, renderAt } from '../../test/harness';
import { RequestPage } from './RequestPage';
import type { SecondOpinionView } from './queries';
import {
  BASEL_ID,
  REQUEST_ID,
  REVIEWER_ID,
  checklist,
  members,
  opinion,
  request,
  reviewer,
} from './testing';

afterEach(cleanup);

const UPLOAD_URL = 'https://board.example.org/uploads/secret-upload-token';
const REFERRER_URL = 'https://board.example.org/opinions/secret-referrer-token';

const notFound = () => json({ statusCode: 404, message: 'not found' }, 404);

/** The server as a coordinator sees the request; `state.request` changes as the test acts. */
function serverFor(state: {
  request: SecondOpinionView;
  reviewers?: unknown[];
  arbitration?: unknown;
}) {
  return fakeServer()
    .on('GET', /^\/api\/v1\/second-opinions\/[^/]+$/, () => json(state.request))
    .on('GET', /^\/api\/v1\/boards\/[^/]+$/, () => json(boardAs('coordinator')))
    .on('GET', /^\/api\/v1\/boards\/[^/]+\/members$/, () => json(members))
    .on('GET', /\/records$/, () => json(checklist()))
    .on('GET', /\/reviewers$/, () => json(state.reviewers ?? []))
    .on('GET', /\/opinion\/versions$/, () => json([opinion()]))
    .on('GET', /\/questions$/, () => json([]))
    .on('GET', /\/consultation$/, notFound)
    .on('GET', /\/arbitration$/, () => (state.arbitration ? json(state.arbitration) : notFound()));
}

function open(server: ReturnType<typeof fakeServer>) {
  return renderAt(<RequestPage />, {
    api: server.api,
    path: `/second-opinions/${REQUEST_ID}`,
    pattern: '/second-opinions/:requestId',
  });
}

describe('a second-opinion request, for its coordinator', { timeout: 30_000 }, () => {
  it('shows an upload link once, with its expiry, and copies it', async () => {
    const server = serverFor({ request: request({ status: 'awaiting_records' }) }).on(
      'POST',
      /\/upload-links$/,
      () =>
        json(
          {
            id: '00000000-0000-4000-8000-0000000000aa',
            kind: 'radiology_report',
            expiresAt: '2026-11-05T10:00:00.000Z',
            url: UPLOAD_URL,
          },
          201,
        ),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    await user.click(
      await screen.findByRole('button', { name: 'Create upload link: Radiology report(s)' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Upload link: Radiology report(s)' });
    await user.click(within(dialog).getByRole('button', { name: 'Create the link' }));

    const shown = await screen.findByRole('group', { name: 'Upload link: Radiology report(s)' });
    expect(
      (
        within(shown).getByRole('textbox', {
          name: 'Upload link: Radiology report(s)',
        }) as HTMLInputElement
      ).value,
    ).toBe(UPLOAD_URL);
    expect(shown.textContent).toContain('Shown only once.');
    expect(shown.textContent).toMatch(/Valid until Thu, 5 Nov 2026, 11:00 CET \(Europe\/Paris\)/);
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
      kind: 'radiology_report',
      hours: 72,
    });

    await user.click(
      within(shown).getByRole('button', { name: 'Copy Upload link: Radiology report(s)' }),
    );
    expect(await navigator.clipboard.readText()).toBe(UPLOAD_URL);
    expect(within(shown).getByRole('status').textContent).toBe('Copied to the clipboard.');

    await user.click(within(shown).getByRole('button', { name: 'Done: hide the link' }));
    expect(screen.queryByDisplayValue(UPLOAD_URL)).toBeNull();
    expect(document.body.textContent).not.toContain('secret-upload-token');
  });

  it('waives a missing record with its reason', async () => {
    const server = serverFor({ request: request({ status: 'awaiting_records' }) }).on(
      'POST',
      /\/records\/waivers$/,
      () => json(checklist(), 201),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    const label = 'Clinical summary or referral letter with the proposed treatment';
    expect(await screen.findByText(/Missing: Radiology report\(s\);/)).toBeTruthy();
    // A received record has nothing to waive.
    expect(screen.queryByRole('button', { name: 'Waive: Pathology report' })).toBeNull();
    await user.click(screen.getByRole('button', { name: `Waive: ${label}` }));
    const dialog = await screen.findByRole('dialog', { name: `Waive: ${label}` });
    await user.type(within(dialog).getByLabelText(/^Reason/), 'None');
    await user.click(within(dialog).getByRole('button', { name: 'Waive the record' }));
    expect(within(dialog).getByText('Say why, in 5 to 1,000 characters.')).toBeTruthy();
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText(/^Reason/), ': no referral letter exists');
    await user.click(within(dialog).getByRole('button', { name: 'Waive the record' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
      kind: 'clinical_note',
      reason: 'None: no referral letter exists',
    });
  });

  it('explains in plain words why the server refused a reviewer', async () => {
    const server = serverFor({ request: request({ status: 'awaiting_records' }) }).on(
      'POST',
      /\/reviewers$/,
      () =>
        json(
          {
            statusCode: 409,
            error: 'Conflict',
            code: 'conflict',
            message: 'reviewers from the first opinion’s institution cannot review it',
            details: [{ field: 'userIds', message: `${BASEL_ID}: same_institution` }],
          },
          409,
        ),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    const form = await screen.findByRole('form', { name: 'Assign reviewers' });
    // Observers cannot review, so they are not offered.
    expect(within(form).queryByRole('checkbox', { name: /Olive Observer/ })).toBeNull();
    await user.click(within(form).getByRole('checkbox', { name: /Dr Lukas Meier/ }));
    await user.click(within(form).getByRole('checkbox', { name: /Dr Ada Okafor/ }));
    await user.click(within(form).getByRole('button', { name: 'Assign reviewers' }));

    expect((await within(form).findByRole('alert')).textContent).toBe(
      'Dr Lukas Meier works at Univ. Hosp. Basel, the first opinion’s institution (University Hospital Basel): an independent review cannot come from there.',
    );
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
      userIds: [BASEL_ID, REVIEWER_ID],
    });
  });

  it('names a reviewer the server refused as not a member who may review', async () => {
    const server = serverFor({ request: request({ status: 'awaiting_records' }) }).on(
      'POST',
      /\/reviewers$/,
      () =>
        json(
          {
            statusCode: 400,
            code: 'invalid_input',
            message: 'reviewers must be members of the board who are not observers',
            details: [{ field: 'userIds', message: `${REVIEWER_ID} cannot review` }],
          },
          400,
        ),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    const form = await screen.findByRole('form', { name: 'Assign reviewers' });
    await user.click(within(form).getByRole('checkbox', { name: /Dr Ada Okafor/ }));
    await user.click(within(form).getByRole('button', { name: 'Assign reviewers' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'Dr Ada Okafor cannot review: only members of the board who are not observers can.',
    );
  });

  it('delivers the opinion with the patient summary and shows the referrer’s link once', async () => {
    const state = { request: request(), reviewers: [reviewer()] };
    const server = serverFor(state).on('POST', /\/opinion$/, () => {
      state.request = request({ status: 'opinion_delivered' });
      return json(
        {
          opinion: opinion(),
          referrerLink: { url: REFERRER_URL, expiresAt: '2027-02-03T09:00:00.000Z' },
        },
        201,
      );
    });
    const user = userEvent.setup({ delay: null });
    open(server);
    const form = await screen.findByRole('form', { name: 'Deliver the opinion' });
    const summary = within(form).getByLabelText(/^Patient summary/);
    await user.type(summary, 'Demasiado corto');
    await user.click(within(form).getByRole('button', { name: 'Deliver the opinion' }));
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);
    expect(
      await within(form).findByText('The patient summary: at least 20 characters.'),
    ).toBeTruthy();

    await user.clear(summary);
    await user.type(summary, 'Le recomendamos quimiorradioterapia en lugar de cirugía primero.');
    await user.click(within(form).getByRole('button', { name: 'Deliver the opinion' }));

    const link = await screen.findByRole('group', { name: 'Referrer’s link to the opinion' });
    expect(within(link).getByDisplayValue(REFERRER_URL)).toBeTruthy();
    expect(link.textContent).toContain('Shown only once.');
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
      patientSummary: 'Le recomendamos quimiorradioterapia en lugar de cirugía primero.',
    });
    // The delivered opinion follows, with its documents and what may come after it.
    expect(
      await screen.findByRole('button', { name: 'Download the clinical report, version 1' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Download the patient summary, version 1' }),
    ).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Deliver the opinion' })).toBeNull();
    // The second opinion changed the treatment: a third reviewer may be asked to arbitrate.
    expect(
      await screen.findByRole('form', { name: 'Ask a third reviewer to arbitrate' }),
    ).toBeTruthy();
  });

  it('says why a single specialist’s opinion cannot be delivered yet', async () => {
    open(
      serverFor({
        request: request(),
        reviewers: [reviewer({ assessmentSubmittedAt: null, concordance: null })],
      }),
    );
    expect(
      await screen.findByText('Dr Ada Okafor has not submitted an assessment yet.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Deliver the opinion' })).toBeNull();
  });

  it('replaces the referrer’s link after confirming, and shows the new one once', async () => {
    const server = serverFor({
      request: request({ status: 'opinion_delivered' }),
      reviewers: [reviewer()],
    }).on('POST', /\/referrer-link$/, () =>
      json({ url: REFERRER_URL, expiresAt: '2027-02-03T09:00:00.000Z' }, 201),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    await user.click(await screen.findByRole('button', { name: 'Replace the referrer’s link' }));
    const confirm = await screen.findByRole('alertdialog', {
      name: 'Replace the referrer’s link?',
    });
    expect(confirm.textContent).toContain('Every earlier link stops working');
    await user.click(within(confirm).getByRole('button', { name: 'Replace the link' }));
    const link = await screen.findByRole('group', { name: 'Referrer’s link to the opinion' });
    expect(within(link).getByDisplayValue(REFERRER_URL)).toBeTruthy();
  });

  it('asks a third reviewer to arbitrate, and explains a refusal naming the person', async () => {
    const server = serverFor({
      request: request({ status: 'opinion_delivered' }),
      reviewers: [reviewer()],
    }).on('POST', /\/arbitration$/, () =>
      json(
        {
          statusCode: 409,
          code: 'conflict',
          message: 'the arbiter must be independent of the first opinion',
          details: [{ field: 'arbiterId', message: `${BASEL_ID}: same_institution` }],
        },
        409,
      ),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    const form = await screen.findByRole('form', { name: 'Ask a third reviewer to arbitrate' });
    await user.click(within(form).getByRole('button', { name: /Third reviewer$/ }));
    const options = screen.getAllByRole('option').map((option) => option.textContent);
    // Neither the request's reviewer nor an observer may arbitrate.
    expect(options.some((text) => text?.includes('Dr Ada Okafor'))).toBe(false);
    expect(options.some((text) => text?.includes('Olive Observer'))).toBe(false);
    await user.click(screen.getByRole('option', { name: /Dr Lukas Meier/ }));
    await user.type(
      within(form).getByLabelText(/^Why it goes to arbitration/),
      'The treatment changed from surgery to chemoradiotherapy',
    );
    await user.click(
      within(form).getByRole('button', { name: 'Ask a third reviewer to arbitrate' }),
    );
    expect((await within(form).findByRole('alert')).textContent).toContain(
      'Dr Lukas Meier works at Univ. Hosp. Basel, the first opinion’s institution',
    );
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
      arbiterId: BASEL_ID,
      reason: 'The treatment changed from surgery to chemoradiotherapy',
    });
  });

  it('follows an arbitration to its outcome', async () => {
    open(
      serverFor({
        request: request({ status: 'opinion_delivered' }),
        reviewers: [reviewer()],
        arbitration: {
          requestId: REQUEST_ID,
          arbiter: {
            userId: BASEL_ID,
            displayName: 'Dr Lukas Meier',
            specialty: 'surgical_oncology',
            institution: 'Univ. Hosp. Basel',
            credentials: { licences: [], boardCertifications: [] },
          },
          reason: 'The treatment changed',
          requestedBy: REVIEWER_ID,
          requestedAt: '2026-11-06T09:00:00.000Z',
          attestation: 'no_conflict',
          assessment: {
            diagnosis: 'Adenocarcinoma, N2',
            stage: null,
            recommendation: 'Chemoradiotherapy',
            alternatives: [],
            risks: 'r',
            pros: 'p',
            cons: 'c',
            submittedAt: '2026-11-07T09:00:00.000Z',
          },
          decision: {
            outcome: 'second_opinion_upheld',
            rationale: 'N2 disease is not treated with surgery first.',
            decidedAt: '2026-11-08T09:00:00.000Z',
            issuedVersion: 2,
          },
        },
      }),
    );
    expect(await screen.findByText('The second opinion is upheld')).toBeTruthy();
    expect(screen.getByText(/issued as version 2/)).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Ask a third reviewer to arbitrate' })).toBeNull();
  });

  it('puts a panel to a vote once every cleared reviewer has assessed', async () => {
    const server = serverFor({
      request: request(),
      reviewers: [
        reviewer(),
        reviewer({
          userId: BASEL_ID,
          displayName: 'Dr Lukas Meier',
          assessmentSubmittedAt: null,
          concordance: null,
        }),
      ],
    });
    open(server);
    const card = (await screen.findByRole('heading', { name: 'Panel vote' })).closest(
      'section',
    ) as HTMLElement;
    expect(await within(card).findByText(/Still to come: Dr Lukas Meier\./)).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Open the panel vote' })).toBeNull();
    // A panel's opinion is delivered after its vote, not as one specialist's.
    expect(
      screen.getByText(/Several reviewers are cleared: put the request to a panel vote/),
    ).toBeTruthy();
  });

  it('opens the panel vote with its options and deadline', async () => {
    const server = serverFor({
      request: request(),
      reviewers: [reviewer(), reviewer({ userId: BASEL_ID, displayName: 'Dr Lukas Meier' })],
    }).on('POST', /\/panel-vote$/, () =>
      json({ id: 'vote', caseId: 'case', round: 1, deadline: '2026-12-13T17:00:00.000Z' }, 201),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    const form = await screen.findByRole('form', { name: 'Open the panel vote' });
    const options = within(form).getAllByRole('group', { name: /^Option [AB]$/ });
    for (const [index, text] of ['Lobectomy first', 'Chemoradiotherapy'].entries()) {
      const option = within(options[index] as HTMLElement);
      await user.type(option.getByLabelText(/^Recommendation/), text);
      await user.click(option.getByRole('button', { name: /Intent$/ }));
      await user.click(await screen.findByRole('option', { name: 'Curative' }));
    }
    const first = within(options[0] as HTMLElement);
    await user.click(first.getByRole('checkbox', { name: 'Surgery' }));
    await user.click(first.getByRole('checkbox', { name: 'Systemic therapy' }));
    expect(first.getByText('In this order: Surgery, then Systemic therapy.')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Open the panel vote' }));
    // The second option has no treatment yet: nothing is sent.
    expect(await within(form).findByText('Choose at least one treatment.')).toBeTruthy();
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);

    const second = within(options[1] as HTMLElement);
    await user.click(second.getByRole('checkbox', { name: 'Radiotherapy' }));
    await user.click(within(form).getByRole('button', { name: 'Open the panel vote' }));
    expect(await screen.findByText(/The vote is open until/)).toBeTruthy();
    const body = server.calls.find((call) => call.method === 'POST')?.body as {
      deadline: string;
    };
    expect(body).toMatchObject({
      question: 'Is surgery the best first treatment?',
      options: [
        {
          text: 'Lobectomy first',
          intent: 'curative',
          modalities: ['surgery', 'systemic_therapy'],
        },
        { text: 'Chemoradiotherapy', intent: 'curative', modalities: ['radiotherapy'] },
      ],
    });
    expect(new Date(body.deadline).getTime()).toBeGreaterThan(Date.now());
  });

  it('is read-only once consent is withdrawn', async () => {
    open(
      serverFor({
        request: request({
          status: 'consent_withdrawn',
          consent: {
            ...request().consent,
            withdrawnAt: '2026-11-04T09:00:00.000Z',
            withdrawalReason: 'The patient phoned to stop',
          },
        }),
        reviewers: [reviewer({ assessmentSubmittedAt: null, concordance: null })],
      }),
    );
    expect((await screen.findByText(/everything here is read-only/)).textContent).toContain(
      'The patient phoned to stop',
    );
    await screen.findByRole('table', { name: 'Progress of each reviewer' });
    expect(screen.queryByRole('button', { name: /Create upload link/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Waive/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Assign reviewers' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Withdraw consent' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Deliver the opinion' })).toBeNull();
  });

  it('withdraws consent behind a confirmation that says what it does', async () => {
    const server = serverFor({ request: request() }).on('POST', /\/consent\/withdraw$/, () =>
      json(request({ status: 'consent_withdrawn' })),
    );
    const user = userEvent.setup({ delay: null });
    open(server);
    await user.click(await screen.findByRole('button', { name: 'Withdraw consent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Withdraw the patient’s consent?' });
    expect(dialog.textContent).toContain('This cannot be undone.');
    await user.type(
      within(dialog).getByLabelText(/^How consent was withdrawn/),
      'The patient phoned on 3 March',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Withdraw consent and stop the request' }),
    );
    await waitFor(() =>
      expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
        reason: 'The patient phoned on 3 March',
      }),
    );
  });
});
