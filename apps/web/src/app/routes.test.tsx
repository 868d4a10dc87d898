import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserView } from '@app/contracts';
import type { Api } from '../api/client';
import { createAppRouter } from './routes';
import type { Session, SessionState } from './session/session';
import { SessionProvider } from './session/SessionContext';

vi.mock('../features/home/HomePage', () => ({
  HomePage: () => {
    throw new Error('the home screen broke');
  },
}));

afterEach(cleanup);

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
});
