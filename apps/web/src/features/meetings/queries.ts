import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { MeetingSeriesView, MeetingView, Schemas } from '../../api/types';

/**
 * Meeting queries. A board's lists live under the board's key (so a change to the board refreshes
 * them); one meeting under ['meetings', id], its agenda beneath it.
 */
export const meetingKeys = {
  ofBoard: (boardId: string) => ['boards', boardId, 'meetings'] as const,
  upcoming: (boardId: string, from: string) =>
    ['boards', boardId, 'meetings', 'upcoming', from] as const,
  past: (boardId: string, from: string, to: string) =>
    ['boards', boardId, 'meetings', 'past', from, to] as const,
  meeting: (meetingId: string) => ['meetings', meetingId] as const,
  agenda: (meetingId: string) => ['meetings', meetingId, 'agenda'] as const,
  feeds: ['users', 'me', 'calendar-feeds'] as const,
};

const DAY_MS = 86_400_000;

/** "Now", fixed for the life of the screen (to the minute) so the query key stays stable. */
function useNow(): Date {
  const [now] = useState(() => {
    const date = new Date();
    date.setSeconds(0, 0);
    return date;
  });
  return now;
}

/** Meetings still to come or under way (ends after now), cancelled ones included. */
export function useUpcomingMeetings(boardId: string) {
  const api = useApi();
  const from = useNow().toISOString();
  return useQuery({
    queryKey: meetingKeys.upcoming(boardId, from),
    queryFn: () =>
      data(
        api.GET('/api/v1/boards/{boardId}/meetings', {
          params: { path: { boardId }, query: { from, includeCancelled: true } },
        }),
      ),
  });
}

/** The past year of meetings, most recent first; only fetched once asked for. */
export function usePastMeetings(boardId: string, enabled: boolean) {
  const api = useApi();
  const now = useNow();
  const to = now.toISOString();
  const from = new Date(now.getTime() - 365 * DAY_MS).toISOString();
  return useQuery({
    queryKey: meetingKeys.past(boardId, from, to),
    enabled,
    queryFn: async () => {
      const meetings = await data(
        api.GET('/api/v1/boards/{boardId}/meetings', {
          params: { path: { boardId }, query: { from, to, includeCancelled: true } },
        }),
      );
      // The list is every meeting overlapping the range; keep those that have ended by now.
      return meetings.filter((meeting) => Date.parse(meeting.endsAt) <= now.getTime()).reverse();
    },
  });
}

export function useMeetingQuery(meetingId: string) {
  const api = useApi();
  return useQuery({
    queryKey: meetingKeys.meeting(meetingId),
    queryFn: () =>
      data(api.GET('/api/v1/meetings/{meetingId}', { params: { path: { meetingId } } })),
  });
}

/** The meeting's agenda (its cases), as the agenda screen reads it. */
export function useMeetingAgenda(meetingId: string) {
  const api = useApi();
  return useQuery({
    queryKey: meetingKeys.agenda(meetingId),
    queryFn: () =>
      data(api.GET('/api/v1/meetings/{meetingId}/agenda', { params: { path: { meetingId } } })),
  });
}

/**
 * A meeting the server has changed: kept as it now stands, and the board's lists refetched
 * (with whatever else its change affects).
 */
async function meetingChanged(
  queryClient: QueryClient,
  meeting: MeetingView,
  alsoRefetch: ReadonlyArray<readonly unknown[]> = [],
) {
  queryClient.setQueryData(meetingKeys.meeting(meeting.id), meeting);
  await Promise.all(
    [...alsoRefetch, meetingKeys.ofBoard(meeting.boardId)].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
}

/** Schedules one meeting or a series on the board; `onScheduled` once the lists are refetched. */
export function useScheduleMeeting(
  boardId: string,
  onScheduled: (series: MeetingSeriesView) => void,
) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ScheduleMeetingDto']) =>
      data(api.POST('/api/v1/boards/{boardId}/meetings', { params: { path: { boardId } }, body })),
    onSuccess: async (series) => {
      await queryClient.invalidateQueries({ queryKey: meetingKeys.ofBoard(boardId) });
      onScheduled(series);
    },
  });
}

/** Moves one meeting or changes its length. */
export function useMoveMeeting(meetingId: string, onMoved: (moved: MeetingView) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { startLocal?: string; durationMinutes?: number }) =>
      data(api.PATCH('/api/v1/meetings/{meetingId}', { params: { path: { meetingId } }, body })),
    onSuccess: async (moved) => {
      // The agenda measures its time against the meeting's length.
      await meetingChanged(queryClient, moved, [meetingKeys.agenda(moved.id)]);
      onMoved(moved);
    },
  });
}

/** Cancels one meeting, with the reason members will see. */
export function useCancelMeeting(meetingId: string, onCancelled: (cancelled: MeetingView) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      data(
        api.POST('/api/v1/meetings/{meetingId}/cancel', {
          params: { path: { meetingId } },
          body: { reason },
        }),
      ),
    onSuccess: async (cancelled) => {
      await meetingChanged(queryClient, cancelled);
      onCancelled(cancelled);
    },
  });
}
