import { describe, expect, it, vi } from 'vitest';
import { Session } from './session';

const USER = {
  id: 'u1',
  email: 'chair@hospital.example',
  displayName: 'Dr Chair',
  specialty: 'medical_oncology',
  institution: 'General',
  credentials: { licences: [], boardCertifications: [] },
  role: 'user',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
};

/** A server double: counts refreshes, rotates tokens, refuses a spent one like the real server. */
function fakeServer(
  options: { accessTtl?: number; sessionTtl?: number; providerLogoutUrl?: string } = {},
) {
  let issued = 0;
  const calls: string[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const tokens = () => {
    issued += 1;
    return {
      tokenType: 'Bearer',
      accessToken: `access-${issued}`,
      expiresIn: options.accessTtl ?? 900,
      refreshExpiresIn: options.sessionTtl ?? 1800,
    };
  };
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    if (url.endsWith('/auth/login')) {
      const body = JSON.parse(String(init?.body)) as { password: string };
      return body.password === 'right'
        ? json(tokens())
        : json({ statusCode: 401, message: 'invalid email or password' }, 401);
    }
    if (url.endsWith('/auth/refresh')) return json(tokens());
    if (url.endsWith('/users/me')) return json(USER);
    if (url.endsWith('/auth/logout'))
      return json({ providerLogoutUrl: options.providerLogoutUrl ?? null });
    if (url.endsWith('/auth/sign-in-options'))
      return json({
        passwordLogin: false,
        providers: [
          { id: 'hospital', displayName: 'Hospital', startUrl: '/api/v1/auth/oidc/hospital/start' },
        ],
      });
    return json({ statusCode: 404, message: 'no such route' }, 404);
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    refreshes: () => calls.filter((call) => call.endsWith('/auth/refresh')).length,
  };
}

/** One lock for several "tabs", like navigator.locks across a browser's tabs. */
function sharedLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    request: (_name: string, callback: () => Promise<unknown>) => {
      const run = tail.then(callback);
      tail = run.catch(() => undefined);
      return run;
    },
  } as unknown as Pick<LockManager, 'request'>;
}

/** Two connected channel ends, like a BroadcastChannel opened in two tabs. */
function channelPair(): [BroadcastChannel, BroadcastChannel] {
  const make = () => {
    const target = new EventTarget() as EventTarget & {
      postMessage: (data: unknown) => void;
      close: () => void;
      peer?: EventTarget;
    };
    target.close = () => undefined;
    return target;
  };
  const a = make();
  const b = make();
  a.postMessage = (data) => b.dispatchEvent(new MessageEvent('message', { data }));
  b.postMessage = (data) => a.dispatchEvent(new MessageEvent('message', { data }));
  return [a as unknown as BroadcastChannel, b as unknown as BroadcastChannel];
}

