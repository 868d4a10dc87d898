import { Injectable } from '@nestjs/common';
import {
  BoardRole,
  HomeCaseView,
  HomeMeetingView,
  HomeNotReadyView,
  HomeView,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import {
  BoardAccessService,
  BoardLookup,
  BoardMembership,
  Meeting,
  toMeetingView,
} from '@app/boards';
import { Clock } from '@app/core';
import { AgendaLookup, MEETING_GRACE_MS, toMeetingRef } from './agenda-lookup';
import { ClinicalCase } from './clinical-case.entity';
import { ClinicalCaseRepository } from './clinical-case.repository';
import { CaseStatus, ReadinessResult } from './domain';
import { PreparationService } from './preparation.service';
import { ReadinessService } from './readiness.service';

/** Cases still on their way to the board. */
const OPEN_CASES = [CaseStatus.Draft, CaseStatus.Ready, CaseStatus.Scheduled, CaseStatus.Deferred];
const NEXT_MEETINGS = 10;
const MY_CASES_LIMIT = 200;
/** Cases looked at per home page for coordinators (before readiness sorts out the ready ones). */
const CANDIDATES_LIMIT = 500;
/** How many of one's open preparation requests the home page lists (all are counted). */
const FIRST_PREPARATION_REQUESTS = 5;

/**
 * The caller's home page across all their boards, in a fixed number of queries however many
 * boards, meetings and cases they have: memberships, coming meetings and their agenda sizes,
 * the cases they present, the cases coordinators must chase before their next meeting, bulk
 * readiness, and the open preparation requests asked of them.
 */
@Injectable()
export class HomeService {
  constructor(
    private readonly boards: BoardAccessService,
    private readonly boardLookup: BoardLookup,
    private readonly caseRepository: ClinicalCaseRepository,
    private readonly agendas: AgendaLookup,
    private readonly readiness: ReadinessService,
    private readonly preparation: PreparationService,
    private readonly clock: Clock,
  ) {}

  async home(user: AuthenticatedUser): Promise<HomeView> {
    const since = new Date(this.clock.now().getTime() - MEETING_GRACE_MS);
    // Membership, not the platform role: an administrator who belongs to no board has no home.
    const memberships = await this.boards.membershipsOf(user.id);
    const boardOf = new Map(memberships.map((m) => [m.boardId, m]));
    const nextMeetings = await this.nextMeetings(memberships, since);
    const working = memberships.filter((m) => m.role !== BoardRole.Observer);
    if (working.length === 0) {
      return {
        nextMeetings,
        myCases: [],
        waitingOnMe: {
          missingRecords: [],
          notReadyForNextMeeting: [],
          preparationRequests: { open: 0, first: [] },
        },
      };
    }

    const mine = await this.caseRepository.presentedBy(
      user.id,
      working.map((m) => m.boardId),
      OPEN_CASES,
      MY_CASES_LIMIT,
    );
    const coordinated = working.filter((m) => m.role === BoardRole.Coordinator);
    const { candidates, meetingOf, onAgenda } = await this.dueForNextMeeting(coordinated, since);

    const readiness = await this.readiness.evaluateMany(uniqueCases([...mine, ...candidates]));
    const next = await this.agendas.nextMeetingOfCases(
      mine.map((c) => c.id),
      since,
      new Map(working.map((m) => [m.boardId, m.timezone])),
    );
    const preparation = await this.preparation.openWorklist(
      user.id,
      working,
      FIRST_PREPARATION_REQUESTS,
    );

    const resultOf = (c: ClinicalCase): ReadinessResult => readiness.get(c.id)!;
    const myCases = mine.map((c): HomeCaseView => ({
      caseId: c.id,
      boardId: c.boardId,
      boardName: boardOf.get(c.boardId)?.boardName ?? '',
      patientRef: c.patientRef,
      status: c.status,
      priority: c.priority,
      dueDate: c.dueDate,
      primarySite: c.diagnosis?.primarySite ?? null,
      readiness: { ready: resultOf(c).ready, missing: resultOf(c).missing },
      nextMeeting: next.get(c.id) ?? null,
    }));
    const notReady = candidates
      .filter((c) => !resultOf(c).ready)
      .map((c): HomeNotReadyView => {
        const meeting = meetingOf.get(c.boardId)!;
        return {
          caseId: c.id,
          boardId: c.boardId,
          boardName: boardOf.get(c.boardId)?.boardName ?? '',
          patientRef: c.patientRef,
          status: c.status,
          dueDate: c.dueDate,
          presenterId: c.presenterId,
          missing: resultOf(c).missing,
          meeting: toMeetingRef(meeting, boardOf.get(c.boardId)!.timezone),
          onAgenda: onAgenda.has(c.id),
        };
      })
      .sort(
        (a, b) =>
          compare(a.meeting.startsAt, b.meeting.startsAt) ||
          compare(a.dueDate ?? '9999-12-31', b.dueDate ?? '9999-12-31') ||
          compare(a.patientRef, b.patientRef),
      );
    return {
      nextMeetings,
      myCases,
      waitingOnMe: {
        missingRecords: myCases
          .filter((c) => !c.readiness.ready)
          .map((c) => ({
            caseId: c.caseId,
            boardId: c.boardId,
            patientRef: c.patientRef,
            dueDate: c.dueDate,
            missing: c.readiness.missing,
          })),
        notReadyForNextMeeting: notReady,
        preparationRequests: { open: preparation.total, first: preparation.items },
      },
    };
  }

  /** The next meetings across all the caller's boards, observers' included, with agenda sizes. */
  private async nextMeetings(
    memberships: BoardMembership[],
    since: Date,
  ): Promise<HomeMeetingView[]> {
    const boardOf = new Map(memberships.map((m) => [m.boardId, m]));
    const meetings = await this.boardLookup.upcomingMeetingsOfBoards(
      [...boardOf.keys()],
      since,
      NEXT_MEETINGS,
    );
    const agendas = await this.agendas.casesOn(meetings.map((m) => m.id));
    return meetings.map((meeting): HomeMeetingView => {
      const board = boardOf.get(meeting.boardId)!;
      return {
        id: meeting.id,
        boardId: meeting.boardId,
        boardName: board.boardName,
        timezone: board.timezone,
        title: meeting.title,
        startsAt: meeting.startsAt.toISOString(),
        endsAt: meeting.endsAt.toISOString(),
        localStart: toMeetingView(meeting, board.timezone).localStart,
        durationMinutes: Math.round(
          (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000,
        ),
        status: meeting.status as HomeMeetingView['status'],
        myRole: board.role,
        agendaItems: agendas.get(meeting.id)?.length ?? 0,
      };
    });
  }

  /**
   * On boards the caller coordinates: the open cases that are on the board's next meeting's
   * agenda, or due on or before that meeting's day (in the board's timezone).
   */
  private async dueForNextMeeting(
    coordinated: BoardMembership[],
    since: Date,
  ): Promise<{
    candidates: ClinicalCase[];
    meetingOf: Map<string, Meeting>;
    onAgenda: Set<string>;
  }> {
    const meetingOf = new Map<string, Meeting>();
    const onAgenda = new Set<string>();
    if (coordinated.length === 0) return { candidates: [], meetingOf, onAgenda };
    const meetings = await this.boardLookup.nextMeetingOfBoards(
      coordinated.map((m) => m.boardId),
      since,
    );
    if (meetings.length === 0) return { candidates: [], meetingOf, onAgenda };
    for (const meeting of meetings) meetingOf.set(meeting.boardId, meeting);
    const agendas = await this.agendas.casesOn(meetings.map((m) => m.id));
    for (const caseIds of agendas.values()) caseIds.forEach((id) => onAgenda.add(id));
    const zoneOf = new Map(coordinated.map((m) => [m.boardId, m.timezone]));
    const candidates = await this.caseRepository.dueByOrAmong(
      OPEN_CASES,
      meetings.map((meeting) => ({
        boardId: meeting.boardId,
        day: toMeetingView(meeting, zoneOf.get(meeting.boardId)!).localStart.slice(0, 10),
      })),
      [...onAgenda],
      CANDIDATES_LIMIT,
    );
    return { candidates, meetingOf, onAgenda };
  }
}

function uniqueCases(cases: ClinicalCase[]): ClinicalCase[] {
  return [...new Map(cases.map((c) => [c.id, c])).values()];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
