import {
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import { boardKeys } from '../../api/board-queries';
import { data, type Api } from '../../api/client';
import { useApi } from '../../api/context';
import type { Schemas } from '../../api/types';
import type { FollowUpItem } from './followUps';
import type { MonthSlice, Period } from './period';

export type QualityMetricsView = Schemas['QualityMetricsView'];

/** What the dashboard asks the metrics for: a period and the registry's analytic caseload. */
export interface MetricsSelection extends Period {
  analyticCaseload: number;
}

export const qualityKeys = {
  /** Under the board's key: whatever refreshes the board refreshes its worklist. */
  followUps: (boardId: string) => [...boardKeys.board(boardId), 'outcome-follow-ups'] as const,
  /**
   * Not under the board's key: every read of the metrics is audited on the server, so they are
   * read when asked for, not whenever something about the board changes.
   */
  metrics: (boardId: string, selection: MetricsSelection) =>
    ['quality-metrics', boardId, selection] as const,
  recommendation: (versionId: string) => ['quality', 'recommendation', versionId] as const,
  opinion: (requestId: string) => ['quality', 'opinion', requestId] as const,
};

export function useFollowUpsQuery(boardId: string) {
  const api = useApi();
  return useQuery({
    queryKey: qualityKeys.followUps(boardId),
    queryFn: () =>
      data(
        api.GET('/api/v1/boards/{boardId}/outcome-follow-ups', { params: { path: { boardId } } }),
      ),
  });
}

/** The published recommendation's latest version: what the board recommended. */
export function useRecommendationQuery(versionId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: qualityKeys.recommendation(versionId ?? ''),
    queryFn: () =>
      data(api.GET('/api/v1/recommendations/{id}', { params: { path: { id: versionId ?? '' } } })),
    enabled: versionId !== null,
    staleTime: 5 * 60_000,
  });
}

/** The delivered second opinion's latest written version (coordinators). */
export function useWrittenOpinionQuery(requestId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: qualityKeys.opinion(requestId),
    queryFn: () =>
      data(
        api.GET('/api/v1/second-opinions/{id}/opinion', { params: { path: { id: requestId } } }),
      ),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Records one follow-up's outcome on its subject; the worklist is read again either way. */
export function useRecordOutcome(boardId: string, item: FollowUpItem) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['RecordOutcomeDto']) => {
      const params = { path: { id: item.subject.id } };
      return data(
        item.subject.type === 'recommendation'
          ? api.POST('/api/v1/recommendations/{id}/outcome-follow-ups', { params, body })
          : api.POST('/api/v1/second-opinions/{id}/outcome-follow-ups', { params, body }),
      );
    },
    // A refusal may mean the list is out of date (recorded by someone else, consent withdrawn).
    onSettled: () => queryClient.invalidateQueries({ queryKey: qualityKeys.followUps(boardId) }),
  });
}

/** The metrics as JSON (the operation also answers CSV, which is asked for separately). */
async function readMetrics(
  api: Api,
  boardId: string,
  selection: MetricsSelection,
): Promise<QualityMetricsView> {
  const body = await data(
    api.GET('/api/v1/boards/{boardId}/quality-metrics', {
      params: { path: { boardId }, query: selection },
    }),
  );
  if (typeof body === 'string') throw new Error('the server answered CSV where JSON was asked for');
  return body;
}

/** Audited reads: kept for the session rather than read again on focus or remount. */
const METRICS_CACHE = { staleTime: Infinity, refetchOnWindowFocus: false } as const;

export function useQualityMetricsQuery(boardId: string, selection: MetricsSelection) {
  const api = useApi();
  return useQuery({
    queryKey: qualityKeys.metrics(boardId, selection),
    queryFn: () => readMetrics(api, boardId, selection),
    ...METRICS_CACHE,
  });
}

/**
 * The metrics of each month, in parallel, for the figures drawn over time (turnaround). Only
 * the whole period has a caseload from the registry, so each month is asked with none (0): what
 * is read from a month does not depend on it.
 */
export function useMonthlyMetricsQueries(
  boardId: string,
  months: readonly MonthSlice[],
): Array<{ month: MonthSlice; query: UseQueryResult<QualityMetricsView> }> {
  const api = useApi();
  const results = useQueries({
    queries: months.map((month) => {
      const selection = { from: month.from, to: month.to, analyticCaseload: 0 };
      return {
        queryKey: qualityKeys.metrics(boardId, selection),
        queryFn: () => readMetrics(api, boardId, selection),
        ...METRICS_CACHE,
      };
    }),
  });
  return results.flatMap((query, index) => {
    const month = months[index];
    return month ? [{ month, query }] : [];
  });
}

/** The server's CSV of the same figures, fetched with the session's token (never one in a URL). */
export function useMetricsCsv(boardId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (selection: MetricsSelection): Promise<Blob> =>
      data(
        api.GET('/api/v1/boards/{boardId}/quality-metrics', {
          params: { path: { boardId }, query: { ...selection, format: 'csv' } },
          parseAs: 'blob',
        }),
      ),
  });
}
