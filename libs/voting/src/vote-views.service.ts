import { Injectable } from '@nestjs/common';
import { BallotView, MinorityOpinionView, VoteView } from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { CaseLookup } from '@app/cases';
import { NotFound } from '@app/core';
import { effectiveBallots } from './domain';
import { MinorityOpinionRow, VoteRepository, VoterRow } from './vote.repository';
import { tallyVote, toTallyView } from './vote-tally';

/**
 * Votes as their readers may see them. While a blind vote is open nobody, the chair included,
 * sees ballots or a running tally: only how many arrived, and their own ballot.
 */
@Injectable()
export class VoteViewsService {
  constructor(
    private readonly votes: VoteRepository,
    private readonly boards: BoardAccessService,
    private readonly cases: CaseLookup,
    private readonly users: UserLookup,
  ) {}

  /** A vote as the caller may see it; one on a board they are not on is "not found". */
  async view(user: AuthenticatedUser, voteId: string): Promise<VoteView> {
    const vote = await this.votes.find(voteId);
    if (!vote) throw new NotFound('vote', voteId);
    await this.boards.requireAccess(user, vote.board_id, BoardAction.View, {
      kind: 'vote',
      id: voteId,
    });
    const voters = await this.votes.voters(voteId);
    const names = await this.namesOf(voters);
    const specialtyOf = new Map(voters.map((v) => [v.user_id, v.specialty]));
    const history = await this.votes.ballots(voteId, true);
    const effective = effectiveBallots(history);
    const mine = effective.find((b) => b.voterId === user.id) ?? null;
    const revealed = vote.status === 'closed' || !vote.policy.blindUntilClose;
    return {
      id: vote.id,
      caseId: vote.case_id,
      boardId: vote.board_id,
      meetingId: vote.meeting_id,
      round: vote.round,
      mode: vote.mode,
      status: vote.status,
      question: vote.question,
      options: vote.options,
      blind: vote.policy.blindUntilClose,
      deadline: vote.deadline?.toISOString() ?? null,
      openedBy: vote.opened_by,
      openedAt: vote.opened_at.toISOString(),
      closedAt: vote.closed_at?.toISOString() ?? null,
      closeReason: vote.close_reason,
      externalReferral: vote.external_referral,
      // By name: `names` is in display-name order.
      eligible: [...names].map(([userId, displayName]) => ({
        userId,
        displayName,
        specialty: specialtyOf.get(userId)!,
      })),
      ballotsReceived: effective.length,
      myBallot: mine && {
        optionId: mine.optionId,
        comment: mine.comment ?? null,
        castAt: mine.castAt,
      },
      results: revealed
        ? {
            outcome: vote.result?.outcome ?? null,
            tally: vote.result?.tally ?? toTallyView(tallyVote(vote, effective, voters)),
            ballots: effective.map((b): BallotView => ({
              voterId: b.voterId,
              displayName: names.get(b.voterId) ?? '',
              specialty: b.specialty,
              optionId: b.optionId,
              comment: b.comment ?? null,
              castAt: b.castAt,
              changes: history.filter((h) => h.voterId === b.voterId).length - 1,
            })),
            minorityOpinions: toMinorityOpinionViews(
              await this.votes.minorityOpinions(voteId),
              names,
            ),
          }
        : null,
    };
  }

  /** The case's votes, round by round; a case on a board the caller is not on is "not found". */
  async forCase(user: AuthenticatedUser, caseId: string): Promise<VoteView[]> {
    const ids = await this.votes.idsOfCase(caseId);
    const found = await this.cases.clinicalCase(caseId);
    if (!found) throw new NotFound('case', caseId);
    await this.boards.requireAccess(user, found.boardId, BoardAction.View, {
      kind: 'case',
      id: caseId,
    });
    const views: VoteView[] = [];
    for (const id of ids) views.push(await this.view(user, id));
    return views;
  }

  /** The vote's minority opinions in the order recorded (for the recommendation's decision). */
  async minorityOpinions(voteId: string): Promise<MinorityOpinionView[]> {
    const rows = await this.votes.minorityOpinions(voteId);
    const names = await this.namesOf(rows);
    return toMinorityOpinionViews(rows, names);
  }

  /** Display names by user id, in display-name order. */
  private async namesOf(rows: Array<Pick<VoterRow, 'user_id'>>): Promise<Map<string, string>> {
    const users = await this.users.summaries(rows.map((row) => row.user_id));
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
}

function toMinorityOpinionViews(
  rows: MinorityOpinionRow[],
  names: ReadonlyMap<string, string>,
): MinorityOpinionView[] {
  return rows.map((row) => ({
    userId: row.user_id,
    displayName: names.get(row.user_id) ?? '',
    specialty: row.specialty,
    text: row.text,
    recordedAt: row.recorded_at.toISOString(),
  }));
}
