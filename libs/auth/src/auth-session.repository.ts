import { Injectable } from '@nestjs/common';
import { UserStatus } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { AuthSession } from './auth-session.entity';
import { RefreshToken } from './refresh-token.entity';
import { User } from './user.entity';

/** What authenticating an access token reads of its session and user. */
export interface AuthenticationRow {
  revoked_at: Date | null;
  expires_at: Date;
  status: UserStatus;
  role: User['role'];
}

/** What deciding how long a session's connections may live reads (see `sessionLiveness`). */
export interface LivenessRow {
  user_id: string;
  role: User['role'];
  revoked_at: Date | null;
  revoked_reason: string | null;
  expires_at: Date;
  status: UserStatus;
  refresh_expires_at: Date | null;
  display_name: string;
  specialty: User['specialty'];
}

/**
 * Where sign-in sessions (`auth_session`) and their rotating refresh tokens (`refresh_token`)
 * are stored. Inside a transaction every method joins it (`uow.manager`), so row locks hold
 * until it ends.
 */
@Injectable()
export class AuthSessionRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(session: AuthSession): Promise<void> {
    await this.uow.manager.getRepository(AuthSession).insert(session);
  }

  /** The session row, locked until the transaction ends; null if there is none. */
  async lock(sessionId: string): Promise<AuthSession | null> {
    return this.uow.manager
      .getRepository(AuthSession)
      .findOne({ where: { id: sessionId }, lock: { mode: 'pessimistic_write' } });
  }

  async revoke(sessionId: string, revokedAt: Date, revokedReason: string): Promise<void> {
    await this.uow.manager
      .getRepository(AuthSession)
      .update({ id: sessionId }, { revokedAt, revokedReason });
  }

  /** Revokes the user's live sessions but `keepSessionId`; answers the ids revoked. */
  async revokeLiveOf(
    userId: string,
    revokedAt: Date,
    revokedReason: string,
    keepSessionId?: string,
  ): Promise<string[]> {
    const qb = this.uow.manager
      .createQueryBuilder()
      .update(AuthSession)
      .set({ revokedAt, revokedReason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .returning(['id']);
    if (keepSessionId) qb.andWhere('id <> :keep', { keep: keepSessionId });
    const result = await qb.execute();
    return (result.raw as Array<{ id: string }>).map((row) => row.id);
  }

  /** The session of this user, with the user's status and role; undefined if there is none. */
  async authentication(sessionId: string, userId: string): Promise<AuthenticationRow | undefined> {
    return this.uow.manager
      .getRepository(AuthSession)
      .createQueryBuilder('s')
      .innerJoin(User, 'u', 'u.id = s.user_id')
      .select([
        's.revoked_at AS revoked_at',
        's.expires_at AS expires_at',
        'u.status AS status',
        'u.role AS role',
      ])
      .where('s.id = :sid AND s.user_id = :sub', { sid: sessionId, sub: userId })
      .getRawOne<AuthenticationRow>();
  }

  /**
   * The session's user, revocation and ends, its user's role, status, name and specialty, and its
   * current refresh token's end.
   */
  async liveness(sessionId: string): Promise<LivenessRow | undefined> {
    const [row] = (await this.uow.manager.query(
      `SELECT s.user_id, u.role, s.revoked_at, s.revoked_reason, s.expires_at, u.status,
              u.display_name, u.specialty,
              (SELECT max(r.expires_at) FROM refresh_token r
                WHERE r.session_id = s.id AND r.used_at IS NULL) AS refresh_expires_at
         FROM auth_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1`,
      [sessionId],
    )) as LivenessRow[];
    return row;
  }

  /** The refresh token row, locked until the transaction ends; null if there is none. */
  async lockRefreshToken(tokenId: string): Promise<RefreshToken | null> {
    return this.uow.manager
      .getRepository(RefreshToken)
      .findOne({ where: { id: tokenId }, lock: { mode: 'pessimistic_write' } });
  }

  async insertRefreshToken(token: RefreshToken): Promise<void> {
    await this.uow.manager.getRepository(RefreshToken).insert(token);
  }

  /** Marks a refresh token used, replaced by the one rotated in. */
  async markRefreshTokenUsed(tokenId: string, usedAt: Date, replacedBy: string): Promise<void> {
    await this.uow.manager.getRepository(RefreshToken).update(tokenId, { usedAt, replacedBy });
  }
}
