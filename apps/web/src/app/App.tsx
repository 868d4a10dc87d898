import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/errors';
import { createApi } from '../api/client';
import { createAppRouter, isReferrerPage } from './routes';
import { Session } from './session/session';
import { SessionProvider } from './session/SessionContext';

const session = new Session();
const api = createApi(session);
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal (4xx) will not change by asking again; a network or server fault may.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      refetchOnWindowFocus: true,
    },
  },
});
const router = createAppRouter(session, api, queryClient);

export function App() {
  return (
    <SessionProvider session={session} restore={!isReferrerPage(window.location.pathname)}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </SessionProvider>
  );
}
