import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  AuthenticatedUser,
  ExternalAccounts,
  StepUpGrants,
  StepUpPurpose,
  StepUpTaking,
  stepUpPurposeText,
} from '@app/auth';
import { ReauthenticationOptionsView, StepUpRefusal } from '@app/contracts';
import { Clock, DomainEventBus, Refused, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { CallbackParams, safeReturnPath } from './domain/callback';
import { exchangeFailure } from './domain/exchange-failure';
import type { OidcProviderConfig } from './domain/oidc-providers';
import {
  STEP_UP_GRANT_TTL_MS,
  judgeStepUp,
  stepUpReturnPath,
  takeStepUpGrant,
} from './domain/step-up';
import { IdentityProviders } from './identity-providers';
import { SsoRepository } from './sso.repository';

/** How long the browser has to come back from the provider. */
const STEP_UP_REQUEST_TTL_MS = 10 * 60_000;

/** A step-up whose callback has come: whom it confirms, and what is left to check it against. */
export interface ClaimedStepUp {
  sessionId: string;
  userId: string;
  purpose: string;
  returnTo: string;
}

/** Where to send the browser, and the state its cookie is to hold for that provider's callback. */
export type StepUpStartOutcome = { url: string; state: string; providerId: string };

/**
 * Confirmation at the identity provider, for an act that carries the person's name (signing a
 * recommendation) when they have no password here: the session already open sends the browser to
 * its provider, which asks for the credentials again (`prompt=login`, `max_age=0`); the callback
 * (the sign-in's, told apart by its state) checks it as a sign-in's, then that the provider's
 * subject is the identity linked to the session's account and that it signed in just now, and
 * keeps a confirmation for that session and purpose, taken once by the act
 * (`StepUpGrants`). It never opens nor changes a session. Every outcome is audited.
 */
@Injectable()
export class StepUpService implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
    private readonly providers: IdentityProviders,
    private readonly repository: SsoRepository,
    private readonly accounts: ExternalAccounts,
    private readonly grants: StepUpGrants,
  ) {}

  onModuleInit(): void {
    this.grants.register((grant) => this.take(grant));
  }

  /** How this person confirms who they are again: their password, their provider, or both. */
  async options(user: AuthenticatedUser): Promise<ReauthenticationOptionsView> {
    const provider = await this.providerFor(user);
    return {
      password: await this.accounts.hasPassword(user.id),
      provider: provider && { id: provider.id, displayName: provider.displayName },
    };
  }

  /**
   * The provider's re-authentication request for this session and purpose, its secrets kept for
   * the callback; `next` is the page of this site the browser comes back to.
   */
  async start(
    user: AuthenticatedUser,
    purpose: StepUpPurpose,
    next: string | undefined,
  ): Promise<StepUpStartOutcome> {
    const provider = await this.providerFor(user);
    if (!provider)
      throw new Refused(
        'no_identity_provider',
        'your account is not linked to an identity provider: confirm with your password',
      );
    let request;
    try {
      request = await this.providers.authorizationRequest(provider, { reauthenticate: true });
    } catch {
      throw new Refused(
        'provider_unavailable',
        `${provider.displayName} cannot be reached: try again in a moment`,
      );
    }
    const now = this.clock.now();
    await this.uow.run(async () => {
      await this.repository.insertSignIn({
        providerId: provider.id,
        request,
        returnTo: safeReturnPath(next),
        now,
        lifetimeMs: STEP_UP_REQUEST_TTL_MS,
        stepUp: { sessionId: user.sessionId, userId: user.id, purpose: stepUpPurposeText(purpose) },
      });
    });
    return { url: request.url, state: request.state, providerId: provider.id };
  }

  /**
   * The provider's answer to a step-up whose state was claimed: verified as a sign-in's, then
   * judged (`judgeStepUp`). Answers the page to go back to, told how it went.
   */
  async complete(
    provider: OidcProviderConfig,
    stepUp: ClaimedStepUp,
    params: CallbackParams,
    callbackQuery: string,
    expected: { nonce: string; codeVerifier: string },
  ): Promise<string> {
    if ('error' in params)
      return this.refuse(
        provider,
        stepUp,
        params.error === 'access_denied' ? 'cancelled' : 'provider_error',
        { error: params.error },
      );
    let verified;
    try {
      verified = await this.providers.verify(provider, callbackQuery, {
        state: params.state,
        ...expected,
      });
    } catch (error) {
      return this.refuse(provider, stepUp, exchangeFailure(error));
    }
    const subject = verified.claims.sub;
    if (typeof subject !== 'string') return this.refuse(provider, stepUp, 'id_token_invalid');
    return this.uow.run(async () => {
      const now = this.clock.now();
      const identity = await this.repository.identity(provider.id, subject);
      const judgement = judgeStepUp({
        sessionUserId: stepUp.userId,
        linkedUserId: identity?.userId ?? null,
        authTime: verified.claims.auth_time,
        now,
      });
      if (judgement.kind === 'refuse')
        return this.refuse(provider, stepUp, judgement.reason, {
          subject,
          ...(identity && identity.userId !== stepUp.userId
            ? { confirmedUserId: identity.userId }
            : {}),
          ...(typeof verified.claims.auth_time === 'number'
            ? { authTime: verified.claims.auth_time }
            : {}),
        });
      const grantId = newId();
      await this.repository.insertGrant({
        id: grantId,
        sessionId: stepUp.sessionId,
        userId: stepUp.userId,
        providerId: provider.id,
        subject,
        purpose: stepUp.purpose,
        authenticatedAt: judgement.authenticatedAt,
        grantedAt: now,
        expiresAt: new Date(now.getTime() + STEP_UP_GRANT_TTL_MS),
        usedAt: null,
      });
      await this.events.publish({
        type: 'domain',
        action: 'sso.step_up_granted',
        targetType: 'user',
        targetId: stepUp.userId,
        actorId: stepUp.userId,
        details: {
          provider: provider.id,
          subject,
          purpose: stepUp.purpose,
          sessionId: stepUp.sessionId,
          grantId,
          authenticatedAt: judgement.authenticatedAt.toISOString(),
        },
      });
      return stepUpReturnPath(stepUp.returnTo, 'granted');
    });
  }

  /** Audits why a step-up gave no confirmation; answers the page to go back to, told why. */
  async refuse(
    provider: OidcProviderConfig,
    stepUp: ClaimedStepUp,
    reason: StepUpRefusal,
    details: Record<string, unknown> = {},
  ): Promise<string> {
    await this.uow.run(() =>
      this.events.publish({
        type: 'domain',
        action: 'sso.step_up_refused',
        targetType: 'user',
        targetId: stepUp.userId,
        actorId: stepUp.userId,
        details: {
          provider: provider.id,
          reason,
          purpose: stepUp.purpose,
          sessionId: stepUp.sessionId,
          ...details,
        },
      }),
    );
    return stepUpReturnPath(stepUp.returnTo, reason);
  }

  /** Takes this session's confirmation for the purpose, in the caller's transaction. */
  private async take(grant: {
    sessionId: string;
    userId: string;
    purpose: string;
  }): Promise<StepUpTaking> {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const latest = await this.repository.lockLatestGrant(
        grant.sessionId,
        grant.userId,
        grant.purpose,
      );
      const taking = takeStepUpGrant(latest, now);
      if (latest && taking === 'taken') await this.repository.useGrant(latest.id, now);
      return taking;
    });
  }

  /** The provider the session signed in through, else one the account is linked to. */
  private async providerFor(user: AuthenticatedUser): Promise<OidcProviderConfig | null> {
    const sessionProvider = await this.repository.sessionProvider(user.sessionId);
    const candidates = sessionProvider
      ? [sessionProvider]
      : await this.repository.linkedProviders(user.id);
    for (const id of candidates) {
      const provider = this.providers.find(id);
      if (provider) return provider;
    }
    return null;
  }
}
