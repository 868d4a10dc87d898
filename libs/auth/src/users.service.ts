import { Inject, Injectable } from '@nestjs/common';
import {
  InvitationView,
  PlatformRole,
  ProfessionalCredentials,
  Specialty,
  UserStatus,
  UserView,
} from '@app/contracts';
import {
  composeToken,
  Clock,
  Conflict,
  DomainEventBus,
  Forbidden,
  InvalidInput,
  newId,
  NotFound,
  parseToken,
  secretMatches,
  Unauthenticated,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AuthSessionRepository } from './auth-session.repository';
import { AUTH_SETTINGS, AuthSettings, PASSWORD_LOGIN_OFF } from './auth-settings';
import { AuthenticatedUser } from './authenticated-user';
import { assessPassword } from './domain/password-policy';
import { PasswordHasher } from './password-hasher';
import { sessionEndedEvent } from './session-ended';
import { User, toUserView } from './user.entity';
import { NewUserRow, UserQuery, UserRepository } from './user.repository';

export interface NewUser {
  email: string;
  displayName: string;
  specialty: Specialty;
  institution: string;
  credentials?: ProfessionalCredentials;
  role?: PlatformRole;
}

export interface ProfileChanges {
  displayName?: string;
  specialty?: Specialty;
  institution?: string;
  credentials?: ProfessionalCredentials;
}

export interface AdminChanges extends ProfileChanges {
  role?: PlatformRole;
  status?: UserStatus.Active | UserStatus.Disabled;
}

const EMPTY_CREDENTIALS: ProfessionalCredentials = { licences: [], boardCertifications: [] };

