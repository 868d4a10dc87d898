import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BoardAction,
  effectiveVotingRight,
  BoardMemberView,
  BoardRole,
  BoardView,
  QuorumPolicy,
  UserStatus,
  VotingPolicy,
  VotingThreshold,
} from '@app/contracts';
import { AuthenticatedUser, User } from '@app/auth';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { BoardAccessService, BoardActor } from './board-access.service';
import { BoardMember } from './board-member.entity';
import { DEFAULT_QUORUM_POLICY, DEFAULT_VOTING_POLICY } from './board-policies';
import { Board } from './board.entity';

/** A voting policy as clients send it; normalised into a VotingPolicy. */
export type VotingPolicyInput = Omit<VotingPolicy, 'threshold'> & {
  threshold: { kind: VotingThreshold['kind']; percent?: number };
};

export interface BoardInput {
  name: string;
  tumourSites: string[];
  institution: string;
  timezone: string;
  description?: string;
  quorumPolicy?: QuorumPolicy;
  votingPolicy?: VotingPolicyInput;
}

@Injectable()
export class BoardsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly access: BoardAccessService,
    private readonly clock: Clock,
  ) {}

  /** Any signed-in clinician may found a board; they become its coordinator. */
  async create(user: AuthenticatedUser, input: BoardInput): Promise<BoardView> {
    return this.uow.run(async (db) => {
      const board = db.getRepository(Board).create({
        id: newId(),
        name: input.name.trim(),
        tumourSites: input.tumourSites.map((site) => site.trim()),
        institution: input.institution.trim(),
        timezone: input.timezone,
        description: input.description?.trim() ?? '',
        quorumPolicy: input.quorumPolicy ?? DEFAULT_QUORUM_POLICY,
        votingPolicy: normaliseVotingPolicy(input.votingPolicy ?? DEFAULT_VOTING_POLICY),
        createdBy: user.id,
      });
      await db.getRepository(Board).save(board);
      await db.getRepository(BoardMember).insert({
        boardId: board.id,
        userId: user.id,
        role: BoardRole.Coordinator,
        votingRight: effectiveVotingRight(BoardRole.Coordinator, undefined),
        addedAt: this.clock.now(),
        addedBy: user.id,
      });
      await this.events.publish({
        type: 'domain',
        action: 'board.created',
        targetType: 'board',
        targetId: board.id,
        details: { name: board.name },
      });
      return toBoardView(board, BoardRole.Coordinator);
    });
  }

  async list(user: AuthenticatedUser): Promise<BoardView[]> {
    const ids = await this.access.boardIdsOf(user);
    const qb = this.uow.manager.getRepository(Board).createQueryBuilder('b').orderBy('b.name');
    if (ids !== null) {
      if (ids.length === 0) return [];
      qb.where('b.id IN (:...ids)', { ids });
    }
    const boards = await qb.getMany();
    const roles = await this.uow.manager.getRepository(BoardMember).findBy({ userId: user.id });
    const roleOf = new Map(roles.map((row) => [row.boardId, row.role]));
    return boards.map((board) => toBoardView(board, roleOf.get(board.id) ?? null));
  }

  async get(user: AuthenticatedUser, boardId: string): Promise<BoardView> {
    const actor = await this.access.require(boardId, user, BoardAction.View);
    return toBoardView(actor.board, actor.role);
  }

  async update(
    user: AuthenticatedUser,
    boardId: string,
    changes: Partial<BoardInput>,
  ): Promise<BoardView> {
    return this.uow.run(async (db) => {
      const actor = await this.access.require(boardId, user, BoardAction.Manage);
      const board = await db
        .getRepository(Board)
        .findOneOrFail({ where: { id: boardId }, lock: { mode: 'pessimistic_write' } });
      const next: Board = {
        ...board,
        ...definedOnly({
          name: changes.name?.trim(),
          tumourSites: changes.tumourSites?.map((site) => site.trim()),
          institution: changes.institution?.trim(),
          timezone: changes.timezone,
          description: changes.description?.trim(),
          quorumPolicy: changes.quorumPolicy,
          votingPolicy: changes.votingPolicy
            ? normaliseVotingPolicy(changes.votingPolicy)
            : undefined,
        }),
      };
      const changed = (Object.keys(changes) as Array<keyof Board>).filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(board[key]),
      );
      if (changed.length === 0) return toBoardView(board, actor.role);
      const saved = await db.getRepository(Board).save(next);
      await this.events.publish({
        type: 'domain',
        action: 'board.updated',
        targetType: 'board',
        targetId: boardId,
        details: { fields: changed },
      });
      return toBoardView(saved, actor.role);
    });
  }

  async members(user: AuthenticatedUser, boardId: string): Promise<BoardMemberView[]> {
    await this.access.require(boardId, user, BoardAction.View);
    return this.memberViews(this.uow.manager, boardId);
  }

  async addMember(
    user: AuthenticatedUser,
    boardId: string,
    input: { userId: string; role: BoardRole; votingRight?: boolean },
  ): Promise<BoardMemberView> {
    return this.uow.run(async (db) => {
      await this.lockBoard(db, boardId, user);
      const person = await db.getRepository(User).findOneBy({ id: input.userId });
      if (!person || person.status === UserStatus.Disabled)
        throw new NotFound('user', input.userId);
      this.assertVotingRightAllowed(input.role, input.votingRight);
      const existing = await db
        .getRepository(BoardMember)
        .findOneBy({ boardId, userId: input.userId });
      if (existing) throw new Conflict(`${person.displayName} is already a member of this board`);
      await db.getRepository(BoardMember).insert({
        boardId,
        userId: input.userId,
        role: input.role,
        votingRight: effectiveVotingRight(input.role, input.votingRight),
        addedAt: this.clock.now(),
        addedBy: user.id,
      });
      await this.events.publish({
        type: 'domain',
        action: 'board.member_added',
        targetType: 'board',
        targetId: boardId,
        details: { userId: input.userId, role: input.role },
      });
      return this.memberView(db, boardId, input.userId);
    });
  }

  async updateMember(
    user: AuthenticatedUser,
    boardId: string,
    userId: string,
    changes: { role?: BoardRole; votingRight?: boolean },
  ): Promise<BoardMemberView> {
    return this.uow.run(async (db) => {
      await this.lockBoard(db, boardId, user);
      const member = await db.getRepository(BoardMember).findOneBy({ boardId, userId });
      if (!member) throw new NotFound('board member', userId);
      const role = changes.role ?? member.role;
      this.assertVotingRightAllowed(role, changes.votingRight);
      if (member.role === BoardRole.Coordinator && role !== BoardRole.Coordinator) {
        await this.assertAnotherCoordinator(db, boardId, userId);
      }
      const votingRight =
        changes.votingRight !== undefined || changes.role !== undefined
          ? effectiveVotingRight(
              role,
              changes.votingRight ?? (changes.role ? undefined : member.votingRight),
            )
          : member.votingRight;
      await db.getRepository(BoardMember).update({ boardId, userId }, { role, votingRight });
      await this.events.publish({
        type: 'domain',
        action: 'board.member_updated',
        targetType: 'board',
        targetId: boardId,
        details: { userId, role, votingRight },
      });
      return this.memberView(db, boardId, userId);
    });
  }

  async removeMember(user: AuthenticatedUser, boardId: string, userId: string): Promise<void> {
    await this.uow.run(async (db) => {
      await this.lockBoard(db, boardId, user);
      const member = await db.getRepository(BoardMember).findOneBy({ boardId, userId });
      if (!member) throw new NotFound('board member', userId);
      if (member.role === BoardRole.Coordinator)
        await this.assertAnotherCoordinator(db, boardId, userId);
      await db.getRepository(BoardMember).delete({ boardId, userId });
      await this.events.publish({
        type: 'domain',
        action: 'board.member_removed',
        targetType: 'board',
        targetId: boardId,
        details: { userId },
      });
    });
  }

  /** Membership changes are serialised per board, so the last coordinator cannot be removed twice over. */
  private async lockBoard(
    db: EntityManager,
    boardId: string,
    user: AuthenticatedUser,
  ): Promise<BoardActor> {
    const actor = await this.access.require(boardId, user, BoardAction.Manage);
    await db
      .getRepository(Board)
      .findOne({ where: { id: boardId }, lock: { mode: 'pessimistic_write' } });
    return actor;
  }

  private async assertAnotherCoordinator(
    db: EntityManager,
    boardId: string,
    leavingUserId: string,
  ): Promise<void> {
    const coordinators = await db
      .getRepository(BoardMember)
      .countBy({ boardId, role: BoardRole.Coordinator });
    if (coordinators <= 1) {
      throw new Conflict(
        `user ${leavingUserId} is the board's only coordinator; appoint another first`,
      );
    }
  }

  private assertVotingRightAllowed(role: BoardRole, votingRight: boolean | undefined): void {
    if (role === BoardRole.Observer && votingRight === true) {
      throw new InvalidInput('observers never vote', [
        { field: 'votingRight', message: 'observers cannot have a voting right' },
      ]);
    }
  }

  private async memberView(
    db: EntityManager,
    boardId: string,
    userId: string,
  ): Promise<BoardMemberView> {
    const [view] = await this.memberViews(db, boardId, userId);
    if (!view) throw new NotFound('board member', userId);
    return view;
  }

  private async memberViews(
    db: EntityManager,
    boardId: string,
    userId?: string,
  ): Promise<BoardMemberView[]> {
    const qb = db
      .getRepository(BoardMember)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.user_id')
      .select([
        'm.user_id AS "userId"',
        'u.display_name AS "displayName"',
        'u.email AS email',
        'u.specialty AS specialty',
        'u.institution AS institution',
        'm.role AS role',
        'm.voting_right AS "votingRight"',
        'm.added_at AS "addedAt"',
      ])
      .where('m.board_id = :boardId', { boardId })
      .orderBy('u.display_name');
    if (userId) qb.andWhere('m.user_id = :userId', { userId });
    const rows = await qb.getRawMany<Omit<BoardMemberView, 'addedAt'> & { addedAt: Date }>();
    return rows.map((row) => ({ ...row, addedAt: row.addedAt.toISOString() }));
  }
}

function normaliseVotingPolicy(policy: VotingPolicyInput): VotingPolicy {
  const threshold = policy.threshold;
  if (threshold.kind !== 'custom' && threshold.percent !== undefined) {
    throw new InvalidInput('percent applies only to a custom threshold', [
      {
        field: 'votingPolicy.threshold.percent',
        message: 'percent is only allowed with kind=custom',
      },
    ]);
  }
  return {
    threshold:
      threshold.kind === 'custom'
        ? { kind: 'custom', percent: threshold.percent ?? 100 }
        : { kind: threshold.kind },
    abstentionsCountTowardQuorum: policy.abstentionsCountTowardQuorum,
    blindUntilClose: policy.blindUntilClose,
    chairCastingVote: policy.chairCastingVote,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function toBoardView(board: Board, myRole: BoardRole | null): BoardView {
  return {
    id: board.id,
    name: board.name,
    tumourSites: board.tumourSites,
    institution: board.institution,
    timezone: board.timezone,
    description: board.description,
    quorumPolicy: board.quorumPolicy,
    votingPolicy: board.votingPolicy,
    myRole,
    createdAt: board.createdAt.toISOString(),
  };
}
