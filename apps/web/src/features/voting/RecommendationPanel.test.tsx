import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardView } from '../../api/types';
import { descriptionOf, fakeServer, json, renderAt, tokens, type Call } from '../../test/harness';
import type { RecommendationView } from './queries';
import { RecommendationPanel } from './RecommendationPanel';
import { CASE_ID, RECOMMENDATION_ID, closedVote, recommendation, votingBoard } from './testing';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

/** jsdom makes no object URLs: every one made is `url`. */
function stubObjectUrls(url: string) {
  Object.assign(URL, { createObjectURL: vi.fn(() => url), revokeObjectURL: vi.fn() });
}

const signed = recommendation({
  status: 'signed',
  signature: {
    signerId: '00000000-0000-4000-8000-0000000000c9',
    signerName: 'Chris Chair',
    signedAt: '2026-12-01T07:40:00.000Z',
    contentHash: recommendation().contentHash,
    value: 'abc',
  },
});
const published = recommendation({
  ...signed,
  status: 'published',
  publishedBy: '00000000-0000-4000-8000-0000000000c8',
  publishedAt: '2026-12-01T08:00:00.000Z',
});

/** The board as `role` sees it, and the case's recommendations as the server holds them now. */
function setUp(role: BoardView['myRole'], held: { current: RecommendationView[] }) {
  const server = fakeServer()
    .on('GET', /^\/api\/v1\/boards\/[^/]+$/, () => json(votingBoard(role)))
    .on('GET', /^\/api\/v1\/cases\/[^/]+\/recommendations$/, () => json(held.current))
    .on('GET', /^\/api\/v1\/votes\/[^/]+$/, () => json(closedVote()))
    .on('GET', /^\/api\/v1\/auth\/reauthentication$/, () =>
      json({ password: true, provider: null }),
    );
  const user = userEvent.setup({ delay: null });
  renderAt(
    <RecommendationPanel caseId={CASE_ID} boardId={votingBoard(role).id} tokens={tokens} />,
    { api: server.api },
  );
  return { server, user };
}

const sent = (calls: Call[], method: string) => calls.filter((call) => call.method === method);

