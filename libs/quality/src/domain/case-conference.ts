import { CaseFirstTreatment, RecommendationContent, Specialty } from '@app/contracts';
import { MeetingAttendanceRecord, PresentedCaseRecord, isProspective } from './metrics';

/** A meeting that took place, dated by its start. */
export interface HeldMeeting {
  id: string;
  startsAt: Date;
}

/** A case's item on a meeting's agenda, discussed. */
export interface DiscussedItem {
  id: string;
  meetingId: string;
  caseId: string;
  position: number | null;
}

/** What the case's record says that the case-conference figures look at. */
export interface CaseRecordFacts {
  stagingComplete: boolean;
  firstTreatment: CaseFirstTreatment | null;
}

export interface PresentationsInput {
  meetings: readonly HeldMeeting[];
  items: readonly DiscussedItem[];
  /** By case id. */
  cases: ReadonlyMap<string, CaseRecordFacts>;
  /** By case id: the content of every published version of the case's recommendations. */
  recommendations: ReadonlyMap<string, readonly RecommendationContent[]>;
  /** The board's time zone, which dates a meeting for `isProspective`. */
  timezone: string;
}

/**
 * One presentation per discussed item of the given meetings, dated by the meeting's start, in the
 * order of the meetings' starts, then the agenda's (position, then id): staging complete on the
 * case, discussed before its first treatment (see `isProspective`), and a guideline cited or a
 * clinical trial discussed (a referral, or the clinical trial modality) in any published version
 * of its recommendation. An item of a meeting or a case not given is left out.
 */
export function presentedCases(input: PresentationsInput): PresentedCaseRecord[] {
  const meetings = new Map(input.meetings.map((meeting) => [meeting.id, meeting]));
  return input.items
    .flatMap((item) => {
      const meeting = meetings.get(item.meetingId);
      const facts = input.cases.get(item.caseId);
      return meeting && facts ? [{ item, meeting, facts }] : [];
    })
    .sort(
      (a, b) =>
        a.meeting.startsAt.getTime() - b.meeting.startsAt.getTime() || agendaOrder(a.item, b.item),
    )
    .map(({ item, meeting, facts }) => {
      const recommendations = input.recommendations.get(item.caseId) ?? [];
      return {
        caseId: item.caseId,
        presentedAt: meeting.startsAt,
        prospective: isProspective(facts.firstTreatment, meeting.startsAt, input.timezone),
        stageDocumented: facts.stagingComplete,
        guidelineCited: recommendations.some(citesGuideline),
        clinicalTrialDiscussed: recommendations.some(discussesTrial),
      };
    });
}

/**
 * Each meeting with the specialties of those recorded as present (each once): `attendees` by
 * meeting id, `specialtyOf` by user id (a user not in it is left out).
 */
export function meetingAttendance(
  meetings: readonly HeldMeeting[],
  attendees: ReadonlyMap<string, readonly string[]>,
  specialtyOf: ReadonlyMap<string, Specialty>,
): MeetingAttendanceRecord[] {
  return meetings.map((meeting) => ({
    meetingId: meeting.id,
    heldAt: meeting.startsAt,
    specialtiesPresent: [
      ...new Set(
        (attendees.get(meeting.id) ?? []).flatMap((userId) => specialtyOf.get(userId) ?? []),
      ),
    ],
  }));
}

/** By position (an item without one last), then id. */
function agendaOrder(a: DiscussedItem, b: DiscussedItem): number {
  if (a.position !== b.position) {
    if (a.position === null) return 1;
    if (b.position === null) return -1;
    return a.position - b.position;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function citesGuideline(content: RecommendationContent): boolean {
  return content.guidelineReferences.length > 0;
}

function discussesTrial(content: RecommendationContent): boolean {
  return (
    content.trialReferrals.length > 0 ||
    content.recommendation.modalities.includes('clinical_trial')
  );
}
