import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, renderAt, tokens, type Call } from '../../test/harness';
import type { RecommendationView } from './queries';
import { RecommendationPanel } from './RecommendationPanel';
import { CASE_ID, RECOMMENDATION_ID, closedVote, recommendation, votingBoard } from './testing';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const signed = recommendation({
  status: 'signed',
  signature: {
    signerId: '00000000-0000-4000-8000-0000000000c9',
    signerName: 'Chloe Chair',
    signedAt: '2026-12-01T07:40:00.000Z',
    contentHash: recommendation().contentHash,
    value: 'abc',
  },
});

const HOSPITAL = { id: 'hospital', displayName: 'Hospital account' };
const PROVIDER_URL = 'http://idp.example/auth?prompt=login&max_age=0&state=s';
const ROOM = '/meetings/m1/room';

/**
 * The chair's panel at `path` (the meeting room's page), with the proofs `proofs` the server
 * says this person has.
 */
function setUp(
  proofs: { password: boolean; provider: typeof HOSPITAL | null },
  path = `${ROOM}?case=${CASE_ID}`,
) {
  const held: { current: RecommendationView[] } = { current: [recommendation()] };
  const server = fakeServer()
    .on('GET', /^\/api\/v1\/boards\/[^/]+$/, () => json(votingBoard('chair')))
    .on('GET', /^\/api\/v1\/cases\/[^/]+\/recommendations$/, () => json(held.current))
    .on('GET', /^\/api\/v1\/votes\/[^/]+$/, () => json(closedVote()))
    .on('GET', /^\/api\/v1\/auth\/reauthentication$/, () => json(proofs));
  const leave = vi.fn();
  const user = userEvent.setup({ delay: null });
  const view = renderAt(
    <RecommendationPanel
      caseId={CASE_ID}
      boardId={votingBoard('chair').id}
      tokens={tokens}
      leave={leave}
    />,
    { api: server.api, path, pattern: ROOM },
  );
  return { server, user, leave, held, router: view.router };
}

const posts = (calls: Call[]) => calls.filter((call) => call.method === 'POST');

async function openSignDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Sign…' }));
  return within(await screen.findByRole('dialog', { name: 'Sign the recommendation' }));
}

