import { Injectable } from '@nestjs/common';
import { IsNull, LessThan } from 'typeorm';
import { newId, sha256 } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ExternalIdentity } from './external-identity.entity';
import type { AuthorizationRequest } from './identity-providers';
import { SsoSignIn } from './sso-sign-in.entity';
import { SsoStepUpGrant } from './sso-step-up-grant.entity';

/**
 * Where single sign-on keeps the identities linked to accounts (`external_identity`), each
 * sign-in through a provider (`sso_sign_in`) and the confirmations its step-ups give
 * (`sso_step_up_grant`). Inside a transaction every method joins it
 * (`uow.manager`), so row locks hold until it ends.
 */
@Injectable()
export class SsoRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Keeps a new sign-in's secrets (the state's hash, nonce and PKCE verifier) until its callback,
   * for `lifetimeMs`; a step-up also keeps the session and account it confirms, and what for.
   */
  async insertSignIn(signIn: {
    providerId: string;
    request: AuthorizationRequest;
    returnTo: string;
    now: Date;
    lifetimeMs: number;
    stepUp: { sessionId: string; userId: string; purpose: string } | null;
  }): Promise<void> {
    await this.uow.manager.getRepository(SsoSignIn).insert({
      id: newId(),
      providerId: signIn.providerId,
      stateHash: sha256(signIn.request.state),
      nonce: signIn.request.nonce,
      codeVerifier: signIn.request.codeVerifier,
      returnTo: signIn.returnTo,
      createdAt: signIn.now,
      expiresAt: new Date(signIn.now.getTime() + signIn.lifetimeMs),
      consumedAt: null,
      sessionId: null,
      idToken: null,
      stepUpSessionId: signIn.stepUp?.sessionId ?? null,
      stepUpUserId: signIn.stepUp?.userId ?? null,
      purpose: signIn.stepUp?.purpose ?? null,
    });
  }

  /** Forgets sign-ins that never completed and expired before `before`. */
  async pruneUnfinished(before: Date): Promise<void> {
    await this.uow.manager
      .getRepository(SsoSignIn)
      .delete({ sessionId: IsNull(), expiresAt: LessThan(before) });
  }

  /** The provider's sign-in with this state hash, locked until the transaction ends. */
  async lockSignIn(providerId: string, stateHash: string): Promise<SsoSignIn | null> {
    return this.uow.manager
      .getRepository(SsoSignIn)
      .findOne({ where: { providerId, stateHash }, lock: { mode: 'pessimistic_write' } });
  }

  /** Marks the sign-in's callback as come, and forgets its one-use secrets. */
  async consume(signInId: string, at: Date): Promise<void> {
    await this.uow.manager
      .getRepository(SsoSignIn)
      .update(signInId, { consumedAt: at, nonce: null, codeVerifier: null });
  }

  async complete(signInId: string, sessionId: string, idToken: string): Promise<void> {
    await this.uow.manager.getRepository(SsoSignIn).update(signInId, { sessionId, idToken });
  }

  /** The provider and ID token of the sign-in that opened this session, taken out (cleared) for its logout. */
  async takeIdToken(sessionId: string): Promise<{ providerId: string; idToken: string } | null> {
    const signIns = this.uow.manager.getRepository(SsoSignIn);
    const signIn = await signIns.findOne({
      where: { sessionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!signIn?.idToken) return null;
    await signIns.update(signIn.id, { idToken: null });
    return { providerId: signIn.providerId, idToken: signIn.idToken };
  }

  /**
   * Serialises sign-ins of one identity until the transaction ends, so two first sign-ins at
   * once cannot both link it.
   */
  async lockSubject(providerId: string, subject: string): Promise<void> {
    await this.uow.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `sso:${providerId}:${subject}`,
    ]);
  }

  async identity(providerId: string, subject: string): Promise<ExternalIdentity | null> {
    return this.uow.manager.getRepository(ExternalIdentity).findOneBy({ providerId, subject });
  }

  /** Whether the account already has an identity at this provider. */
  async linkedAt(userId: string, providerId: string): Promise<boolean> {
    return this.uow.manager.getRepository(ExternalIdentity).existsBy({ userId, providerId });
  }

  async link(identity: ExternalIdentity): Promise<void> {
    await this.uow.manager.getRepository(ExternalIdentity).insert(identity);
  }

  async signedIn(providerId: string, subject: string, at: Date): Promise<void> {
    await this.uow.manager
      .getRepository(ExternalIdentity)
      .update({ providerId, subject }, { lastSignInAt: at });
  }

  /** The provider the session signed in through; null for a session opened otherwise. */
  async sessionProvider(sessionId: string): Promise<string | null> {
    const signIn = await this.uow.manager
      .getRepository(SsoSignIn)
      .findOne({ where: { sessionId }, select: { id: true, providerId: true } });
    return signIn?.providerId ?? null;
  }

  /** The providers the account has an identity at. */
  async linkedProviders(userId: string): Promise<string[]> {
    const identities = await this.uow.manager
      .getRepository(ExternalIdentity)
      .find({ where: { userId }, select: { providerId: true, subject: true } });
    return identities.map((identity) => identity.providerId);
  }

  async insertGrant(grant: SsoStepUpGrant): Promise<void> {
    await this.uow.manager.getRepository(SsoStepUpGrant).insert(grant);
  }

  /** The latest confirmation of this session and account for this purpose, locked until the transaction ends. */
  async lockLatestGrant(
    sessionId: string,
    userId: string,
    purpose: string,
  ): Promise<SsoStepUpGrant | null> {
    return this.uow.manager.getRepository(SsoStepUpGrant).findOne({
      where: { sessionId, userId, purpose },
      order: { grantedAt: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async useGrant(grantId: string, at: Date): Promise<void> {
    await this.uow.manager.getRepository(SsoStepUpGrant).update(grantId, { usedAt: at });
  }
}
