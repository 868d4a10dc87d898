import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { boardKeys } from '../../api/board-queries';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import { toApiError } from '../../api/errors';
import { sendWithProgress, useTokenSource } from '../../api/upload';
import type { operations } from '../../api/schema';
import type { CaseDetailView, Schemas } from '../../api/types';

export type CaseStatusName = Schemas['CaseStatusName'];
export type CasePriority = Schemas['CasePriority'];
export type CreateCaseBody = Schemas['CreateCaseDto'];
export type UpdateCaseBody = Schemas['UpdateCaseDto'];

export interface CaseListFilter {
  status?: CaseStatusName;
  priority?: CasePriority;
}

export const caseKeys = {
  list: (boardId: string, filter: CaseListFilter = {}) =>
    [...boardKeys.board(boardId), 'cases', filter] as const,
  lists: (boardId: string) => [...boardKeys.board(boardId), 'cases'] as const,
  missing: (boardId: string) => [...boardKeys.board(boardId), 'missing-records'] as const,
  detail: (caseId: string) => ['cases', caseId] as const,
};

export function useCasesQuery(boardId: string, filter: CaseListFilter) {
  const api = useApi();
  return useQuery({
    queryKey: caseKeys.list(boardId, filter),
    queryFn: () =>
      data(
        api.GET('/api/v1/boards/{boardId}/cases', {
          params: { path: { boardId }, query: filter },
        }),
      ),
  });
}

export function useMissingRecordsQuery(boardId: string) {
  const api = useApi();
  return useQuery({
    queryKey: caseKeys.missing(boardId),
    queryFn: () =>
      data(api.GET('/api/v1/boards/{boardId}/missing-records', { params: { path: { boardId } } })),
  });
}

/**
 * The case's clinical detail. Every read of it is audited, so it is not refetched merely because
 * the window regained focus; the form's version check catches whatever changed meanwhile.
 */
export function useCaseQuery(caseId: string) {
  const api = useApi();
  return useQuery({
    queryKey: caseKeys.detail(caseId),
    queryFn: () => data(api.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } })),
    refetchOnWindowFocus: false,
    staleTime: 60_000,
  });
}

/** After anything that changes a case: its detail, its board's lists and worklists. */
export function refreshCase(queryClient: QueryClient, caseId: string, boardId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
    queryClient.invalidateQueries({ queryKey: caseKeys.lists(boardId) }),
    queryClient.invalidateQueries({ queryKey: caseKeys.missing(boardId) }),
  ]);
}

export function useCreateCase(boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCaseBody) =>
      data(api.POST('/api/v1/boards/{boardId}/cases', { params: { path: { boardId } }, body })),
    onSuccess: (created) => {
      queryClient.setQueryData(caseKeys.detail(created.id), created);
      void queryClient.invalidateQueries({ queryKey: caseKeys.lists(boardId) });
      void queryClient.invalidateQueries({ queryKey: caseKeys.missing(boardId) });
    },
  });
}

export function useUpdateCase(caseId: string, boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateCaseBody) =>
      data(api.PATCH('/api/v1/cases/{caseId}', { params: { path: { caseId } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(caseKeys.detail(caseId), saved);
      void queryClient.invalidateQueries({ queryKey: caseKeys.lists(boardId) });
      void queryClient.invalidateQueries({ queryKey: caseKeys.missing(boardId) });
    },
  });
}

/** The case as it is now on the server (after a refused save), bypassing the cache. */
export function useLoadLatestCase(caseId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return async (): Promise<CaseDetailView> => {
    const latest = await data(api.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } } }));
    queryClient.setQueryData(caseKeys.detail(caseId), latest);
    return latest;
  };
}

export function useChangeStatus(caseId: string, boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CaseStatusDto']) =>
      data(api.POST('/api/v1/cases/{caseId}/status', { params: { path: { caseId } }, body })),
    onSuccess: () => refreshCase(queryClient, caseId, boardId),
  });
}

export function useDeclareConflict(caseId: string, boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      data(
        api.POST('/api/v1/cases/{caseId}/conflicts', {
          params: { path: { caseId } },
          body: { reason },
        }),
      ),
    onSuccess: () => refreshCase(queryClient, caseId, boardId),
  });
}

export function useWithdrawConflict(caseId: string, boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      data(api.DELETE('/api/v1/cases/{caseId}/conflicts/me', { params: { path: { caseId } } })),
    onSuccess: () => refreshCase(queryClient, caseId, boardId),
  });
}

// ---------- records ----------

export type CaseRecordView = Schemas['CaseRecordView'];
export type UploadFields = Omit<
  operations['Records_upload']['requestBody']['content']['multipart/form-data'],
  'file'
>;

export interface UploadInput {
  file: File;
  /** The content type to declare for the file (its own, or guessed from its extension). */
  contentType: string;
  fields: UploadFields;
  onProgress: (fraction: number) => void;
  signal: AbortSignal;
}

/** A PDF, PNG or JPEG sent as multipart, with upload progress (see api/upload.ts). */
export function useUploadRecord(caseId: string, boardId: string) {
  const tokens = useTokenSource();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, contentType, fields, onProgress, signal }: UploadInput) => {
      const form = new FormData();
      form.append('kind', fields.kind);
      form.append('title', fields.title);
      if (fields.recordDate) form.append('recordDate', fields.recordDate);
      if (fields.source) form.append('source', fields.source);
      // The declared type must match the bytes; a file the browser typed vaguely is retyped.
      const typed =
        file.type === contentType ? file : new File([file], file.name, { type: contentType });
      form.append('file', typed, file.name);
      const response = await sendWithProgress(tokens, {
        url: `/api/v1/cases/${encodeURIComponent(caseId)}/records/upload`,
        body: form,
        onProgress: (sent, total) => onProgress(total > 0 ? sent / total : 0),
        signal,
      });
      if (!response.ok) throw await toApiError(response);
      return (await response.json()) as CaseRecordView;
    },
    onSuccess: () => refreshCase(queryClient, caseId, boardId),
  });
}

export function useAddDicomReference(caseId: string, boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['RecordReferenceDto']) =>
      data(api.POST('/api/v1/cases/{caseId}/records', { params: { path: { caseId } }, body })),
    onSuccess: () => refreshCase(queryClient, caseId, boardId),
  });
}

export function useDeleteRecord(caseId: string, boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (recordId: string) =>
      data(
        api.DELETE('/api/v1/cases/{caseId}/records/{recordId}', {
          params: { path: { caseId, recordId } },
        }),
      ),
    onSuccess: () => refreshCase(queryClient, caseId, boardId),
  });
}

/** The record's file as a blob, fetched with the session's token (never a token in a URL). */
export function useDownloadRecord(caseId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (recordId: string): Promise<Blob> => {
      const result = await api.GET('/api/v1/cases/{caseId}/records/{recordId}/file', {
        params: { path: { caseId, recordId } },
        parseAs: 'blob',
      });
      if (!result.response.ok) throw await toApiError(result.response);
      return result.data as unknown as Blob;
    },
  });
}