describe('editing the draft', { timeout: 20_000 }, () => {
  it('checks the rationale and the NCT numbers before sending', async () => {
    const held = { current: [recommendation()] };
    const { server, user } = setUp('presenter', held);
    server.on('PATCH', /^\/api\/v1\/recommendations\/[^/]+$/, (call) => {
      held.current = [
        recommendation({ content: { ...recommendation().content, ...(call.body as object) } }),
      ];
      return json(held.current[0]);
    });
    const rationale = await screen.findByRole('textbox', { name: /Rationale/ });
    await user.clear(rationale);
    await user.click(screen.getByRole('button', { name: 'Add a trial referral' }));
    await user.type(screen.getByRole('textbox', { name: /NCT number of trial 1/ }), 'NCT123');
    await user.click(screen.getByRole('button', { name: 'Save the draft' }));

    expect(await screen.findByText('The rationale is required.')).toBeTruthy();
    expect(descriptionOf(screen.getByRole('textbox', { name: /NCT number of trial 1/ }))).toBe(
      'Must be NCT followed by 8 digits, such as NCT04368728.',
    );
    expect(sent(server.calls, 'PATCH')).toHaveLength(0);

    await user.type(rationale, 'Stage IIIA, resectable after induction.');
    const nct = screen.getByRole('textbox', { name: /NCT number of trial 1/ });
    await user.clear(nct);
    await user.type(nct, ' nct04368728 ');
    await user.click(screen.getByRole('button', { name: 'Save the draft' }));

    expect((await screen.findByRole('status')).textContent).toBe('Saved.');
    expect(sent(server.calls, 'PATCH')[0]?.body).toEqual({
      rationale: 'Stage IIIA, resectable after induction.',
      guidelineReferences: [{ citation: 'NCCN NSCLC v3.2026, NSCL-7', evidenceCategory: '1' }],
      trialReferrals: [{ nctId: 'NCT04368728' }],
    });
  });

  it('says when the recommendation changed meanwhile, and loads the latest', async () => {
    const held = { current: [recommendation()] };
    const { server, user } = setUp('coordinator', held);
    server.on('PATCH', /^\/api\/v1\/recommendations\/[^/]+$/, () => {
      held.current = [signed];
      return json(
        {
          statusCode: 409,
          code: 'conflict',
          message: 'a signed recommendation cannot be edited; amend it instead',
        },
        409,
      );
    });
    await user.type(await screen.findByRole('textbox', { name: /Rationale/ }), ' Fit.');
    await user.click(screen.getByRole('button', { name: 'Save the draft' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Your changes were not saved. A signed recommendation cannot be edited; amend it instead. The latest version has been loaded.',
    );
    expect(await screen.findByText('Chris Chair')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save the draft' })).toBeNull();
    expect(
      sent(server.calls, 'GET').filter((call) => call.path.endsWith('/recommendations')),
    ).toHaveLength(2);
  });

  it('shows the draft read only to a panelist, without signing or saving', async () => {
    setUp('panelist', { current: [recommendation()] });
    expect(await screen.findByText('Resectable stage IIIA; fit for surgery.')).toBeTruthy();
    expect(screen.getByText('Draft')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: /Rationale/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign…' })).toBeNull();
  });
});

describe('signing', { timeout: 20_000 }, () => {
  it('keeps the dialog and says so when the password is wrong, then signs', async () => {
    const held = { current: [recommendation()] };
    const { server, user } = setUp('chair', held);
    server
      .on(
        'POST',
        /^\/api\/v1\/recommendations\/[^/]+\/sign$/,
        () =>
          json(
            {
              statusCode: 400,
              error: 'Bad Request',
              code: 'invalid_input',
              message: 'the password is not correct',
              details: [
                {
                  field: 'password',
                  message: 'the password is not correct: enter the password you sign in with',
                },
              ],
            },
            400,
          ),
        true,
      )
      .on('POST', /^\/api\/v1\/recommendations\/[^/]+\/sign$/, () => {
        held.current = [signed];
        return json(signed);
      });

    await user.click(await screen.findByRole('button', { name: 'Sign…' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Sign the recommendation' }));
    expect(dialog.getByText('5f2b9c0d8e7a')).toBeTruthy();
    const password = dialog.getByLabelText(/Your password/) as HTMLInputElement;
    await user.type(password, 'not my password');
    await user.click(dialog.getByRole('button', { name: 'Sign' }));

    await waitFor(() =>
      expect(descriptionOf(password)).toBe(
        'The password is not correct: enter the password you sign in with.',
      ),
    );
    expect(screen.getByRole('dialog', { name: 'Sign the recommendation' })).toBeTruthy();
    expect(password.value).toBe('not my password');
    // The draft behind the dialog is as it was.
    expect(screen.getByText('Draft')).toBeTruthy();

    await user.clear(password);
    await user.type(password, 'correct horse battery staple');
    await user.click(dialog.getByRole('button', { name: 'Sign' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const signature = screen.getByText('Signed by').closest('dl')!;
    expect(signature.textContent).toContain('Chris Chair');
    expect(within(signature).getByText('5f2b9c0d8e7a')).toBeTruthy();
    expect(sent(server.calls, 'POST').map((call) => call.body)).toEqual([
      { password: 'not my password' },
      { password: 'correct horse battery staple' },
    ]);
    // Signed: the chair no longer edits; a coordinator publishes.
    expect(screen.queryByRole('button', { name: 'Save the draft' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Publish…' })).toBeNull();
  });

  it('asks to save changes before signing', async () => {
    const { user } = setUp('chair', { current: [recommendation()] });
    await user.type(await screen.findByRole('textbox', { name: /Rationale/ }), ' More.');
    expect(screen.getByRole('button', { name: 'Sign…' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Save or discard your changes before signing.')).toBeTruthy();
  });
});

describe('the published report', { timeout: 20_000 }, () => {
  it('offers publication to a coordinator once signed', async () => {
    const held = { current: [signed] };
    const { server, user } = setUp('coordinator', held);
    server.on('POST', /^\/api\/v1\/recommendations\/[^/]+\/publish$/, () => {
      held.current = [published];
      return json(published);
    });
    await user.click(await screen.findByRole('button', { name: 'Publish…' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Publish the recommendation' }),
    );
    await user.click(dialog.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByRole('button', { name: 'Open PDF' })).toBeTruthy();
    expect(screen.getByText('Published', { selector: '.badge' })).toBeTruthy();
  });

  it('opens the PDF in a new tab with the bearer token, and offers a link when the tab is blocked', async () => {
    const { user } = setUp('panelist', { current: [published] });
    const download = vi.fn(
      async () => new Response('%PDF-1.7', { headers: { 'content-type': 'application/pdf' } }),
    );
    vi.stubGlobal('fetch', download);
    stubObjectUrls('blob:http://localhost/pdf-1');
    const tab = { opener: window } as unknown as Window;
    const open = vi.spyOn(window, 'open').mockReturnValueOnce(tab).mockReturnValueOnce(null);

    await user.click(await screen.findByRole('button', { name: 'Open PDF' }));
    await waitFor(() => expect(open).toHaveBeenCalledWith('blob:http://localhost/pdf-1', '_blank'));
    expect(tab.opener).toBeNull();
    expect(download).toHaveBeenCalledWith(`/api/v1/recommendations/${RECOMMENDATION_ID}/pdf`, {
      headers: { authorization: 'Bearer test-token' },
    });
    expect(screen.queryByRole('link', { name: 'Open the PDF report' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Open PDF' }));
    const link = await screen.findByRole('link', { name: 'Open the PDF report' });
    expect(link.getAttribute('href')).toBe('blob:http://localhost/pdf-1');
  });

  it('downloads the FHIR bundle as a .json file', async () => {
    const { user } = setUp('panelist', { current: [published] });
    const download = vi.fn(async () => json({ resourceType: 'Bundle', type: 'document' }));
    vi.stubGlobal('fetch', download);
    stubObjectUrls('blob:http://localhost/fhir-1');
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });

    await user.click(await screen.findByRole('button', { name: 'Download FHIR bundle' }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked[0]?.getAttribute('href')).toBe('blob:http://localhost/fhir-1');
    expect(clicked[0]?.download).toBe(`recommendation-${RECOMMENDATION_ID}-v1-fhir.json`);
    expect(download).toHaveBeenCalledWith(`/api/v1/recommendations/${RECOMMENDATION_ID}/fhir`, {
      headers: { authorization: 'Bearer test-token' },
    });
  });
});