describe('the sign dialog, for an account with a password', { timeout: 20_000 }, () => {
  it('asks for the password only, and signs with it', async () => {
    const { server, user, held } = setUp({ password: true, provider: null });
    server.on('POST', /^\/api\/v1\/recommendations\/[^/]+\/sign$/, () => {
      held.current = [signed];
      return json(signed);
    });
    const dialog = await openSignDialog(user);
    await user.type(await dialog.findByLabelText(/Your password/), 'correct horse battery staple');
    expect(dialog.queryByRole('button', { name: /Confirm with/ })).toBeNull();
    await user.click(dialog.getByRole('button', { name: 'Sign' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posts(server.calls).map((call) => call.body)).toEqual([
      { password: 'correct horse battery staple' },
    ]);
    expect(screen.getByText('Signed by').closest('dl')!.textContent).toContain('Chloe Chair');
  });

  it('offers both proofs to an account with a password that signed in through the provider', async () => {
    const { user } = setUp({ password: true, provider: HOSPITAL });
    const dialog = await openSignDialog(user);
    expect(await dialog.findByLabelText(/Your password/)).toBeTruthy();
    expect(dialog.getByRole('button', { name: 'Confirm with Hospital account' })).toBeTruthy();
  });
});

describe(
  'the sign dialog, for an account that signs in through the provider',
  { timeout: 20_000 },
  () => {
    it('offers confirmation at the provider instead of a password, and goes there', async () => {
      const { server, user, leave } = setUp({ password: false, provider: HOSPITAL });
      server.on('POST', /^\/api\/v1\/auth\/reauthentication$/, () => json({ url: PROVIDER_URL }));
      const dialog = await openSignDialog(user);
      await user.click(
        await dialog.findByRole('button', { name: 'Confirm with Hospital account' }),
      );

      await waitFor(() => expect(leave).toHaveBeenCalledWith(PROVIDER_URL));
      expect(dialog.queryByLabelText(/Your password/)).toBeNull();
      expect(posts(server.calls).map((call) => call.body)).toEqual([
        {
          act: 'sign_recommendation',
          recommendationId: RECOMMENDATION_ID,
          next: `${ROOM}?case=${CASE_ID}&signing=${RECOMMENDATION_ID}`,
        },
      ]);
    });

    it('says so when the provider cannot be reached, and stays', async () => {
      const { server, user, leave } = setUp({ password: false, provider: HOSPITAL });
      server.on('POST', /^\/api\/v1\/auth\/reauthentication$/, () =>
        json(
          {
            statusCode: 409,
            error: 'Conflict',
            code: 'provider_unavailable',
            message: 'Hospital account cannot be reached: try again in a moment',
          },
          409,
        ),
      );
      const dialog = await openSignDialog(user);
      await user.click(
        await dialog.findByRole('button', { name: 'Confirm with Hospital account' }),
      );
      expect((await dialog.findByRole('alert')).textContent).toBe(
        'Hospital account cannot be reached: try again in a moment.',
      );
      expect(leave).not.toHaveBeenCalled();
    });

    it('completes the signature on coming back confirmed, and clears the address', async () => {
      const { server, held, router } = setUp(
        { password: false, provider: HOSPITAL },
        `${ROOM}?case=${CASE_ID}&signing=${RECOMMENDATION_ID}&stepUp=granted`,
      );
      server.on('POST', /^\/api\/v1\/recommendations\/[^/]+\/sign$/, () => {
        held.current = [signed];
        return json(signed);
      });

      await waitFor(() =>
        expect(screen.getByText('Signed by').closest('dl')!.textContent).toContain('Chloe Chair'),
      );
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(posts(server.calls).map((call) => call.body)).toEqual([
        { reauthentication: 'provider' },
      ]);
      expect(router.state.location.search).toBe(`?case=${CASE_ID}`);
    });

    it('says why when the confirmation was refused, and offers it again', async () => {
      const { server } = setUp(
        { password: false, provider: HOSPITAL },
        `${ROOM}?case=${CASE_ID}&signing=${RECOMMENDATION_ID}&stepUp=different_person`,
      );
      const dialog = within(await screen.findByRole('dialog', { name: 'Sign the recommendation' }));
      expect(dialog.getByRole('alert').textContent).toMatch(
        /Your organisation’s account confirmed someone else, not you/,
      );
      expect(
        await dialog.findByRole('button', { name: 'Confirm with Hospital account' }),
      ).toBeTruthy();
      expect(posts(server.calls)).toEqual([]);
    });

    it('says so when the confirmation has expired by the time it is used', async () => {
      const { server } = setUp(
        { password: false, provider: HOSPITAL },
        `${ROOM}?case=${CASE_ID}&signing=${RECOMMENDATION_ID}&stepUp=granted`,
      );
      server.on('POST', /^\/api\/v1\/recommendations\/[^/]+\/sign$/, () =>
        json(
          {
            statusCode: 409,
            error: 'Conflict',
            code: 'reauthentication_required',
            message:
              'your confirmation with your identity provider has expired: confirm again to sign',
          },
          409,
        ),
      );
      const dialog = within(await screen.findByRole('dialog', { name: 'Sign the recommendation' }));
      await waitFor(() =>
        expect(dialog.getByRole('alert').textContent).toBe(
          'Your confirmation with your identity provider has expired: confirm again to sign.',
        ),
      );
      expect(
        await dialog.findByRole('button', { name: 'Confirm with Hospital account' }),
      ).toBeTruthy();
      expect(screen.getByText('Draft')).toBeTruthy();
    });

    it('ignores an outcome brought back for another recommendation', async () => {
      const { server } = setUp(
        { password: false, provider: HOSPITAL },
        `${ROOM}?case=${CASE_ID}&signing=00000000-0000-4000-8000-000000000001&stepUp=granted`,
      );
      expect(await screen.findByRole('button', { name: 'Sign…' })).toBeTruthy();
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(posts(server.calls)).toEqual([]);
    });
  },
);
