import { Injectable } from '@nestjs/common';
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
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { BoardAccessService, BoardActor } from './board-access.service';
import { Board } from './board.entity';
import { BoardRepository } from './board.repository';
import { DEFAULT_QUORUM_POLICY, DEFAULT_VOTING_POLICY } from './domain';

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
    private readonly boardRepository: BoardRepository,
    private readonly users: UserLookup,
    private readonly clock: Clock,
  ) {}

  /** Any signed-in clinician may found a board; they become its coordinator. */
  async create(user: AuthenticatedUser, input: BoardInput): Promise<BoardView> {
    return this.uow.run(async () => {
      const board = await this.boardRepository.insert({
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
      await this.boardRepository.insertMember({
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
    if (ids !== null && ids.length === 0) return [];
    const boards = await this.boardRepository.listByName(ids);
    const roles = await this.boardRepository.membershipsOfUser(user.id);
    const roleOf = new Map(roles.map((row) => [row.boardId, row.role]));
    return boards.map((board) => toBoardView(board, roleOf.get(board.id) ?? null));
  }

  async get(user: AuthenticatedUser, boardId: string): Promise<BoardView> {
    const actor = await this.access.requireAccess(user, boardId, BoardAction.View);
    return toBoardView(actor.board, actor.role);
  }

  async update(
    user: AuthenticatedUser,
    boardId: string,
    changes: Partial<BoardInput>,
  ): Promise<BoardView> {
    return this.uow.run(async () => {
      const actor = await this.access.requireAccess(user, boardId, BoardAction.Manage);
      const board = await this.boardRepository.lock(boardId);
      if (!board) throw new NotFound('board', boardId);
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
      const saved = await this.boardRepository.save(next);
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
    await this.access.requireAccess(user, boardId, BoardAction.View);
    return this.memberViews(boardId);
  }

  async addMember(
    user: AuthenticatedUser,
    boardId: string,
    input: { userId: string; role: BoardRole; votingRight?: boolean },
  ): Promise<BoardMemberView> {
    return this.uow.run(async () => {
      await this.lockBoard(boardId, user);
      const person = await this.users.summary(input.userId);
      if (!person || person.status === UserStatus.Disabled)
        throw new NotFound('user', input.userId);
      this.assertVotingRightAllowed(input.role, input.votingRight);
      const existing = await this.boardRepository.membership(boardId, input.userId);
      if (existing) throw new Conflict(`${person.displayName} is already a member of this board`);
      await this.boardRepository.insertMember({
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
      return this.memberView(boardId, input.userId);
    });
  }

  async updateMember(
    user: AuthenticatedUser,
    boardId: string,
    userId: string,
    changes: { role?: BoardRole; votingRight?: boolean },
  ): Promise<BoardMemberView> {
    return this.uow.run(async () => {
      await this.lockBoard(boardId, user);
      const member = await this.boardRepository.membership(boardId, userId);
      if (!member) throw new NotFound('board member', userId);
      const role = changes.role ?? member.role;
      this.assertVotingRightAllowed(role, changes.votingRight);
      if (member.role === BoardRole.Coordinator && role !== BoardRole.Coordinator) {
        await this.assertAnotherCoordinator(boardId, userId);
      }
      const votingRight =
        changes.votingRight !== undefined || changes.role !== undefined
          ? effectiveVotingRight(
              role,
              changes.votingRight ?? (changes.role ? undefined : member.votingRight),
            )
          : member.votingRight;
      await this.boardRepository.updateMember(boardId, userId, { role, votingRight });
      await this.events.publish({
        type: 'domain',
        action: 'board.member_updated',
        targetType: 'board',
        targetId: boardId,
        details: { userId, role, votingRight },
      });
      return this.memberView(boardId, userId);
    });
  }

  async removeMember(user: AuthenticatedUser, boardId: string, userId: string): Promise<void> {
    await this.uow.run(async () => {
      await this.lockBoard(boardId, user);
      const member = await this.boardRepository.membership(boardId, userId);
      if (!member) throw new NotFound('board member', userId);
      if (member.role === BoardRole.Coordinator)
        await this.assertAnotherCoordinator(boardId, userId);
      await this.boardRepository.deleteMember(boardId, userId);
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
  private async lockBoard(boardId: string, user: AuthenticatedUser): Promise<BoardActor> {
    const actor = await this.access.requireAccess(user, boardId, BoardAction.Manage);
    await this.boardRepository.lock(boardId);
    return actor;
  }

  private async assertAnotherCoordinator(boardId: string, leavingUserId: string): Promise<void> {
    const coordinators = await this.boardRepository.countCoordinators(boardId);
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

  private async memberView(boardId: string, userId: string): Promise<BoardMemberView> {
    const [view] = await this.memberViews(boardId, userId);
    if (!view) throw new NotFound('board member', userId);
    return view;
  }

  /** The board's members (or the one given) with who they are, by display name. */
  private async memberViews(boardId: string, userId?: string): Promise<BoardMemberView[]> {
    const members = await this.boardRepository.members(boardId, userId);
    const memberOf = new Map(members.map((member) => [member.userId, member]));
    const people = await this.users.summaries([...memberOf.keys()]);
    return people.flatMap((person) => {
      const member = memberOf.get(person.id);
      if (!member) return [];
      return [
        {
          userId: member.userId,
          displayName: person.displayName,
          email: person.email,
          specialty: person.specialty,
          institution: person.institution,
          role: member.role,
          votingRight: member.votingRight,
          addedAt: member.addedAt.toISOString(),
        },
      ];
    });
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
