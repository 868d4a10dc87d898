import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuthService, ClientInfo, ExternalAccounts, SignOutRedirects } from '@app/auth';
import { PlatformRole, SignInOptionsView, SsoRefusal, TokenPair } from '@app/contracts';
import { Clock, DomainEventBus, NotFound, days, sha256 } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CallbackParams, safeReturnPath } from './domain/callback';
import { exchangeFailure } from './domain/exchange-failure';
import type { OidcProviderConfig } from './domain/oidc-providers';
import { ProviderIdentity, decideSignIn, identityFromClaims } from './domain/sign-in';
import { IdentityProviders } from './identity-providers';
import { SsoRepository } from './sso.repository';
import { ClaimedStepUp, StepUpService } from './step-up.service';

/** How long the browser has to come back from the provider. */
const SIGN_IN_TTL_MS = 10 * 60_000;
/** Sign-ins never completed are forgotten this long after they expired. */
const UNFINISHED_KEPT_MS = days(1);

export type StartOutcome =
  | { kind: 'redirect'; url: string; state: string }
  | { kind: 'refused'; reason: 'provider_unavailable' };

/** A sign-in whose callback has come: what is left to check it against. */
interface ClaimedSignIn {
  id: string;
  returnTo: string;
  nonce: string;
  codeVerifier: string;
  /** Set when it is a step-up of a session already open (`StepUpService`). */
  stepUp: ClaimedStepUp | null;
}

/** A claim refused, and the step-up it was, if it was one (an unknown state is none). */
type RefusedClaim =
  | { refused: 'state_unknown'; stepUp: null }
  | {
      refused: Extract<SsoRefusal, 'state_replayed' | 'state_expired' | 'state_mismatch'>;
      stepUp: ClaimedStepUp | null;
    };

export type CallbackOutcome =
  | { kind: 'signed-in'; tokens: TokenPair; returnTo: string }
  | { kind: 'refused'; reason: SsoRefusal }
  /** A step-up's callback, granted or not: the page it came from, told how it went. */
  | { kind: 'stepped-up'; returnTo: string };

/**
 * Single sign-on over OpenID Connect: sends the browser to the provider (the request's secrets
 * kept here, the state also in the browser's cookie), then, on its callback, checks the state
 * (known, once, in time, this browser's), has openid-client verify the rest, finds the account
 * the identity signs in to (linked by subject; linked once by a verified email or a pending
 * invitation; created only with just-in-time creation on) and opens the server's own session
 * through the auth context. Every refusal is audited. A callback whose state belongs to a
 * step-up of an open session (same redirect URI, so nothing more to register at the provider)
 * is handed to `StepUpService` once its state is claimed, and opens no session.
 */
