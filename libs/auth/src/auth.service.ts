import { Inject, Injectable } from '@nestjs/common';
import { PlatformRole, SignOutView, TokenPair, UserStatus } from '@app/contracts';
import {
  Clock,
  composeToken,
  DomainEventBus,
  Forbidden,
  Locked,
  newId,
  parseToken,
  secretMatches,
  Unauthenticated,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AccessClaims, AccessTokenService } from './access-token.service';
import { AuthSession } from './auth-session.entity';
import { AuthSessionRepository, LivenessRow } from './auth-session.repository';
import { AUTH_SETTINGS, AuthSettings, PASSWORD_LOGIN_OFF } from './auth-settings';
import { AuthenticatedUser, ConnectedUser } from './authenticated-user';
import { isLocked, registerFailure, registerSuccess } from './domain/lockout';
import { decideRefresh } from './domain/refresh-rotation';
import { SessionLiveness, sessionLiveness } from './domain/session-liveness';
import { PasswordHasher } from './password-hasher';
import { RecentSessions } from './recent-sessions';
import { RefreshToken } from './refresh-token.entity';
import { sessionEndedEvent } from './session-ended';
import { SignOutRedirects } from './sign-out-redirects';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

export interface ClientInfo {
  clientIp: string | null;
  userAgent: string | null;
}

type LoginOutcome =
  { kind: 'ok'; tokens: TokenPair } | { kind: 'invalid' } | { kind: 'locked'; until: Date | null };

const INVALID_CREDENTIALS = 'invalid email or password';

/** How a session was opened, for its `auth.login` audit entry. */
export type SignInMethod = { method: 'password' } | { method: 'oidc'; provider: string };

