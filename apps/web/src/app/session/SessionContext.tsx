import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { Session, type SessionState } from './session';

const SessionContext = createContext<Session | null>(null);

/**
 * The session for the screens below. `restore` (on by default) signs a returning user back in
 * at once; a page used without an account (a referrer's link) leaves it off, so opening it asks
 * nothing of the session and can never show a sign-in or a failed refresh.
 */
export function SessionProvider({
  session,
  restore = true,
  children,
}: {
  session: Session;
  restore?: boolean;
  children: ReactNode;
}) {
  useEffect(() => {
    if (restore) void session.restore();
    const active = () => session.markActivity();
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const event of events) window.addEventListener(event, active, { passive: true });
    return () => {
      for (const event of events) window.removeEventListener(event, active);
    };
  }, [session, restore]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function useSessionState(): SessionState {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.getState);
}
