import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignInOptionsView } from '@app/contracts';
import { LoginPage } from './LoginPage';
import { Session } from './session';
import { SessionProvider } from './SessionContext';
import { ssoProblem, startHref } from './sso';

const HOSPITAL = {
  id: 'hospital',
  displayName: 'Hospital account',
  startUrl: '/api/v1/auth/oidc/hospital/start',
};

/** The sign-in page at `path`, its session reading `options` (or failing with `status`). */
function renderLogin(path: string, options: SignInOptionsView | { status: number }) {
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    if (String(input).endsWith('/auth/sign-in-options')) {
      return 'status' in options
        ? new Response(JSON.stringify({ statusCode: options.status, message: 'down' }), {
            status: options.status,
          })
        : new Response(JSON.stringify(options), { status: 200 });
    }
    return new Response(JSON.stringify({ statusCode: 404, message: 'no route' }), { status: 404 });
  });
  const session = new Session({
    fetch: fetch as unknown as typeof globalThis.fetch,
    locks: null,
    channel: null,
  });
  const router = createMemoryRouter([{ path: '/login', element: <LoginPage /> }], {
    initialEntries: [path],
  });
  render(
    <SessionProvider session={session} restore={false}>
      <QueryClientProvider
        client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <RouterProvider router={router} />
      </QueryClientProvider>
    </SessionProvider>,
  );
}

describe('LoginPage', () => {
  afterEach(cleanup);

  it('offers each identity provider beside the password form', async () => {
    renderLogin('/login', { passwordLogin: true, providers: [HOSPITAL] });
    const button = await screen.findByRole('link', { name: 'Sign in with Hospital account' });
    expect(button.getAttribute('href')).toBe('/api/v1/auth/oidc/hospital/start');
    expect(button.className).toContain('btn-secondary');
    expect(screen.getByText('or with your email and password')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Email' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('comes back to the page asked for after signing in with a provider', async () => {
    renderLogin('/login?next=%2Fboards%2Fb1', { passwordLogin: true, providers: [HOSPITAL] });
    const button = await screen.findByRole('link', { name: 'Sign in with Hospital account' });
    expect(button.getAttribute('href')).toBe(
      '/api/v1/auth/oidc/hospital/start?next=%2Fboards%2Fb1',
    );
  });

  it('shows only the providers when password sign-in is off', async () => {
    renderLogin('/login', { passwordLogin: false, providers: [HOSPITAL] });
    const button = await screen.findByRole('link', { name: 'Sign in with Hospital account' });
    expect(button.className).toContain('btn-primary');
    expect(screen.queryByRole('textbox', { name: 'Email' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
    expect(screen.queryByText('or with your email and password')).toBeNull();
  });

  it('shows only the password form when no provider is configured', async () => {
    renderLogin('/login', { passwordLogin: true, providers: [] });
    await screen.findByRole('textbox', { name: 'Email' });
    expect(screen.queryByRole('link', { name: /Sign in with/ })).toBeNull();
  });

  it('falls back to the password form when the options cannot be read', async () => {
    renderLogin('/login', { status: 503 });
    await screen.findByRole('textbox', { name: 'Email' });
  });

  it('says why single sign-on sent the browser back', async () => {
    renderLogin('/login?sso=account_disabled', { passwordLogin: false, providers: [HOSPITAL] });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Your account is disabled. Ask an administrator if this is a mistake.',
    );
  });
});

describe('single sign-on on the sign-in page', () => {
  it.each<[string | null, string | null]>([
    [null, null],
    [
      'no_account',
      "There is no account here for your organisation's account. Ask an administrator to invite you.",
    ],
    ['cancelled', 'Signing in was cancelled.'],
    [
      'state_mismatch',
      "Signing in with your organisation's account did not complete. Please try again.",
    ],
    [
      'nonce_mismatch',
      "Signing in with your organisation's account did not complete. Please try again.",
    ],
    [
      'something-else',
      "Signing in with your organisation's account did not complete. Please try again.",
    ],
    [
      '__proto__',
      "Signing in with your organisation's account did not complete. Please try again.",
    ],
  ])('explains ?sso=%s', (reason, message) => {
    expect(ssoProblem(reason)).toBe(message);
  });

  it('passes where to come back to only when it is not the home page', () => {
    expect(startHref('/start', '/')).toBe('/start');
    expect(startHref('/start', '/cases/c1?tab=records')).toBe(
      '/start?next=%2Fcases%2Fc1%3Ftab%3Drecords',
    );
  });
});