/**
 * A session's life: password and external sign-in, refresh rotation, sign-out and the check of
 * every request and connection against it. Somewhat over the ~350-line guide on purpose: these
 * share the session row, its idle and absolute deadlines and the lockout rules, and apart each
 * would need all of them.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokenService,
    private readonly userRepository: UserRepository,
    private readonly sessionRepository: AuthSessionRepository,
    private readonly clock: Clock,
    private readonly recentSessions: RecentSessions,
    private readonly signOutRedirects: SignOutRedirects,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async login(email: string, password: string, client: ClientInfo): Promise<TokenPair> {
    if (!this.settings.passwordLogin) throw new Forbidden(PASSWORD_LOGIN_OFF);
    const outcome = await this.uow.run<LoginOutcome>(async () => {
      const now = this.clock.now();
      const user = await this.userRepository.lockByEmail(email.trim());
      if (!user) {
        await this.hasher.verify(null, password);
        await this.events.publish({
          type: 'domain',
          action: 'auth.login_failed',
          targetType: 'user',
          targetId: null,
          actorId: null,
          details: { email: email.trim().toLowerCase(), reason: 'unknown_account' },
        });
        return { kind: 'invalid' };
      }
      if (isLocked({ failedCount: user.failedLoginCount, lockedUntil: user.lockedUntil }, now)) {
        await this.events.publish({
          type: 'domain',
          action: 'auth.login_refused_locked',
          targetType: 'user',
          targetId: user.id,
          actorId: null,
        });
        return { kind: 'locked', until: user.lockedUntil };
      }
      const passwordOk = await this.hasher.verify(user.passwordHash, password);
      if (!passwordOk || user.status !== UserStatus.Active) {
        const next = registerFailure(
          { failedCount: user.failedLoginCount, lockedUntil: user.lockedUntil },
          now,
          {
            maxFailures: this.settings.maxFailedLogins,
            lockoutMs: this.settings.lockoutMinutes * 60_000,
          },
        );
        await this.userRepository.update(user.id, {
          failedLoginCount: next.failedCount,
          lockedUntil: next.lockedUntil,
        });
        await this.events.publish({
          type: 'domain',
          action: 'auth.login_failed',
          targetType: 'user',
          targetId: user.id,
          actorId: null,
          details: { reason: passwordOk ? `account_${user.status}` : 'wrong_password' },
        });
        if (next.lockedNow) {
          await this.events.publish({
            type: 'domain',
            action: 'auth.account_locked',
            targetType: 'user',
            targetId: user.id,
            actorId: null,
            details: { until: next.lockedUntil?.toISOString() },
          });
        }
        return { kind: 'invalid' };
      }

      const reset = registerSuccess();
      const changes: Partial<User> = {
        failedLoginCount: reset.failedCount,
        lockedUntil: reset.lockedUntil,
      };
      if (user.passwordHash && this.hasher.needsRehash(user.passwordHash)) {
        changes.passwordHash = await this.hasher.hash(password);
      }
      await this.userRepository.update(user.id, changes);
      const { tokens } = await this.openSession(user, client, { method: 'password' });
      return { kind: 'ok', tokens };
    });

    if (outcome.kind === 'locked') {
      const minutes = outcome.until
        ? Math.max(1, Math.ceil((outcome.until.getTime() - this.clock.now().getTime()) / 60_000))
        : null;
      throw new Locked(
        `account temporarily locked after repeated failed logins; try again ${
          minutes === null ? 'later' : `in ${minutes} minute${minutes === 1 ? '' : 's'}`
        } or ask an administrator`,
      );
    }
    if (outcome.kind === 'invalid') throw new Unauthenticated(INVALID_CREDENTIALS);
    return outcome.tokens;
  }

  /**
   * Opens a session for an active account whose holder an identity provider has just vouched
   * for (single sign-on): the same session, refresh rotation, idle timeout and audit as a
   * password sign-in. Joins the caller's transaction.
   */
  async signInExternal(
    userId: string,
    client: ClientInfo,
    via: { provider: string },
  ): Promise<{ tokens: TokenPair; sessionId: string }> {
    return this.uow.run(async () => {
      const user = await this.userRepository.lock(userId);
      if (!user || user.status !== UserStatus.Active)
        throw new Unauthenticated('account is not active');
      return this.openSession(user, client, { method: 'oidc', provider: via.provider });
    });
  }

  async refresh(presented: string): Promise<TokenPair> {
    const parsed = parseToken(presented);
    if (!parsed) throw new Unauthenticated('invalid refresh token');

    const outcome = await this.uow.run(async () => {
      const now = this.clock.now();
      const token = await this.sessionRepository.lockRefreshToken(parsed.id);
      if (!token || !secretMatches(parsed.secret, token.secretHash))
        return { kind: 'reject' as const };
      const session = await this.sessionRepository.lock(token.sessionId);
      const user = session ? await this.userRepository.find(session.userId) : null;
      if (!session || !user) return { kind: 'reject' as const };

      const decision = decideRefresh(
        token,
        { ...session, userActive: user.status === UserStatus.Active },
        now,
      );
      if (decision === 'reuse') {
        await this.sessionRepository.revoke(session.id, now, 'refresh_token_reuse');
        await this.events.publish({
          type: 'domain',
          action: 'auth.refresh_token_reused',
          targetType: 'auth_session',
          targetId: session.id,
          actorId: null,
          details: { userId: user.id, tokenId: token.id },
        });
        await this.events.publish(
          sessionEndedEvent(
            { sessionId: session.id, userId: user.id, reason: 'refresh_token_reuse' },
            null,
          ),
        );
        return { kind: 'reuse' as const };
      }
      if (decision === 'reject') return { kind: 'reject' as const };

      const tokens = await this.issuePair(user, session, token);
      await this.events.publish({
        type: 'domain',
        action: 'auth.token_refreshed',
        targetType: 'auth_session',
        targetId: session.id,
        actorId: user.id,
      });
      return { kind: 'ok' as const, tokens };
    });

    if (outcome.kind === 'reuse') {
      throw new Unauthenticated(
        'refresh token already used: the session has been revoked, please sign in again',
      );
    }
    if (outcome.kind === 'reject') throw new Unauthenticated('invalid or expired refresh token');
    return outcome.tokens;
  }

  /**
   * Ends the session; for a session opened through an identity provider that supports it, the
   * answer names the provider's logout page (RP-initiated logout) to end the session there too.
   */
  async logout(user: AuthenticatedUser): Promise<SignOutView> {
    return this.uow.run(async () => {
      const providerLogoutUrl = await this.signOutRedirects.urlFor(user.sessionId);
      await this.sessionRepository.revoke(user.sessionId, this.clock.now(), 'logout');
      await this.events.publish({
        type: 'domain',
        action: 'auth.logout',
        targetType: 'auth_session',
        targetId: user.sessionId,
        actorId: user.id,
      });
      await this.events.publish(
        sessionEndedEvent(
          { sessionId: user.sessionId, userId: user.id, reason: 'logout' },
          user.id,
        ),
      );
      return { providerLogoutUrl };
    });
  }

  /**
   * For a connection that outlives its access token (the meeting room, shared
   * notes): verifies the token like `authenticate`, and adds until when the
   * session lives unless refreshed (`session`), so the connection can be
   * closed then. One read of the session decides both.
   */
  async authenticateConnection(accessToken: string): Promise<ConnectedUser> {
    const claims = await this.accessTokens.verify(accessToken);
    const row = await this.sessionRepository.liveness(claims.sid);
    if (!row || row.user_id !== claims.sub)
      throw new Unauthenticated('session ended: please sign in again');
    const liveness = livenessOf(row, this.clock.now());
    if (!liveness.live)
      throw new Unauthenticated(
        liveness.reason === 'account_disabled'
          ? 'account is not active'
          : 'session ended: please sign in again',
      );
    return {
      ...authenticatedUser(claims, row.role),
      session: { endsAt: liveness.endsAt, expiresAt: liveness.expiresAt },
      profile: { displayName: row.display_name, specialty: row.specialty },
    };
  }

  /** Whether a session is live now and until when, or why it ended (see the pure rule). */
  async sessionLiveness(sessionId: string): Promise<SessionLiveness> {
    const row = await this.sessionRepository.liveness(sessionId);
    if (!row) return { live: false, reason: 'revoked' };
    return livenessOf(row, this.clock.now());
  }

  /**
   * Verifies an access token and that its session and user are still live, in PostgreSQL; with
   * `recentWithinMs`, a check of the same session made that recently (and not ended since) is
   * enough (RecentSessions).
   */
  async authenticate(
    accessToken: string,
    options: { recentWithinMs?: number } = {},
  ): Promise<AuthenticatedUser> {
    const claims = await this.accessTokens.verify(accessToken);
    const user = (role: PlatformRole) => authenticatedUser(claims, role);
    const now = this.clock.now().getTime();
    if (options.recentWithinMs !== undefined) {
      const recent = this.recentSessions.recent(
        claims.sid,
        claims.sub,
        now,
        options.recentWithinMs,
      );
      if (recent) return user(recent.role);
    }
    const row = await this.sessionRepository.authentication(claims.sid, claims.sub);
    if (!row || row.revoked_at !== null || row.expires_at.getTime() <= now) {
      throw new Unauthenticated('session ended: please sign in again');
    }
    if (row.status !== UserStatus.Active) throw new Unauthenticated('account is not active');
    // Remembered for the routes that accept a recent check only: the others never read it back.
    if (options.recentWithinMs !== undefined) {
      this.recentSessions.remember(claims.sid, {
        userId: claims.sub,
        role: row.role,
        checkedAt: now,
        endsAt: row.expires_at.getTime(),
      });
    }
    return user(row.role);
  }

  private async openSession(
    user: User,
    client: ClientInfo,
    via: SignInMethod,
  ): Promise<{ tokens: TokenPair; sessionId: string }> {
    const now = this.clock.now();
    const session: AuthSession = {
      id: newId(),
      userId: user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.sessionMaxAgeSeconds * 1000),
      revokedAt: null,
      revokedReason: null,
      clientIp: client.clientIp,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    };
    await this.sessionRepository.insert(session);
    const tokens = await this.issuePair(user, session);
    await this.events.publish({
      type: 'domain',
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      actorId: user.id,
      details: {
        sessionId: session.id,
        ...(via.method === 'oidc' ? { method: via.method, provider: via.provider } : {}),
      },
    });
    return { tokens, sessionId: session.id };
  }

  private async issuePair(
    user: User,
    session: AuthSession,
    rotated?: RefreshToken,
  ): Promise<TokenPair> {
    const now = this.clock.now();
    const idleDeadline = now.getTime() + this.settings.sessionIdleTimeoutSeconds * 1000;
    const expiresAt = new Date(Math.min(idleDeadline, session.expiresAt.getTime()));
    const id = newId();
    const { token, secretHash } = composeToken(id);
    await this.sessionRepository.insertRefreshToken({
      id,
      sessionId: session.id,
      secretHash,
      createdAt: now,
      expiresAt,
      usedAt: null,
      replacedBy: null,
    });
    if (rotated) await this.sessionRepository.markRefreshTokenUsed(rotated.id, now, id);
    const accessToken = await this.accessTokens.issue({
      sub: user.id,
      sid: session.id,
      role: user.role,
    });
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: this.accessTokens.ttlSeconds,
      refreshToken: token,
      refreshExpiresIn: Math.round((expiresAt.getTime() - now.getTime()) / 1000),
    };
  }
}

function authenticatedUser(claims: AccessClaims, role: PlatformRole): AuthenticatedUser {
  return {
    id: claims.sub,
    sessionId: claims.sid,
    role,
    ...(claims.exp ? { tokenExpiresAt: new Date(claims.exp * 1000) } : {}),
  };
}

function livenessOf(row: LivenessRow, now: Date): SessionLiveness {
  return sessionLiveness(
    {
      revokedAt: row.revoked_at,
      revokedReason: row.revoked_reason,
      expiresAt: row.expires_at,
      userActive: row.status === UserStatus.Active,
      refreshExpiresAt: row.refresh_expires_at,
    },
    now,
  );
}
