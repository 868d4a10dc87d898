import { Inject, Injectable } from '@nestjs/common';
import { MyReviewView, TurnaroundClockView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService } from '@app/boards';
import { Clock } from '@app/core';
import { WorklistEntry, orderWorklist, turnaroundClockView } from './domain';
import { SecondOpinionArbitrationRepository } from './second-opinion-arbitration.repository';
import {
  SecondOpinionRequestRepository,
  SecondOpinionRequestRow,
} from './second-opinion-request.repository';
import { SecondOpinionReviewRepository } from './second-opinion-review.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';

/** The caller's part in a request of their worklist: as a reviewer, or as its arbiter. */
interface ReviewPart {
  role: MyReviewView['role'];
  attestation: MyReviewView['attestation'];
  assignedAt: Date;
  submittedAt: Date | null;
  /** A reviewer's concordance classified, an arbiter's decision made. */
  completedAt: Date | null;
}

/** A reviewer's or arbiter's worklist: the requests waiting on them, and what they finished. */
@Injectable()
export class ReviewerWorklistService {
  constructor(
    private readonly requests: SecondOpinionRequestRepository,
    private readonly reviews: SecondOpinionReviewRepository,
    private readonly arbitrations: SecondOpinionArbitrationRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
    private readonly boards: BoardAccessService,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * The caller's requests as reviewer or arbiter, on the boards they are a member of: open work
   * first, most at risk first, then the latest finished (see `orderWorklist`). Never with the
   * first opinion.
   */
  async mine(user: AuthenticatedUser): Promise<MyReviewView[]> {
    const boardNames = new Map(
      (await this.boards.membershipsOf(user.id)).map((m) => [m.boardId, m.boardName]),
    );
    const reviews = await this.reviews.progressOfUser(user.id);
    const arbitrations = await this.arbitrations.ofUser(user.id);
    const requests = new Map(
      (
        await this.requests.findMany([
          ...new Set([...reviews, ...arbitrations].map((row) => row.request_id)),
        ])
      )
        .filter((request) => boardNames.has(request.board_id))
        .map((request) => [request.id, request]),
    );
    const events = await this.timeline.clockEvents([...requests.keys()]);
    const now = this.clock.now();
    const entry = (
      requestId: string,
      part: ReviewPart,
    ): Array<WorklistEntry & { view: MyReviewView }> => {
      const request = requests.get(requestId);
      if (!request) return [];
      const clock = turnaroundClockView(
        events.get(requestId) ?? [],
        request.priority,
        this.settings.slaTargets,
        now,
      );
      return [
        {
          role: part.role,
          status: request.status,
          attestation: part.attestation,
          receivedAt: new Date(request.received_at),
          assignedAt: part.assignedAt,
          completedAt: part.completedAt,
          clock,
          view: worklistView(request, boardNames.get(request.board_id) ?? '', part, clock),
        },
      ];
    };
    return orderWorklist([
      ...reviews.flatMap((row) =>
        entry(row.request_id, {
          role: 'reviewer',
          attestation: row.attestation,
          assignedAt: new Date(row.assigned_at),
          submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
          completedAt: row.classified_at ? new Date(row.classified_at) : null,
        }),
      ),
      ...arbitrations.flatMap((row) =>
        entry(row.request_id, {
          role: 'arbiter',
          attestation: row.attestation,
          assignedAt: new Date(row.requested_at),
          submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
          completedAt: row.decided_at ? new Date(row.decided_at) : null,
        }),
      ),
    ]).map((ordered) => ordered.view);
  }
}

function worklistView(
  request: SecondOpinionRequestRow,
  boardName: string,
  part: ReviewPart,
  clock: TurnaroundClockView,
): MyReviewView {
  return {
    requestId: request.id,
    boardId: request.board_id,
    boardName,
    role: part.role,
    type: request.type,
    priority: request.priority,
    status: request.status,
    patient: {
      reference: request.patient_ref,
      birthYear: request.patient_birth_year,
      sex: request.patient_sex,
    },
    question: request.question,
    assignedAt: part.assignedAt.toISOString(),
    attestation: part.attestation,
    assessmentSubmittedAt: part.submittedAt?.toISOString() ?? null,
    completedAt: part.completedAt?.toISOString() ?? null,
    clock,
  };
}
