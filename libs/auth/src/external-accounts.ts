import { Injectable } from '@nestjs/common';
import { PlatformRole, Specialty, UserStatus } from '@app/contracts';
import { Clock, DomainEventBus, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

/** What single sign-on reads of an account its identity may sign in to. */
export interface ExternalSignInAccount {
  userId: string;
  email: string;
  status: UserStatus;
  role: PlatformRole;
  /** For an invited account: whether its invitation has not expired. */
  invitationPending: boolean;
}

/** A person an identity provider vouched for, to be given an account (just-in-time creation). */
export interface ExternalNewUser {
  email: string;
  displayName: string;
  institution: string;
  role: PlatformRole;
}

/**
 * An account's life as an identity provider drives it (single sign-on): found by id or email,
 * activated or created without a password, its role set from the provider's claim. Every method
 * joins the caller's transaction; the account rows it reads are locked until it ends.
 */
@Injectable()
export class ExternalAccounts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly userRepository: UserRepository,
    private readonly clock: Clock,
  ) {}

  /** The account with this id, or with this email in any case; null if there is none. */
  async lock(by: { userId: string } | { email: string }): Promise<ExternalSignInAccount | null> {
    const user =
      'userId' in by
        ? await this.userRepository.lock(by.userId)
        : await this.userRepository.lockByEmail(by.email);
    return user ? this.toAccount(user) : null;
  }

  /** Whether the account has a password of this site (one made by single sign-on has none). */
  async hasPassword(userId: string): Promise<boolean> {
    const user = await this.userRepository.find(userId);
    return user !== null && user.passwordHash !== null;
  }

  /** Activates an invited account: its holder signed in through the provider, no password is set. */
  async activate(userId: string, provider: string): Promise<void> {
    await this.uow.run(async () => {
      await this.userRepository.update(userId, {
        status: UserStatus.Active,
        invitationTokenHash: null,
        invitationExpiresAt: null,
      });
      await this.events.publish({
        type: 'domain',
        action: 'user.activated',
        targetType: 'user',
        targetId: userId,
        actorId: userId,
        details: { provider },
      });
    });
  }

  /** Creates an active account without a password (specialty "other", to be completed by its holder). */
  async create(input: ExternalNewUser, provider: string): Promise<string> {
    return this.uow.run(async () => {
      const id = newId();
      const user = await this.userRepository.insert({
        id,
        email: input.email.trim(),
        displayName: input.displayName.trim(),
        specialty: Specialty.Other,
        institution: input.institution.trim(),
        credentials: { licences: [], boardCertifications: [] },
        role: input.role,
        status: UserStatus.Active,
        passwordHash: null,
        passwordChangedAt: null,
        failedLoginCount: 0,
        lockedUntil: null,
        invitationTokenHash: null,
        invitationExpiresAt: null,
      });
      await this.events.publish({
        type: 'domain',
        action: 'user.created',
        targetType: 'user',
        targetId: id,
        actorId: null,
        details: { email: user.email, role: user.role, specialty: user.specialty, provider },
      });
      return id;
    });
  }

  /**
   * Gives the account the role the provider's claim says, except that the last active
   * administrator is never demoted (the rule of an administrator's own change); answers the role
   * the account has afterwards.
   */
  async applyRole(userId: string, role: PlatformRole, provider: string): Promise<PlatformRole> {
    return this.uow.run(async () => {
      const user = await this.userRepository.lock(userId);
      if (!user || user.role === role) return user?.role ?? role;
      if (role === PlatformRole.User && user.status === UserStatus.Active) {
        const admins = await this.userRepository.countActiveAdminsLocked();
        if (admins <= 1) return user.role;
      }
      await this.userRepository.update(userId, { role });
      await this.events.publish({
        type: 'domain',
        action: 'user.updated',
        targetType: 'user',
        targetId: userId,
        actorId: userId,
        details: { fields: ['role'], role, provider },
      });
      return role;
    });
  }

  private toAccount(user: User): ExternalSignInAccount {
    return {
      userId: user.id,
      email: user.email,
      status: user.status,
      role: user.role,
      invitationPending:
        user.status === UserStatus.Invited &&
        user.invitationExpiresAt !== null &&
        user.invitationExpiresAt.getTime() > this.clock.now().getTime(),
    };
  }
}
