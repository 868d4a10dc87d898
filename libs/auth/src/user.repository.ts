import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { PlatformRole, Specialty, UserStatus } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { User } from './user.entity';

export interface UserQuery {
  search?: string;
  specialty?: Specialty;
  status?: UserStatus;
  limit?: number;
  offset?: number;
}

/** A new account: its columns but those the database sets. */
export type NewUserRow = Omit<User, 'createdAt' | 'updatedAt'>;

/**
 * Where user accounts (`app_user`) are stored, credentials and lockout state included. Inside
 * a transaction every method joins it (`uow.manager`), so row locks hold until it ends. Other
 * libs read users through UserLookup, never this.
 */
@Injectable()
export class UserRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async find(userId: string): Promise<User | null> {
    return this.uow.manager.getRepository(User).findOneBy({ id: userId });
  }

  /** The account row, locked until the transaction ends; null if there is none. */
  async lock(userId: string): Promise<User | null> {
    return this.uow.manager
      .getRepository(User)
      .findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The account with this email (in any case), locked until the transaction ends. */
  async lockByEmail(email: string): Promise<User | null> {
    return this.uow.manager
      .getRepository(User)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  /** Whether an account already has this email, in any case. */
  async emailTaken(email: string): Promise<boolean> {
    return this.uow.manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getExists();
  }

  /**
   * One page of accounts matching the query (a search in name, email and institution), by
   * display name, with how many match in all.
   */
  async page(query: UserQuery, limit: number, offset: number): Promise<[User[], number]> {
    const qb = this.uow.manager.getRepository(User).createQueryBuilder('u');
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('u.display_name ILIKE :p', { p: pattern })
            .orWhere('u.email ILIKE :p', { p: pattern })
            .orWhere('u.institution ILIKE :p', { p: pattern }),
        ),
      );
    }
    if (query.specialty) qb.andWhere('u.specialty = :specialty', { specialty: query.specialty });
    if (query.status) qb.andWhere('u.status = :status', { status: query.status });
    return qb
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
  }

  /**
   * How many active administrators there are, counted under a transaction-scoped advisory
   * lock, so two concurrent demotions cannot both see another admin left.
   */
  async countActiveAdminsLocked(): Promise<number> {
    const db = this.uow.manager;
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('app_user.admins'))`);
    return db.getRepository(User).countBy({ role: PlatformRole.Admin, status: UserStatus.Active });
  }

  /** Stores a new account and answers it with the columns the database set. */
  async insert(fields: NewUserRow): Promise<User> {
    const users = this.uow.manager.getRepository(User);
    return users.save(users.create(fields));
  }

  async update(userId: string, changes: Partial<User>): Promise<void> {
    await this.uow.manager.getRepository(User).update(userId, changes);
  }

  /** Saves the whole account and answers it as stored. */
  async save(user: User): Promise<User> {
    return this.uow.manager.getRepository(User).save(user);
  }
}
