import { useQuery } from '@tanstack/react-query';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { CaseSummaryView } from '../../api/types';

export const agendaKeys = {
  agenda: (meetingId: string) => ['meetings', meetingId, 'agenda'] as const,
  /** Case lists and readiness of a board: refreshed when cases join or leave an agenda. */
  boardCases: (boardId: string) => ['boards', boardId, 'cases'] as const,
  candidates: (boardId: string) => ['boards', boardId, 'cases', 'agenda-candidates'] as const,
  meetingsOfBoard: (boardId: string) => ['boards', boardId, 'meetings'] as const,
  nextMeeting: (boardId: string, after: string) =>
    ['boards', boardId, 'meetings', 'after', after] as const,
};

export function useAgendaQuery(meetingId: string) {
  const api = useApi();
  return useQuery({
    queryKey: agendaKeys.agenda(meetingId),
    queryFn: () =>
      data(api.GET('/api/v1/meetings/{meetingId}/agenda', { params: { path: { meetingId } } })),
  });
}

/** A case that could join an agenda: draft, ready or deferred (not already scheduled elsewhere). */
export interface Candidate {
  summary: CaseSummaryView;
  /** What readiness still lacks; empty when the checklist is met. */
  missing: string[];
  /** Whether the server will want an override reason to add it. */
  needsOverride: boolean;
}

const OPEN_STATUSES = ['ready', 'deferred', 'draft'] as const;

/**
 * The board's cases that can go on an agenda, with their readiness. The case list filters by one
 * status at a time, so it is asked once per open status; what is missing comes from the board's
 * missing-records list (open cases whose checklist is not met) in one call, not one per case.
 */
export function useCandidatesQuery(boardId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: agendaKeys.candidates(boardId),
    enabled,
    queryFn: async (): Promise<Candidate[]> => {
      const [lists, missingRecords] = await Promise.all([
        Promise.all(
          OPEN_STATUSES.map((status) =>
            data(
              api.GET('/api/v1/boards/{boardId}/cases', {
                params: { path: { boardId }, query: { status } },
              }),
            ),
          ),
        ),
        data(
          api.GET('/api/v1/boards/{boardId}/missing-records', { params: { path: { boardId } } }),
        ),
      ]);
      const missingOf = new Map(missingRecords.map((row) => [row.caseId, row.missing]));
      return lists.flat().map((summary) => {
        const missing = missingOf.get(summary.id) ?? [];
        return {
          summary,
          missing,
          needsOverride: missing.length > 0 || summary.status === 'draft',
        };
      });
    },
  });
}

/** The board's next scheduled meeting after this one: where a deferred case goes. */
export function useNextMeetingQuery(
  boardId: string,
  meetingId: string,
  startsAt: string,
  enabled: boolean,
) {
  const api = useApi();
  return useQuery({
    queryKey: agendaKeys.nextMeeting(boardId, meetingId),
    enabled,
    queryFn: async () => {
      const meetings = await data(
        api.GET('/api/v1/boards/{boardId}/meetings', {
          params: { path: { boardId }, query: { from: startsAt } },
        }),
      );
      const start = Date.parse(startsAt);
      return (
        meetings.find(
          (meeting) =>
            meeting.id !== meetingId &&
            meeting.status === 'scheduled' &&
            (Date.parse(meeting.startsAt) > start ||
              (Date.parse(meeting.startsAt) === start && meeting.id > meetingId)),
        ) ?? null
      );
    },
  });
}
