import type { ReactNode } from 'react';
import { RouterProvider, Link } from 'react-aria-components';
import { NavLink, useHref, useNavigate, type NavigateOptions } from 'react-router';
import { useMe } from '../../api/context';
import { Button } from '../../ui/Button';
import { specialtyLabel } from '../../ui/words';
import type { Session } from '../session/session';
import { IdleWarning } from './IdleWarning';

declare module 'react-aria-components' {
  interface RouterConfig {
    routerOptions: NavigateOptions;
  }
}

const NAV = [
  { to: '/', label: 'Home', end: true },
  { to: '/boards', label: 'Boards', end: false },
  { to: '/preparation', label: 'Preparation requests', end: false },
  { to: '/reviews', label: 'My reviews', end: false },
];

/** The frame of every signed-in screen: skip link, navigation, the account, the idle warning. */
export function AppShell({ session, children }: { session: Session; children: ReactNode }) {
  const navigate = useNavigate();
  const me = useMe();
  const nav =
    me.role === 'admin' ? [...NAV, { to: '/audit', label: 'Audit log', end: false }] : NAV;
  return (
    <RouterProvider navigate={(to, options) => void navigate(to, options)} useHref={useHref}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <header className="topbar">
          <Link href="/" className="brand" aria-label="Tumor Board home">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>Tumor Board</span>
          </Link>
          <nav aria-label="Main" className="topnav">
            <ul>
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className="topnav-link">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            <Link href="/account" className="account-name">
              <span>{me.displayName}</span>
              <span className="account-specialty">{specialtyLabel(me.specialty)}</span>
            </Link>
            <Button variant="quiet" size="small" onPress={() => void session.logout()}>
              Sign out
            </Button>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="main">
          {children}
        </main>
      </div>
      <IdleWarning session={session} />
    </RouterProvider>
  );
}
