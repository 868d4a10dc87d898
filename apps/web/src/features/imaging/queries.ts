import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { CaseRecordView, Schemas } from '../../api/types';

export type ImagingSource = Schemas['ImagingSourceView'];
export type StudyMatch = Schemas['ImagingStudyMatch'];
export type BoardImagingSource = Schemas['BoardImagingSourceView'];

/** A PACS search as the server takes it (GET /imaging/cases/:id/study-search): empty fields left out. */
export interface StudySearch {
  sourceId?: string;
  patientId?: string;
  accessionNumber?: string;
  studyDateFrom?: string;
  studyDateTo?: string;
  modality?: string;
}

export const imagingKeys = {
  sources: ['imaging', 'sources'] as const,
  boardSource: (boardId: string) => ['imaging', 'boards', boardId, 'source'] as const,
  search: (caseId: string, search: StudySearch) =>
    ['imaging', 'cases', caseId, 'study-search', search] as const,
};

/** The configured DICOMweb sources (ids and names only). */
export function useImagingSources(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: imagingKeys.sources,
    queryFn: () => data(api.GET('/api/v1/imaging/sources')),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** The source a board's PACS searches use, and the board's own choice. */
export function useBoardImagingSource(boardId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: imagingKeys.boardSource(boardId),
    queryFn: () =>
      data(api.GET('/api/v1/imaging/boards/{boardId}/source', { params: { path: { boardId } } })),
    enabled,
  });
}

/** Chooses the board's source (null: the server's default); what the server answers is kept. */
export function useChooseBoardImagingSource(boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sourceId: string | null) =>
      data(
        api.PUT('/api/v1/imaging/boards/{boardId}/source', {
          params: { path: { boardId } },
          body: { sourceId },
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(imagingKeys.boardSource(boardId), saved),
  });
}

/** Studies asked of the PACS at a time; a full page means there may be more. */
export const STUDY_SEARCH_PAGE = 25;
/** The server's largest offset: past it, a narrower search is the way. */
const MAX_OFFSET = 10_000;

/**
 * The studies a PACS search finds for a case, once a search has been made (`null`: none yet), a
 * page at a time (`fetchNextPage` asks for the next 25 while the last page was full). Not
 * retried: a PACS that failed or timed out is said so at once, and the user searches again.
 */
export function useStudySearch(caseId: string, search: StudySearch | null) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: imagingKeys.search(caseId, search ?? {}),
    queryFn: ({ signal, pageParam }) =>
      data(
        api.GET('/api/v1/imaging/cases/{caseId}/study-search', {
          params: {
            path: { caseId },
            query: {
              ...search,
              limit: STUDY_SEARCH_PAGE,
              ...(pageParam > 0 ? { offset: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) =>
      last.length === STUDY_SEARCH_PAGE && pages.length * STUDY_SEARCH_PAGE <= MAX_OFFSET
        ? pages.length * STUDY_SEARCH_PAGE
        : undefined,
    enabled: search !== null,
    retry: false,
    staleTime: 0,
    gcTime: 60_000,
  });
}

/** Links a found study to the case; `onLinked` refreshes the case (its records) where it is shown. */
export function useLinkStudy(caseId: string, onLinked: (record: CaseRecordView) => void) {
  const api = useApi();
  return useMutation({
    mutationFn: (study: { sourceId: string; studyInstanceUid: string }) =>
      data(
        api.POST('/api/v1/imaging/cases/{caseId}/studies', {
          params: { path: { caseId } },
          body: study,
        }),
      ),
    onSuccess: onLinked,
  });
}
