import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { fakeServer } from '../../test/harness';
import { OpinionPage } from './OpinionPage';
import { UploadPage } from './UploadPage';

/** The referrer's pages under test (tests only): the real browser history, a fake server. */

export const TOKEN = 'q2Vb9-referrer-link-token_7xT';

/**
 * Opens `path` as the browser would (the address is jsdom's, so its replacement can be read
 * back), with the browser's languages as given and the API answered by `server`.
 */
export function openPage(
  path: string,
  { server = fakeServer(), languages = ['en-GB', 'en'] } = {},
) {
  vi.spyOn(Navigator.prototype, 'languages', 'get').mockReturnValue(languages);
  vi.stubGlobal('fetch', server.fetch);
  window.history.replaceState(null, '', path);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const router = createBrowserRouter([
    { path: '/uploads/:token?', Component: UploadPage },
    { path: '/opinions/:token?', Component: OpinionPage },
  ]);
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, server, router };
}
