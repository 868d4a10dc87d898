import { Injectable } from '@nestjs/common';
import { BoardRole, ProposedRecommendation, VoteOptionView } from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardAccessService, BoardAction, BoardActor, BoardLookup } from '@app/boards';
import { CaseLookup, CaseStatus, CasesService } from '@app/cases';
import { Conflict, DomainEventBus, Forbidden, NotFound, newId } from '@app/core';
import { VotingMembership, eligibleVoters } from './domain';
import { VOTE_EVENTS } from './vote-events';
import { VoteRepository } from './vote.repository';

/** A vote to open on a case, live in a meeting or by a named panel. */
export interface VoteOpening {
  caseId: string;
  question: string;
  options: ProposedRecommendation[];
  mode: 'live' | 'async';
  meetingId: string | null;
  agendaItemId: string | null;
  deadline: Date | null;
  attendance: { presentUserIds: string[] } | { namedPanel: string[] };
  openedAt: Date;
}

const OPENERS = new Set<BoardRole | null>([
  BoardRole.Chair,
  BoardRole.Presenter,
  BoardRole.Coordinator,
]);

/**
 * Opens a vote: the chair, the presenter or a coordinator opens it on a case that is not
 * withdrawn; the eligible voters are fixed then (voting members present or named, without a
 * conflict), with the board's voting and quorum policies as they are at that moment.
 */
@Injectable()
export class VoteOpener {
  constructor(
    private readonly votes: VoteRepository,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly boardLookup: BoardLookup,
    private readonly users: UserLookup,
    private readonly cases: CasesService,
    private readonly caseLookup: CaseLookup,
  ) {}

  /** Opens the vote in the caller's transaction (call it inside `uow.run`); returns its id. */
  async open(user: AuthenticatedUser, opening: VoteOpening): Promise<string> {
    const { actor, boardId } = await this.openingActor(user, opening.caseId);
    const members = await this.votingMembers(boardId);
    const conflictedUserIds = await this.cases.conflictedUserIds(opening.caseId);
    const { eligible } = eligibleVoters({ members, conflictedUserIds, ...opening.attendance });
    if (eligible.length === 0)
      throw new Conflict('nobody is eligible to vote: no voting member present without a conflict');
    const id = newId();
    const options: VoteOptionView[] = opening.options.map((option) => ({ id: newId(), ...option }));
    const chair = members.find((member) => member.role === BoardRole.Chair) ?? null;
    const round = await this.votes.nextRound(opening.caseId);
    const inserted = await this.votes.insert({
      id,
      caseId: opening.caseId,
      boardId,
      meetingId: opening.meetingId,
      agendaItemId: opening.agendaItemId,
      round,
      mode: opening.mode,
      question: opening.question,
      options,
      policy: actor.board.votingPolicy,
      minVotingMembers: actor.board.quorumPolicy.minVotingMembers,
      chairId: chair?.userId ?? null,
      deadline: opening.deadline,
      openedBy: user.id,
      openedAt: opening.openedAt,
    });
    if (!inserted) throw new Conflict('a vote is already open on this case');
    await this.votes.addVoters(id, eligible);
    await this.events.publish({
      type: 'domain',
      action: 'vote.opened',
      targetType: 'case',
      targetId: opening.caseId,
      details: {
        voteId: id,
        round,
        mode: opening.mode,
        meetingId: opening.meetingId,
        deadline: opening.deadline?.toISOString() ?? null,
        options: options.map((o) => ({ id: o.id, text: o.text })),
        eligible: eligible.map((v) => v.userId),
      },
    });
    await this.events.publishTo(VOTE_EVENTS, {
      type: 'opened',
      voteId: id,
      meetingId: opening.meetingId,
      announcement:
        opening.meetingId === null
          ? null
          : {
              voteId: id,
              meetingId: opening.meetingId,
              caseId: opening.caseId,
              round,
              question: opening.question,
              options,
              blind: actor.board.votingPolicy.blindUntilClose,
              eligibleCount: eligible.length,
            },
    });
    return id;
  }

  private async openingActor(
    user: AuthenticatedUser,
    caseId: string,
  ): Promise<{ actor: BoardActor; boardId: string }> {
    const found = await this.caseLookup.clinicalCase(caseId);
    if (!found) throw new NotFound('case', caseId);
    const actor = await this.boards.requireAccess(user, found.boardId, BoardAction.View, {
      kind: 'case',
      id: caseId,
    });
    if (!actor.isAdmin && !OPENERS.has(actor.role))
      throw new Forbidden('only the chair, the presenter or a coordinator opens a vote');
    if (found.status === CaseStatus.Withdrawn) throw new Conflict('the case has been withdrawn');
    return { actor, boardId: found.boardId };
  }

  /** The board's members with their role, voting right and specialty. */
  private async votingMembers(boardId: string): Promise<VotingMembership[]> {
    const memberships = await this.boardLookup.members(boardId);
    const users = await this.users.summaries(memberships.map((m) => m.userId));
    const specialtyOf = new Map(users.map((u) => [u.id, u.specialty]));
    return memberships.flatMap((m) => {
      const specialty = specialtyOf.get(m.userId);
      return specialty
        ? [{ userId: m.userId, specialty, role: m.role, votingRight: m.votingRight }]
        : [];
    });
  }
}
