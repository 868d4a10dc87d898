import { Injectable } from '@nestjs/common';
import { RecommendationReport, RecommendationView } from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardActor, BoardLookup } from '@app/boards';
import { CasesService } from '@app/cases';
import { buildFhirBundle, renderRecommendationPdf } from '@app/reports';
import { AgendaAttendance } from './agenda-attendance';
import { VoteRepository, VoteRow } from './vote.repository';

/** A published version's documents, stored with it. */
export interface RecommendationDocuments {
  report: RecommendationReport;
  pdf: Buffer;
  fhir: object;
}

/**
 * The documents of record generated when a recommendation is published: the report's inputs
 * gathered from the case, the vote, its meeting and the people who took part, rendered as the PDF
 * report and the FHIR R4 document bundle.
 */
@Injectable()
export class RecommendationReportService {
  constructor(
    private readonly votes: VoteRepository,
    private readonly cases: CasesService,
    private readonly boards: BoardLookup,
    private readonly users: UserLookup,
    private readonly attendance: AgendaAttendance,
  ) {}

  /** The PDF report and FHIR bundle of `recommendation`, as generated at `generatedAt`. */
  async documents(
    user: AuthenticatedUser,
    actor: BoardActor,
    recommendation: RecommendationView,
    generatedAt: Date,
  ): Promise<RecommendationDocuments> {
    const report = await this.report(user, actor, recommendation, generatedAt);
    const pdf = await renderRecommendationPdf(report);
    return { report, pdf, fhir: buildFhirBundle(report) };
  }

  private async report(
    user: AuthenticatedUser,
    actor: BoardActor,
    recommendation: RecommendationView,
    generatedAt: Date,
  ): Promise<RecommendationReport> {
    const detail = await this.cases.detail(user, recommendation.caseId);
    const vote = recommendation.voteId ? await this.votes.find(recommendation.voteId) : null;
    const meeting = vote?.meeting_id ? await this.boards.meeting(vote.meeting_id) : null;
    return {
      recommendation,
      board: { id: actor.board.id, name: actor.board.name, institution: actor.board.institution },
      meeting: meeting
        ? {
            id: meeting.id,
            title: meeting.title,
            startsAt: new Date(meeting.startsAt).toISOString(),
            timezone: actor.board.timezone,
          }
        : null,
      participants: await this.participants(recommendation.boardId, vote),
      patient: { reference: detail.patientRef, birthYear: detail.birthYear, sex: detail.sex },
      case: {
        id: detail.id,
        diagnosis: detail.diagnosis,
        staging: detail.staging,
        biomarkers: detail.biomarkers,
        ecog: detail.ecog,
        question: detail.question,
        clinicalSummary: detail.clinicalSummary,
      },
      options: vote?.options ?? [],
      generatedAt: generatedAt.toISOString(),
    };
  }

  /** The board's members who voted or attended the case's discussion, by name. */
  private async participants(
    boardId: string,
    vote: VoteRow | null,
  ): Promise<RecommendationReport['participants']> {
    const voterIds = vote ? (await this.votes.voters(vote.id)).map((v) => v.user_id) : [];
    const attendeeIds = vote?.agenda_item_id
      ? await this.attendance.attendeeIdsOf(vote.agenda_item_id)
      : [];
    const members = await this.boards.memberships(boardId, [...voterIds, ...attendeeIds]);
    const roleOf = new Map(members.map((member) => [member.userId, member.role]));
    const users = await this.users.summaries([...roleOf.keys()]);
    return users.flatMap((u) => {
      const role = roleOf.get(u.id);
      return role
        ? [{ userId: u.id, displayName: u.displayName, specialty: u.specialty, role }]
        : [];
    });
  }
}
