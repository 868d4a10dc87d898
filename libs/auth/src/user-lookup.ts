import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '@app/persistence';
import { User } from './user.entity';

/** What other libs may read of a user: never credentials, password or lockout state. */
export type UserSummary = Pick<
  User,
  'id' | 'displayName' | 'email' | 'specialty' | 'institution' | 'role' | 'status'
>;

/** Who a user is as a clinician (licences and board certifications), e.g. the author of an opinion. */
export type ProfessionalProfile = Pick<
  User,
  'id' | 'displayName' | 'specialty' | 'institution' | 'credentials'
>;

const SUMMARY_COLUMNS: Array<keyof UserSummary> = [
  'id',
  'displayName',
  'email',
  'specialty',
  'institution',
  'role',
  'status',
];

/**
 * Read functions over the auth lib's users for other libs, which never name these tables themselves
 * (docs/architecture.md, "Table owners"). Inside a transaction they join it (`uow.manager`).
 */
@Injectable()
export class UserLookup {
  constructor(private readonly uow: UnitOfWork) {}

  /** One user, or null if there is none with this id. */
  async summary(userId: string): Promise<UserSummary | null> {
    return this.uow.manager
      .getRepository(User)
      .findOne({ where: { id: userId }, select: SUMMARY_COLUMNS });
  }

  /** These users (unknown ids left out), in one query, ordered by display name (then id). */
  async summaries(userIds: string[]): Promise<UserSummary[]> {
    if (userIds.length === 0) return [];
    return this.uow.manager.getRepository(User).find({
      where: { id: In([...new Set(userIds)]) },
      select: SUMMARY_COLUMNS,
      order: { displayName: 'ASC', id: 'ASC' },
    });
  }

  /** These users' professional profiles (unknown ids left out), in one query, ordered like `summaries`. */
  async professionalProfiles(userIds: string[]): Promise<ProfessionalProfile[]> {
    if (userIds.length === 0) return [];
    return this.uow.manager.getRepository(User).find({
      where: { id: In([...new Set(userIds)]) },
      select: ['id', 'displayName', 'specialty', 'institution', 'credentials'],
      order: { displayName: 'ASC', id: 'ASC' },
    });
  }
}