describe('Session', () => {
  it('signs in, keeps the access token in memory and loads the account', async () => {
    const server = fakeServer();
    const session = new Session({ fetch: server.fetch, locks: null, channel: null });
    await session.login('chair@hospital.example', 'right');
    expect(session.getState()).toMatchObject({
      status: 'signed-in',
      user: { displayName: 'Dr Chair' },
    });
    await expect(session.accessToken()).resolves.toBe('access-1');
    expect(server.refreshes()).toBe(0);
    session.dispose();
  });

  it('forgets what the tab kept (assessment drafts) on signing out, but not on an idle sign-out', async () => {
    let now = 0;
    const server = fakeServer({ accessTtl: 900, sessionTtl: 1800 });
    const session = new Session({
      fetch: server.fetch,
      locks: null,
      channel: null,
      now: () => now,
    });
    await session.login('chair@hospital.example', 'right');
    window.sessionStorage.setItem(
      'tumor-board.assessment-draft.reviewer.r1.u1',
      '{"diagnosis":"x"}',
    );
    now += 1800_000 + 1;
    session.tick();
    expect(session.getState()).toMatchObject({ status: 'signed-out' });
    expect(window.sessionStorage.length).toBe(1);

    await session.login('chair@hospital.example', 'right');
    await session.logout();
    expect(server.calls).toContain('POST /api/v1/auth/logout');
    expect(window.sessionStorage.length).toBe(0);
    session.dispose();
  });

  it('signs out of the identity provider too when the server names its logout page', async () => {
    const leave = vi.fn();
    const logoutUrl = 'https://login.hospital.example/logout?id_token_hint=x';
    const session = new Session({
      fetch: fakeServer({ providerLogoutUrl: logoutUrl }).fetch,
      locks: null,
      channel: null,
      leave,
    });
    await session.login('chair@hospital.example', 'right');
    await session.logout();
    expect(session.getState()).toEqual({ status: 'signed-out', reason: null });
    expect(leave).toHaveBeenCalledWith(logoutUrl);
  });

  it('stays in the app after signing out of a password session', async () => {
    const leave = vi.fn();
    const session = new Session({ fetch: fakeServer().fetch, locks: null, channel: null, leave });
    await session.login('chair@hospital.example', 'right');
    await session.logout();
    expect(leave).not.toHaveBeenCalled();
  });

  it('reads how one may sign in', async () => {
    const session = new Session({ fetch: fakeServer().fetch, locks: null, channel: null });
    await expect(session.signInOptions()).resolves.toMatchObject({
      passwordLogin: false,
      providers: [{ id: 'hospital', displayName: 'Hospital' }],
    });
  });

  it('passes the server refusal on a wrong password', async () => {
    const session = new Session({ fetch: fakeServer().fetch, locks: null, channel: null });
    await expect(session.login('chair@hospital.example', 'wrong')).rejects.toMatchObject({
      status: 401,
    });
    expect(session.getState().status).toBe('restoring');
  });

  it('lets only one of two tabs spend the refresh token; the other adopts its result', async () => {
    let now = 1_000_000;
    const server = fakeServer({ accessTtl: 60 });
    const locks = sharedLock();
    const [left, right] = channelPair();
    const tabA = new Session({ fetch: server.fetch, locks, channel: left, now: () => now });
    const tabB = new Session({ fetch: server.fetch, locks, channel: right, now: () => now });
    await tabA.login('chair@hospital.example', 'right');
    await vi.waitFor(() => expect(tabB.getState().status).toBe('signed-in'));
    now += 59_000;
    const [a, b] = await Promise.all([tabA.accessToken(), tabB.accessToken()]);
    expect(server.refreshes()).toBe(1);
    expect(a).toBe(b);
    tabA.dispose();
    tabB.dispose();
  });

  it('warns two minutes before an idle session ends, then signs out; activity keeps it alive', async () => {
    let now = 0;
    const server = fakeServer({ accessTtl: 900, sessionTtl: 1800 });
    const session = new Session({
      fetch: server.fetch,
      locks: null,
      channel: null,
      now: () => now,
    });
    await session.login('chair@hospital.example', 'right');
    now = 1800_000 - 100_000;
    session.tick();
    expect(session.getState()).toMatchObject({ status: 'signed-in', idleWarning: true });
    await session.extend();
    expect(session.getState()).toMatchObject({ status: 'signed-in', idleWarning: false });
    expect(server.refreshes()).toBe(1);
    now += 1800_000;
    session.tick();
    expect(session.getState()).toEqual({
      status: 'signed-out',
      reason: 'You were signed out after a period of inactivity.',
    });
  });

  it('refreshes ahead of expiry only for a user who has been active', async () => {
    let now = 0;
    const server = fakeServer({ accessTtl: 900 });
    const session = new Session({
      fetch: server.fetch,
      locks: null,
      channel: null,
      now: () => now,
    });
    await session.login('chair@hospital.example', 'right');
    now = 850_000;
    session.tick();
    expect(server.refreshes()).toBe(0);
    session.markActivity();
    session.tick();
    await vi.waitFor(() => expect(server.refreshes()).toBe(1));
    session.dispose();
  });
});
