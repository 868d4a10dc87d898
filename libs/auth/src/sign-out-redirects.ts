import { Injectable } from '@nestjs/common';

/** The identity provider's logout page for a session, or null when it has none. */
export type SignOutRedirect = (sessionId: string) => Promise<string | null>;

/**
 * Where signing out continues after the local session ends, for sessions another context opened:
 * the single sign-on context registers the identity provider's logout (RP-initiated logout) of
 * the sessions it started. Asked inside the logout's transaction, before the session is revoked.
 */
@Injectable()
export class SignOutRedirects {
  private readonly redirects: SignOutRedirect[] = [];

  register(redirect: SignOutRedirect): void {
    this.redirects.push(redirect);
  }

  async urlFor(sessionId: string): Promise<string | null> {
    for (const redirect of this.redirects) {
      const url = await redirect(sessionId);
      if (url !== null) return url;
    }
    return null;
  }
}
