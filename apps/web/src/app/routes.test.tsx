import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserView } from '@app/contracts';
import type { Api } from '../api/client';
import { createAppRouter, isReferrerPage } from './routes';
import type { Session, SessionState } from './session/session';
import { SessionProvider } from './session/SessionContext';

vi.mock('../features/home/HomePage', () => ({
  HomePage: () => {
    throw new Error('the home screen broke');
  },
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const me = {
  id: '00000000-0000-4000-8000-0000000000c1',
  email: 'coordinator@example.org',
  displayName: 'Dana Coordinator',
  specialty: 'medical_oncology',
  institution: 'General Hospital',
  role: 'user',
  status: 'active',
} as unknown as UserView;

/** A session that is signed in and stays so. */
function signedIn(): Session {
  const state: SessionState = {
    status: 'signed-in',
    user: me,
    endsAt: Date.now() + 3_600_000,
    idleWarning: false,
  };
  return {
    getState: () => state,
    subscribe: () => () => undefined,
    restore: async () => undefined,
    markActivity: () => undefined,
    logout: async () => undefined,
    extend: async () => undefined,
  } as unknown as Session;
}

describe('app routes', () => {
  it('shows a screen that throws as an error inside the shell, with the navigation kept', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      window.history.replaceState(null, '', '/');
      const session = signedIn();
      const queryClient = new QueryClient();
      const router = createAppRouter(session, {} as Api, queryClient);
      render(
        <SessionProvider session={session}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </SessionProvider>,
      );
      await screen.findByText('This could not be loaded.');
      const nav = screen.getByRole('navigation', { name: 'Main' });
      expect(nav.textContent).toContain('Boards');
      expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
      // One main landmark: the shell's.
      expect(screen.getAllByRole('main')).toHaveLength(1);
    } finally {
      errors.mockRestore();
    }
  });

  it('opens a referrer’s link outside the session: no restore, no sign-in', async () => {
    expect(['/uploads/abc', '/uploads', '/opinions/abc'].every(isReferrerPage)).toBe(true);
    expect(['/', '/login', '/uploadsx', '/boards/uploads'].some(isReferrerPage)).toBe(false);
    window.history.replaceState(null, '', '/uploads/link-token-1');
    const restore = vi.fn(async () => undefined);
    const restoring: SessionState = { status: 'restoring' };
    const session = {
      getState: () => restoring,
      subscribe: () => () => undefined,
      restore,
      markActivity: () => undefined,
    } as unknown as Session;
    const request = { kind: 'other', label: 'Other record', expiresAt: '2026-03-15T12:00:00.000Z' };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(request), { status: 200 })),
    );
    const queryClient = new QueryClient();
    const router = createAppRouter(session, {} as Api, queryClient);
    render(
      <SessionProvider session={session} restore={!isReferrerPage(window.location.pathname)}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </SessionProvider>,
    );
    expect(await screen.findByRole('heading', { name: 'Send a medical record' })).toBeTruthy();
    expect(window.location.pathname).toBe('/uploads');
    expect(restore).not.toHaveBeenCalled();
    // A signed-in screen opened afterwards restores the session itself.
    await router.navigate('/');
    await waitFor(() => expect(restore).toHaveBeenCalledTimes(1));
  });
});
