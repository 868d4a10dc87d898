import { Injectable } from '@nestjs/common';
import { OutcomeSubjectType, OutcomeSubjectView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, BoardActor } from '@app/boards';
import { CaseLookup } from '@app/cases';
import { Conflict, NotFound } from '@app/core';
import { SecondOpinionLookup } from '@app/second-opinions';
import { VoteLookup } from '@app/voting';

/** What is followed up: a board recommendation's chain of versions, or a delivered second opinion. */
export interface OutcomeSubject {
  type: OutcomeSubjectType;
  /** A recommendation: its chain's first published version; a second opinion: the request. */
  id: string;
  boardId: string;
  caseId: string | null;
  patientRef: string;
  /** A recommendation's latest published version; null for a second opinion. */
  currentVersionId: string | null;
  /** First publication, or delivery of the written opinion's first version. */
  publishedAt: Date;
}

/**
 * The subjects of outcome follow-ups, read from the contexts that own them: recommendations
 * (voting, with the case's patient reference) and second opinions.
 */
@Injectable()
export class OutcomeSubjects {
  constructor(
    private readonly boards: BoardAccessService,
    private readonly votes: VoteLookup,
    private readonly cases: CaseLookup,
    private readonly secondOpinions: SecondOpinionLookup,
  ) {}

  /** The board's subjects first published or delivered by `publishedBy`. */
  async ofBoard(boardId: string, publishedBy: Date): Promise<OutcomeSubject[]> {
    return [
      ...(await this.subjectsOf('recommendation', boardId, null, publishedBy)),
      ...(await this.subjectsOf('second_opinion', boardId, null, publishedBy)),
    ];
  }

  /**
   * The subject `id` names (for a recommendation, any of its versions), for a member of its board
   * (404 otherwise, as if it did not exist); `authorise` may refuse the member. A recommendation
   * never published or a second opinion not delivered (or whose consent was withdrawn) has no
   * follow-up: 409.
   */
  async require(
    user: AuthenticatedUser,
    type: OutcomeSubjectType,
    id: string,
    authorise?: (actor: BoardActor) => void,
  ): Promise<OutcomeSubject> {
    const what = type === 'recommendation' ? 'recommendation' : 'second opinion';
    const owner =
      type === 'recommendation'
        ? await this.recommendationOwner(id)
        : await this.secondOpinions.ownerOf(id);
    if (!owner) throw new NotFound(what, id);
    const actor = await this.boards.requireAccess(user, owner.boardId, BoardAction.View, {
      kind: what,
      id,
    });
    authorise?.(actor);
    if (owner.consentWithdrawn)
      throw new Conflict('consent has been withdrawn: outcomes are no longer followed up');
    const [found] = await this.subjectsOf(type, owner.boardId, id, null);
    if (!found)
      throw new Conflict(
        type === 'recommendation'
          ? 'no version of this recommendation is published yet'
          : 'the second opinion has not been delivered yet',
      );
    return found;
  }

  private async recommendationOwner(
    id: string,
  ): Promise<{ boardId: string; consentWithdrawn: false } | null> {
    const boardId = await this.votes.boardOfRecommendation(id);
    return boardId === null ? null : { boardId, consentWithdrawn: false };
  }

  private async subjectsOf(
    type: OutcomeSubjectType,
    boardId: string,
    id: string | null,
    publishedBy: Date | null,
  ): Promise<OutcomeSubject[]> {
    if (type === 'second_opinion') {
      const delivered = await this.secondOpinions.delivered(boardId, {
        requestId: id,
        deliveredBy: publishedBy,
      });
      return delivered.map((opinion) => ({
        type,
        id: opinion.requestId,
        boardId: opinion.boardId,
        caseId: opinion.caseId,
        patientRef: opinion.patientRef,
        currentVersionId: null,
        publishedAt: opinion.deliveredAt,
      }));
    }
    const chains = await this.votes.publishedChains(boardId, { versionId: id, publishedBy });
    const patientRefs = new Map(
      (await this.cases.clinicalCases(chains.map((chain) => chain.caseId))).map((clinicalCase) => [
        clinicalCase.id,
        clinicalCase.patientRef,
      ]),
    );
    return chains.flatMap((chain) => {
      const patientRef = patientRefs.get(chain.caseId);
      return patientRef === undefined ? [] : [{ type, ...chain, patientRef }];
    });
  }
}

export function toSubjectView(subject: OutcomeSubject): OutcomeSubjectView {
  return {
    type: subject.type,
    id: subject.id,
    boardId: subject.boardId,
    caseId: subject.caseId,
    patientRef: subject.patientRef,
    currentVersionId: subject.currentVersionId,
    publishedAt: subject.publishedAt.toISOString(),
  };
}
