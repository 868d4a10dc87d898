import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation, type RouteObject } from 'react-router';
import type { Api } from '../api/client';
import { ConnectionProvider } from '../api/context';
import { NotFoundPage, RouteError, ScreenError, SectionError } from '../ui/RouteError';
import { Splash } from '../ui/states';
import { AppShell } from './shell/AppShell';
import type { Session } from './session/session';
import { useSessionState } from './session/SessionContext';

/** The referrer's link pages: public, used without an account, outside the session. */
export function isReferrerPage(pathname: string): boolean {
  return /^\/(uploads|opinions)(\/|$)/.test(pathname);
}

/**
 * Screens load on demand: the first paint needs only the shell and the sign-in page.
 * Features never import each other; pages that show several features are composed in app/pages.
 */
export function createAppRouter(session: Session, api: Api, queryClient: QueryClient) {
  function SignedIn() {
    const state = useSessionState();
    const location = useLocation();
    // A referrer's page leaves the session unrestored (see App); a screen opened after it restores it.
    useEffect(() => {
      if (state.status === 'restoring') void session.restore();
    }, [state.status]);
    if (state.status === 'restoring') return <Splash />;
    if (state.status === 'signed-out') {
      queryClient.clear();
      const next = `${location.pathname}${location.search}`;
      return (
        <Navigate
          to={`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`}
          replace
          state={{ reason: state.reason }}
        />
      );
    }
    return (
      <ConnectionProvider api={api} me={state.user}>
        <AppShell session={session}>
          <Outlet />
        </AppShell>
      </ConnectionProvider>
    );
  }

  return createBrowserRouter([
    {
      errorElement: <RouteError />,
      HydrateFallback: Splash,
      children: [
        {
          path: '/login',
          lazy: async () => ({ Component: (await import('./session/LoginPage')).LoginPage }),
        },
        {
          path: '/accept-invitation',
          lazy: async () => ({
            Component: (await import('./session/AcceptInvitationPage')).AcceptInvitationPage,
          }),
        },
        {
          // The referrer's links (no account): the token, once read, leaves the address.
          path: '/uploads/:token?',
          lazy: async () => ({
            Component: (await import('../features/referrer/UploadPage')).UploadPage,
          }),
        },
        {
          path: '/opinions/:token?',
          lazy: async () => ({
            Component: (await import('../features/referrer/OpinionPage')).OpinionPage,
          }),
        },
        {
          element: <SignedIn />,
          errorElement: <RouteError />,
          children: [
            {
              // A screen that throws is replaced by the error inside the shell, so the navigation
              // stays; only a failure of the shell itself falls through to the error above.
              errorElement: <ScreenError />,
              children: SCREENS,
            },
          ],
        },
      ],
    },
  ]);
}

/** The signed-in screens, shown inside the shell. */
const SCREENS: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({
      Component: (await import('../features/home/HomePage')).HomePage,
    }),
  },
  {
    path: 'boards',
    lazy: async () => ({
      Component: (await import('../features/boards/BoardsPage')).BoardsPage,
    }),
  },
  {
    path: 'boards/:boardId',
    lazy: async () => ({ Component: (await import('./pages/BoardPage')).BoardPage }),
    children: [
      {
        // A tab that throws keeps the board's header and tabs.
        errorElement: <SectionError />,
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('../features/meetings/MeetingsTab')).MeetingsTab,
            }),
          },
          {
            path: 'cases',
            lazy: async () => ({
              Component: (await import('../features/cases/CasesTab')).CasesTab,
            }),
          },
          {
            path: 'members',
            lazy: async () => ({
              Component: (await import('../features/boards/MembersTab')).MembersTab,
            }),
          },
          {
            path: 'missing-records',
            lazy: async () => ({
              Component: (await import('../features/cases/MissingRecordsTab')).MissingRecordsTab,
            }),
          },
          {
            path: 'settings',
            lazy: async () => ({
              Component: (await import('./pages/BoardSettingsPage')).BoardSettingsPage,
            }),
          },
          {
            path: 'second-opinions',
            lazy: async () => ({
              Component: (await import('../features/second-opinions/SecondOpinionsTab'))
                .SecondOpinionsTab,
            }),
          },
          {
            path: 'follow-ups',
            lazy: async () => ({
              Component: (await import('../features/quality/FollowUpsTab')).FollowUpsTab,
            }),
          },
          {
            path: 'quality',
            lazy: async () => ({
              Component: (await import('../features/quality/QualityTab')).QualityTab,
            }),
          },
        ],
      },
    ],
  },
  {
    path: 'boards/:boardId/cases/new',
    lazy: async () => ({
      Component: (await import('../features/cases/NewCasePage')).NewCasePage,
    }),
  },
  {
    path: 'boards/:boardId/second-opinions/new',
    lazy: async () => ({
      Component: (await import('../features/second-opinions/NewRequestPage')).NewRequestPage,
    }),
  },
  {
    path: 'second-opinions/:requestId',
    lazy: async () => ({
      Component: (await import('../features/second-opinions/RequestPage')).RequestPage,
    }),
  },
  {
    path: 'cases/:caseId',
    lazy: async () => ({ Component: (await import('./pages/CasePage')).CasePage }),
  },
  {
    path: 'cases/:caseId/imaging/:studyUid',
    lazy: async () => ({ Component: (await import('./pages/ImagingPage')).ImagingPage }),
  },
  {
    path: 'meetings/:meetingId',
    lazy: async () => ({ Component: (await import('./pages/MeetingPage')).MeetingPage }),
  },
  {
    path: 'meetings/:meetingId/room',
    lazy: async () => ({ Component: (await import('./pages/MeetingRoomPage')).MeetingRoomPage }),
  },
  {
    path: 'preparation',
    lazy: async () => ({
      Component: (await import('../features/preparation/WorklistPage')).WorklistPage,
    }),
  },
  {
    path: 'reviews',
    lazy: async () => ({
      Component: (await import('../features/reviews/MyReviewsPage')).MyReviewsPage,
    }),
  },
  {
    path: 'second-opinions/:requestId/review',
    lazy: async () => ({
      Component: (await import('../features/reviews/ReviewWorkspace')).ReviewPage,
    }),
  },
  {
    path: 'second-opinions/:requestId/arbitration',
    lazy: async () => ({
      Component: (await import('../features/reviews/ArbitrationWorkspace')).ArbitrationPage,
    }),
  },
  {
    path: 'audit',
    lazy: async () => ({
      Component: (await import('../features/audit/AuditPage')).AuditPage,
    }),
  },
  {
    path: 'account',
    lazy: async () => ({
      Component: (await import('../features/account/AccountPage')).AccountPage,
    }),
  },
  { path: '*', Component: NotFoundPage },
];
