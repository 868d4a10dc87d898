import type { SessionTokens, SignInOptionsView, SignOutView, UserView } from '@app/contracts';
import { ApiError, toApiError } from '../../api/errors';

/**
 * The signed-in session, outside React. The access token lives in memory only; the refresh
 * token travels in an HttpOnly cookie the page's scripts cannot read (see the README). Tabs
 * share one session: a refresh runs under a Web Lock so no two tabs spend the same refresh
 * token, and its result is broadcast to the other tabs, which adopt it instead of refreshing.
 */
export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out'; reason: string | null }
  | {
      status: 'signed-in';
      user: UserView;
      /** When the server ends the session unless it is refreshed (idle timeout or maximum age). */
      endsAt: number;
      /** True from two minutes before `endsAt` while the user has been idle. */
      idleWarning: boolean;
    };

interface Tokens {
  accessToken: string;
  accessExpiresAt: number;
  /** From here on the token is renewed: a minute before expiry, or a quarter of a short lifetime. */
  renewAt: number;
  endsAt: number;
}

type Message = { type: 'tokens'; tokens: Tokens } | { type: 'signed-out'; reason: string | null };

const AUTH = '/api/v1/auth';
const LOCK = 'tumor-board-refresh';
const CHANNEL = 'tumor-board-session';
/** Refresh this long before the access token expires (at most a quarter of its lifetime). */
const REFRESH_MARGIN_MS = 60_000;
export const IDLE_WARNING_MS = 120_000;
const TICK_MS = 5_000;
const COOKIE_TRANSPORT = { 'X-Refresh-Token-Transport': 'cookie' };

export interface SessionOptions {
  fetch?: typeof fetch;
  now?: () => number;
  locks?: Pick<LockManager, 'request'> | null;
  channel?: BroadcastChannel | null;
  /** Leaves the app for another site (the identity provider's logout page). */
  leave?: (url: string) => void;
}