/**
 * An account's life: invitation and activation, passwords, profile and administration. Somewhat
 * over the ~350-line guide on purpose: these commands share the account's row lock, the password
 * policy and session revocation, and split apart each would need all three.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly hasher: PasswordHasher,
    private readonly userRepository: UserRepository,
    private readonly sessionRepository: AuthSessionRepository,
    private readonly clock: Clock,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  /** An admin invites a colleague; the one-time token is returned once, never stored. */
  async invite(input: NewUser): Promise<InvitationView> {
    return this.uow.run(async () => {
      await this.assertEmailFree(input.email);
      const id = newId();
      const { token, secretHash } = composeToken(id);
      const expiresAt = new Date(
        this.clock.now().getTime() + this.settings.invitationTtlHours * 3_600_000,
      );
      const user = await this.insertUser(id, input, {
        status: UserStatus.Invited,
        invitationTokenHash: secretHash,
        invitationExpiresAt: expiresAt,
      });
      await this.events.publish({
        type: 'domain',
        action: 'user.invited',
        targetType: 'user',
        targetId: id,
        details: { email: user.email, role: user.role, specialty: user.specialty },
      });
      return {
        user: toUserView(user),
        invitationToken: token,
        invitationExpiresAt: expiresAt.toISOString(),
      };
    });
  }

  /**
   * Creates an active account directly (demo data and tests). `demoPassword`
   * skips the policy for the documented demo accounts only, whose shared
   * password necessarily contains words of their own email domain.
   */
  async createActive(
    input: NewUser,
    password: string,
    options: { demoPassword?: boolean } = {},
  ): Promise<UserView> {
    if (!options.demoPassword) this.assertPasswordAcceptable(password, input);
    const passwordHash = await this.hasher.hash(password);
    return this.uow.run(async () => {
      await this.assertEmailFree(input.email);
      const user = await this.insertUser(newId(), input, {
        status: UserStatus.Active,
        passwordHash,
        passwordChangedAt: this.clock.now(),
      });
      await this.events.publish({
        type: 'domain',
        action: 'user.created',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email, role: user.role, specialty: user.specialty },
      });
      return toUserView(user);
    });
  }

  /** Sets the invitee's password and activates the account; refused when password sign-in is off. */
  async acceptInvitation(invitationToken: string, password: string): Promise<UserView> {
    if (!this.settings.passwordLogin) throw new Forbidden(PASSWORD_LOGIN_OFF);
    const parsed = parseToken(invitationToken);
    if (!parsed) throw new Unauthenticated('invalid or expired invitation');
    return this.uow.run(async () => {
      const user = await this.userRepository.lock(parsed.id);
      const valid =
        user !== null &&
        user.status === UserStatus.Invited &&
        user.invitationTokenHash !== null &&
        user.invitationExpiresAt !== null &&
        user.invitationExpiresAt.getTime() > this.clock.now().getTime() &&
        secretMatches(parsed.secret, user.invitationTokenHash);
      if (!valid || !user) throw new Unauthenticated('invalid or expired invitation');
      this.assertPasswordAcceptable(password, user);
      const changes = {
        passwordHash: await this.hasher.hash(password),
        passwordChangedAt: this.clock.now(),
        status: UserStatus.Active,
        invitationTokenHash: null,
        invitationExpiresAt: null,
      };
      await this.userRepository.update(user.id, changes);
      await this.events.publish({
        type: 'domain',
        action: 'user.activated',
        targetType: 'user',
        targetId: user.id,
        actorId: user.id,
      });
      return toUserView({ ...user, ...changes });
    });
  }

  /**
   * Re-authentication before an act that carries the person's name (signing
   * a recommendation): the current password must be given again.
   */
  async confirmPassword(actor: AuthenticatedUser, password: string): Promise<void> {
    const user = await this.userRepository.find(actor.id);
    if (!user || !(await this.hasher.verify(user.passwordHash, password))) {
      await this.uow.run(() =>
        this.events.publish({
          type: 'domain',
          action: 'user.reauthentication_failed',
          targetType: 'user',
          targetId: actor.id,
        }),
      );
      throw new Unauthenticated('password is incorrect');
    }
  }

  async changePassword(
    actor: AuthenticatedUser,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    await this.uow.run(async () => {
      const user = await this.userRepository.lock(actor.id);
      if (!user) throw new NotFound('user', actor.id);
      // A wrong current password is a mistake in the form, not a failed authentication: the
      // caller's token is fine, and a 401 would send clients to refresh it.
      if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
        throw new InvalidInput('current password is incorrect', [
          { field: 'currentPassword', message: 'That is not your current password.' },
        ]);
      }
      if (currentPassword === newPassword)
        throw new InvalidInput('the new password must differ from the current one');
      this.assertPasswordAcceptable(newPassword, user);
      const now = this.clock.now();
      await this.userRepository.update(user.id, {
        passwordHash: await this.hasher.hash(newPassword),
        passwordChangedAt: now,
      });
      const revoked = await this.revokeSessions(user.id, 'password_changed', actor.sessionId);
      await this.events.publish({
        type: 'domain',
        action: 'user.password_changed',
        targetType: 'user',
        targetId: user.id,
        details: { otherSessionsRevoked: revoked },
      });
    });
  }

  async list(
    query: UserQuery,
  ): Promise<{ items: UserView[]; total: number; limit: number; offset: number }> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [users, total] = await this.userRepository.page(query, limit, offset);
    return { items: users.map(toUserView), total, limit, offset };
  }

  async get(id: string): Promise<UserView> {
    const user = await this.userRepository.find(id);
    if (!user) throw new NotFound('user', id);
    return toUserView(user);
  }

  async updateProfile(userId: string, changes: ProfileChanges): Promise<UserView> {
    return this.uow.run(async () => {
      const user = await this.lockUser(userId);
      return this.applyChanges(user, changes, 'user.profile_updated');
    });
  }

  async adminUpdate(
    actor: AuthenticatedUser,
    userId: string,
    changes: AdminChanges,
  ): Promise<UserView> {
    return this.uow.run(async () => {
      const target = await this.lockUser(userId);
      if (changes.status === UserStatus.Active && target.status === UserStatus.Invited) {
        throw new Conflict('an invited user becomes active by accepting the invitation');
      }
      const losesAdmin =
        target.role === PlatformRole.Admin &&
        target.status === UserStatus.Active &&
        (changes.role === PlatformRole.User || changes.status === UserStatus.Disabled);
      if (losesAdmin) {
        const admins = await this.userRepository.countActiveAdminsLocked();
        if (admins <= 1) throw new Conflict('this is the last active administrator');
      }
      const view = await this.applyChanges(target, changes, 'user.updated');
      if (changes.status === UserStatus.Disabled && target.status !== UserStatus.Disabled) {
        const revoked = await this.revokeSessions(userId, 'account_disabled');
        await this.events.publish({
          type: 'domain',
          action: 'user.disabled',
          targetType: 'user',
          targetId: userId,
          details: { sessionsRevoked: revoked, self: actor.id === userId },
        });
      }
      return view;
    });
  }

  private async lockUser(userId: string): Promise<User> {
    const user = await this.userRepository.lock(userId);
    if (!user) throw new NotFound('user', userId);
    return user;
  }

  /** Saves the fields that actually change and audits their names (never their values). */
  private async applyChanges(user: User, changes: AdminChanges, action: string): Promise<UserView> {
    const defined = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    ) as Partial<User>;
    const changed = Object.keys(defined).filter(
      (key) =>
        JSON.stringify(defined[key as keyof User]) !== JSON.stringify(user[key as keyof User]),
    );
    if (changed.length === 0) return toUserView(user);
    const updated = await this.userRepository.save({ ...user, ...defined });
    await this.events.publish({
      type: 'domain',
      action,
      targetType: 'user',
      targetId: user.id,
      details: { fields: changed },
    });
    return toUserView(updated);
  }

  /**
   * Revokes the user's live sessions (but `keepSessionId`) and reports each
   * one ended, so every instance closes its connections; returns how many.
   */
  private async revokeSessions(
    userId: string,
    reason: 'password_changed' | 'account_disabled',
    keepSessionId?: string,
  ): Promise<number> {
    const sessions = await this.sessionRepository.revokeLiveOf(
      userId,
      this.clock.now(),
      reason,
      keepSessionId,
    );
    for (const sessionId of sessions) {
      await this.events.publish(sessionEndedEvent({ sessionId, userId, reason }));
    }
    return sessions.length;
  }

  private assertPasswordAcceptable(
    password: string,
    person: { email: string; displayName: string; institution: string },
  ): void {
    const assessment = assessPassword(password, [
      person.email,
      person.displayName,
      person.institution,
    ]);
    if (!assessment.ok) {
      throw new InvalidInput(
        'password does not meet the policy',
        assessment.problems.map((message) => ({
          field: 'password',
          message: `password ${message}`,
        })),
      );
    }
  }

  private async assertEmailFree(email: string): Promise<void> {
    const taken = await this.userRepository.emailTaken(email);
    if (taken) throw new Conflict(`an account with email ${email} already exists`);
  }

  private async insertUser(id: string, input: NewUser, extra: Partial<NewUserRow>): Promise<User> {
    const fields: NewUserRow = {
      id,
      email: input.email.trim(),
      displayName: input.displayName.trim(),
      specialty: input.specialty,
      institution: input.institution.trim(),
      credentials: input.credentials ?? EMPTY_CREDENTIALS,
      role: input.role ?? PlatformRole.User,
      status: UserStatus.Invited,
      passwordHash: null,
      passwordChangedAt: null,
      failedLoginCount: 0,
      lockedUntil: null,
      invitationTokenHash: null,
      invitationExpiresAt: null,
      ...extra,
    };
    try {
      return await this.userRepository.insert(fields);
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new Conflict(`an account with email ${input.email} already exists`);
      throw error;
    }
  }
}