@Injectable()
export class SsoService implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
    private readonly providers: IdentityProviders,
    private readonly repository: SsoRepository,
    private readonly auth: AuthService,
    private readonly accounts: ExternalAccounts,
    private readonly signOutRedirects: SignOutRedirects,
    private readonly stepUps: StepUpService,
  ) {}

  onModuleInit(): void {
    this.signOutRedirects.register((sessionId) => this.providerLogoutUrl(sessionId));
  }

  /** What the sign-in page offers. */
  options(passwordLogin: boolean): SignInOptionsView {
    return {
      passwordLogin,
      providers: this.providers.all.map((provider) => ({
        id: provider.id,
        displayName: provider.displayName,
        startUrl: `/api/v1/auth/oidc/${provider.id}/start`,
      })),
    };
  }

  provider(id: string): OidcProviderConfig {
    const provider = this.providers.find(id);
    if (!provider) throw new NotFound('identity provider', id);
    return provider;
  }

  /** The authorization request to send the browser to, its secrets kept for the callback. */
  async start(provider: OidcProviderConfig, next: string | undefined): Promise<StartOutcome> {
    let request;
    try {
      request = await this.providers.authorizationRequest(provider);
    } catch {
      return { kind: 'refused', reason: 'provider_unavailable' };
    }
    const now = this.clock.now();
    await this.uow.run(async () => {
      await this.repository.pruneUnfinished(new Date(now.getTime() - UNFINISHED_KEPT_MS));
      await this.repository.insertSignIn({
        providerId: provider.id,
        request,
        returnTo: safeReturnPath(next),
        now,
        lifetimeMs: SIGN_IN_TTL_MS,
        stepUp: null,
      });
    });
    return { kind: 'redirect', url: request.url, state: request.state };
  }

  /**
   * The provider's answer, `callbackQuery` as received (openid-client reads it), and the state
   * this browser's cookie holds. A state is used once, whatever the outcome.
   */
  async complete(
    provider: OidcProviderConfig,
    params: CallbackParams,
    callbackQuery: string,
    browserState: string | undefined,
    client: ClientInfo,
  ): Promise<CallbackOutcome> {
    const signIn = await this.claimSignIn(provider, params.state, browserState);
    if ('refused' in signIn) {
      if (signIn.refused === 'state_unknown' || signIn.stepUp === null)
        return this.refuse(provider, signIn.refused);
      const returnTo = await this.stepUps.refuse(provider, signIn.stepUp, signIn.refused);
      return { kind: 'stepped-up', returnTo };
    }
    if (signIn.stepUp !== null) {
      const returnTo = await this.stepUps.complete(provider, signIn.stepUp, params, callbackQuery, {
        nonce: signIn.nonce,
        codeVerifier: signIn.codeVerifier,
      });
      return { kind: 'stepped-up', returnTo };
    }
    if ('error' in params) {
      return this.refuse(
        provider,
        params.error === 'access_denied' ? 'cancelled' : 'provider_error',
        {
          error: params.error,
          ...(params.errorDescription
            ? { description: params.errorDescription.slice(0, 200) }
            : {}),
        },
      );
    }
    let verified;
    try {
      verified = await this.providers.verify(provider, callbackQuery, {
        state: params.state,
        nonce: signIn.nonce,
        codeVerifier: signIn.codeVerifier,
      });
    } catch (error) {
      return this.refuse(provider, exchangeFailure(error));
    }
    const identity = identityFromClaims(verified.claims, provider.adminRole);
    if (!identity) return this.refuse(provider, 'id_token_invalid');
    const { idToken } = verified;
    return this.uow.run(async () => {
      const userId = await this.accountFor(provider, identity);
      if (typeof userId !== 'string') return this.refuse(provider, userId.refused, userId.details);
      const { tokens, sessionId } = await this.auth.signInExternal(userId, client, {
        provider: provider.id,
      });
      await this.repository.complete(signIn.id, sessionId, idToken);
      return { kind: 'signed-in', tokens, returnTo: signIn.returnTo };
    });
  }

  /**
   * Takes the sign-in this state names, with its one-use secrets (consumed: committed whatever
   * follows), or why not.
   */
  private async claimSignIn(
    provider: OidcProviderConfig,
    state: string,
    browserState: string | undefined,
  ): Promise<ClaimedSignIn | RefusedClaim> {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const signIn = await this.repository.lockSignIn(provider.id, sha256(state));
      if (!signIn) return { refused: 'state_unknown', stepUp: null };
      const stepUp =
        signIn.stepUpSessionId !== null && signIn.stepUpUserId !== null && signIn.purpose !== null
          ? {
              sessionId: signIn.stepUpSessionId,
              userId: signIn.stepUpUserId,
              purpose: signIn.purpose,
              returnTo: signIn.returnTo,
            }
          : null;
      const { nonce, codeVerifier } = signIn;
      if (signIn.consumedAt !== null || nonce === null || codeVerifier === null)
        return { refused: 'state_replayed', stepUp };
      await this.repository.consume(signIn.id, now);
      if (signIn.expiresAt.getTime() <= now.getTime()) return { refused: 'state_expired', stepUp };
      if (browserState !== state) return { refused: 'state_mismatch', stepUp };
      return { id: signIn.id, returnTo: signIn.returnTo, nonce, codeVerifier, stepUp };
    });
  }

  /** The account the identity signs in to (linking, activating or creating it), or why none. */
  private async accountFor(
    provider: OidcProviderConfig,
    identity: ProviderIdentity,
  ): Promise<string | { refused: SsoRefusal; details: Record<string, unknown> }> {
    const now = this.clock.now();
    await this.repository.lockSubject(provider.id, identity.subject);
    const link = await this.repository.identity(provider.id, identity.subject);
    const linked = link ? await this.accounts.lock({ userId: link.userId }) : null;
    const byEmail =
      !link && identity.emailVerified && identity.email !== null
        ? await this.accounts.lock({ email: identity.email })
        : null;
    const decision = decideSignIn({
      linked,
      byEmail: byEmail && {
        ...byEmail,
        linkedToProvider: await this.repository.linkedAt(byEmail.userId, provider.id),
      },
      emailVerified: identity.emailVerified,
      justInTime: provider.justInTime !== null,
    });
    const role =
      identity.admin === null ? null : identity.admin ? PlatformRole.Admin : PlatformRole.User;
    if (decision.kind === 'refuse') {
      const userId = linked?.userId ?? byEmail?.userId;
      return {
        refused: decision.reason,
        details: { subject: identity.subject, ...(userId ? { userId } : {}) },
      };
    }
    if (decision.kind === 'sign-in') {
      await this.repository.signedIn(provider.id, identity.subject, now);
      if (role !== null) await this.accounts.applyRole(decision.userId, role, provider.id);
      return decision.userId;
    }
    let userId: string;
    if (decision.kind === 'create') {
      userId = await this.accounts.create(
        {
          email: identity.email ?? '',
          displayName: identity.displayName ?? identity.email ?? identity.subject,
          institution: provider.justInTime?.institution ?? '',
          role: role ?? PlatformRole.User,
        },
        provider.id,
      );
    } else {
      userId = decision.userId;
      if (decision.activate) await this.accounts.activate(userId, provider.id);
      if (role !== null) await this.accounts.applyRole(userId, role, provider.id);
    }
    await this.repository.link({
      providerId: provider.id,
      subject: identity.subject,
      userId,
      email: identity.email,
      linkedAt: now,
      lastSignInAt: now,
    });
    await this.events.publish({
      type: 'domain',
      action: 'sso.identity_linked',
      targetType: 'user',
      targetId: userId,
      actorId: userId,
      details: {
        provider: provider.id,
        subject: identity.subject,
        by:
          decision.kind === 'create'
            ? 'just_in_time_creation'
            : decision.activate
              ? 'invitation'
              : 'verified_email',
      },
    });
    return userId;
  }

  private async refuse(
    provider: OidcProviderConfig,
    reason: SsoRefusal,
    details: Record<string, unknown> = {},
  ): Promise<CallbackOutcome> {
    await this.uow.run(() =>
      this.events.publish({
        type: 'domain',
        action: 'sso.sign_in_refused',
        targetType: 'identity_provider',
        targetId: provider.id,
        actorId: null,
        details: { provider: provider.id, reason, ...details },
      }),
    );
    return { kind: 'refused', reason };
  }

  /** For the auth context's logout: the provider's logout page of a session signed in here. */
  private async providerLogoutUrl(sessionId: string): Promise<string | null> {
    const signIn = await this.repository.takeIdToken(sessionId);
    return signIn ? this.providers.logoutUrl(signIn.providerId, signIn.idToken) : null;
  }
}
