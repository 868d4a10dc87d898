import { Injectable } from '@nestjs/common';
import { Specialty } from '@app/contracts';
import { UserLookup } from '@app/auth';
import { BoardLookup, MeetingStatus } from '@app/boards';
import { AgendaLookup, CaseLookup, firstTreatmentOf, isStagingComplete } from '@app/cases';
import { AttendanceLookup } from '@app/live';
import { VoteLookup } from '@app/voting';
import {
  CaseRecordFacts,
  MeetingAttendanceRecord,
  PresentedCaseRecord,
  ReportingPeriod,
  meetingAttendance,
  presentedCases,
} from './domain';

/** Meetings that took place: they went live, and may since have ended. */
const HELD_MEETING_STATUSES = [MeetingStatus.Live, MeetingStatus.Ended];

/**
 * A board's case conferences in a period, read from the contexts that own them (meetings, agendas,
 * cases, recommendations, attendance, users) in a fixed number of queries however many meetings
 * and cases there are, and put together by the pure rules of `./domain/case-conference`.
 */
@Injectable()
export class CaseConferenceRecords {
  constructor(
    private readonly boards: BoardLookup,
    private readonly agenda: AgendaLookup,
    private readonly cases: CaseLookup,
    private readonly votes: VoteLookup,
    private readonly attendance: AttendanceLookup,
    private readonly users: UserLookup,
  ) {}

  /**
   * The meetings held in the period (by their start) with the specialties present, and the cases
   * discussed at them; `timezone` (the board's) dates a meeting against a first treatment.
   */
  async of(
    boardId: string,
    timezone: string,
    period: ReportingPeriod,
  ): Promise<{ cases: PresentedCaseRecord[]; meetings: MeetingAttendanceRecord[] }> {
    const meetings = await this.boards.meetingsStartingBetween(
      boardId,
      HELD_MEETING_STATUSES,
      period.from,
      period.to,
    );
    const meetingIds = meetings.map((meeting) => meeting.id);
    const items = await this.agenda.discussedOn(meetingIds);
    const caseIds = [...new Set(items.map((item) => item.caseId))];
    const cases = new Map<string, CaseRecordFacts>(
      (await this.cases.clinicalCases(caseIds)).map((clinicalCase) => [
        clinicalCase.id,
        {
          stagingComplete: isStagingComplete(clinicalCase.staging),
          firstTreatment: firstTreatmentOf(clinicalCase),
        },
      ]),
    );
    const recommendations = await this.votes.publishedContentsByCase(caseIds);
    const attendees = await this.attendance.attendeeIdsOfMeetings(meetingIds);
    const specialtyOf = new Map<string, Specialty>(
      (await this.users.summaries([...attendees.values()].flat())).map((user) => [
        user.id,
        user.specialty,
      ]),
    );
    return {
      cases: presentedCases({ meetings, items, cases, recommendations, timezone }),
      meetings: meetingAttendance(meetings, attendees, specialtyOf),
    };
  }
}