export class Session {
  private state: SessionState = { status: 'restoring' };
  private tokens: Tokens | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly locks: Pick<LockManager, 'request'> | null;
  private readonly channel: BroadcastChannel | null;
  private readonly leave: (url: string) => void;
  private lastActivity: number;
  private lastRefresh = 0;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: SessionOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
    this.locks =
      options.locks !== undefined ? options.locks : (globalThis.navigator?.locks ?? null);
    this.channel =
      options.channel !== undefined
        ? options.channel
        : typeof BroadcastChannel === 'undefined'
          ? null
          : new BroadcastChannel(CHANNEL);
    this.channel?.addEventListener('message', (event: MessageEvent<Message>) =>
      this.onMessage(event.data),
    );
    this.leave = options.leave ?? ((url) => window.location.assign(url));
    this.lastActivity = this.now();
  }

  getState = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** On page load: a live refresh cookie signs the user back in. */
  async restore(): Promise<void> {
    try {
      await this.refresh(false);
    } catch {
      if (this.state.status === 'restoring') this.setState({ status: 'signed-out', reason: null });
    }
  }

  async login(email: string, password: string): Promise<void> {
    const response = await this.fetch(`${AUTH}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...COOKIE_TRANSPORT },
      credentials: 'same-origin',
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw await toApiError(response);
    await this.adopt(this.toTokens((await response.json()) as SessionTokens), true);
  }

  /** How one may sign in here: password sign-in on or off, the identity providers' buttons. */
  async signInOptions(): Promise<SignInOptionsView> {
    const response = await this.fetch(`${AUTH}/sign-in-options`, { credentials: 'same-origin' });
    if (!response.ok) throw await toApiError(response);
    return (await response.json()) as SignInOptionsView;
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    if (this.tokens && this.now() < this.tokens.renewAt) return this.tokens.accessToken;
    await this.refresh(false);
    if (!this.tokens) throw new ApiError(401, null);
    return this.tokens.accessToken;
  }

  /** After a 401 on a token believed valid: the session may have been revoked or rotated elsewhere. */
  async recover(rejected: string): Promise<string> {
    if (this.tokens && this.tokens.accessToken !== rejected) return this.tokens.accessToken;
    this.tokens = this.tokens ? { ...this.tokens, accessExpiresAt: 0, renewAt: 0 } : null;
    return this.accessToken();
  }

  /** The user is here: counted so an idle session is not kept alive by the page itself. */
  markActivity(): void {
    this.lastActivity = this.now();
    if (this.state.status === 'signed-in' && this.state.idleWarning) {
      this.setState({ ...this.state, idleWarning: false });
    }
  }

  /** "Stay signed in" from the idle warning. */
  async extend(): Promise<void> {
    this.markActivity();
    await this.refresh(true);
  }

  /**
   * Ends the session here; a session opened through an identity provider that supports it is
   * then ended there too: the browser goes on to the provider's logout page, which comes back to
   * the sign-in page.
   */
  async logout(reason: string | null = null): Promise<void> {
    const providerLogoutUrl = this.tokens ? await this.endOnServer(this.tokens.accessToken) : null;
    forgetTabStorage();
    this.signOut(reason, true);
    if (providerLogoutUrl) this.leave(providerLogoutUrl);
  }

  /** Reloads the account (after the user edits their profile). */
  async reloadUser(): Promise<void> {
    if (!this.tokens) return;
    const user = await this.loadUser(this.tokens.accessToken);
    if (this.state.status === 'signed-in') this.setState({ ...this.state, user });
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.channel?.close();
  }

  /** Runs the timers: refresh ahead of expiry when the user has been active, warn before idle logoff. */
  tick(): void {
    if (this.state.status !== 'signed-in' || !this.tokens) return;
    const now = this.now();
    if (now >= this.tokens.endsAt) {
      this.signOut('You were signed out after a period of inactivity.', true);
      return;
    }
    const activeSinceRefresh = this.lastActivity > this.lastRefresh;
    if (activeSinceRefresh && now >= this.tokens.renewAt) {
      void this.refresh(false).catch(() => undefined);
    }
    const idleWarning = this.tokens.endsAt - now <= IDLE_WARNING_MS && !activeSinceRefresh;
    if (idleWarning !== this.state.idleWarning) this.setState({ ...this.state, idleWarning });
  }

  private refresh(always: boolean): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const run = async (): Promise<void> => {
      // Another tab may have refreshed while this one waited for the lock.
      const fresh = this.tokens !== null && this.now() < this.tokens.renewAt;
      if (fresh && !always) return;
      const response = await this.fetch(`${AUTH}/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...COOKIE_TRANSPORT },
        credentials: 'same-origin',
        body: '{}',
      });
      if (!response.ok) {
        const error = await toApiError(response);
        if (error.status === 401 || error.status === 400) {
          this.signOut(
            this.state.status === 'signed-in'
              ? 'Your session has ended. Please sign in again.'
              : null,
            true,
          );
        }
        throw error;
      }
      await this.adopt(this.toTokens((await response.json()) as SessionTokens), true);
    };
    const locks = this.locks;
    const locked = locks ? () => locks.request(LOCK, run).then(() => undefined) : run;
    this.inFlight = locked().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Ends the session on the server (a failure leaves it to expire); answers the provider's logout page, if any. */
  private async endOnServer(accessToken: string): Promise<string | null> {
    try {
      const response = await this.fetch(`${AUTH}/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, ...COOKIE_TRANSPORT },
        credentials: 'same-origin',
      });
      if (!response.ok) return null;
      return ((await response.json()) as SignOutView).providerLogoutUrl;
    } catch {
      return null;
    }
  }

  private toTokens(body: SessionTokens): Tokens {
    const now = this.now();
    const lifetime = body.expiresIn * 1000;
    return {
      accessToken: body.accessToken,
      accessExpiresAt: now + lifetime,
      renewAt: now + lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 4),
      endsAt: now + body.refreshExpiresIn * 1000,
    };
  }

  private async adopt(tokens: Tokens, broadcast: boolean): Promise<void> {
    this.tokens = tokens;
    this.lastRefresh = this.now();
    if (broadcast) this.channel?.postMessage({ type: 'tokens', tokens } satisfies Message);
    const user =
      this.state.status === 'signed-in' ? this.state.user : await this.loadUser(tokens.accessToken);
    this.setState({ status: 'signed-in', user, endsAt: tokens.endsAt, idleWarning: false });
    this.startTimer();
  }

  private async loadUser(accessToken: string): Promise<UserView> {
    const response = await this.fetch('/api/v1/users/me', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (!response.ok) throw await toApiError(response);
    return (await response.json()) as UserView;
  }

  private onMessage(message: Message): void {
    if (message.type === 'tokens') {
      void this.adopt(message.tokens, false).catch(() => undefined);
    } else {
      this.signOut(message.reason, false);
    }
  }

  private signOut(reason: string | null, broadcast: boolean): void {
    this.tokens = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (broadcast) this.channel?.postMessage({ type: 'signed-out', reason } satisfies Message);
    this.setState({ status: 'signed-out', reason });
  }

  private startTimer(): void {
    if (this.timer || typeof setInterval === 'undefined') return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  private setState(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/**
 * Signing out forgets what this tab kept of the clinician's work (unsent assessment drafts hold
 * clinical text): the next person at a shared workstation finds nothing of it. An idle sign-out
 * keeps it, for the same clinician signing in again to finish.
 */
function forgetTabStorage(): void {
  try {
    globalThis.sessionStorage?.clear();
  } catch {
    // Storage the browser refuses holds nothing to forget.
  }
}
