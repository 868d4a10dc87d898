import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { Schemas } from '../../api/types';
import type { WorklistFilter } from './words';

export type PreparationRequestView = Schemas['PreparationRequestView'];
export type WorklistItemView = Schemas['PreparationWorklistItemView'];
export type NewPreparationRequest = Schemas['CreatePreparationRequestDto'];

export const preparationKeys = {
  case: (caseId: string) => ['cases', caseId] as const,
  /** Under the case's key, so whatever refreshes the case refreshes its requests too. */
  ofCase: (caseId: string) => ['cases', caseId, 'preparation-requests'] as const,
  worklists: ['preparation-worklist'] as const,
  worklist: (status: WorklistFilter) => ['preparation-worklist', status] as const,
};

export function useCaseRequestsQuery(caseId: string) {
  const api = useApi();
  return useQuery({
    queryKey: preparationKeys.ofCase(caseId),
    queryFn: () =>
      data(
        api.GET('/api/v1/cases/{caseId}/preparation-requests', { params: { path: { caseId } } }),
      ),
  });
}

export function useWorklistQuery(status: WorklistFilter) {
  const api = useApi();
  return useQuery({
    queryKey: preparationKeys.worklist(status),
    queryFn: () =>
      data(api.GET('/api/v1/users/me/preparation-requests', { params: { query: { status } } })),
  });
}

function useRefresh(onChanged?: () => void) {
  const queryClient = useQueryClient();
  return (request: { caseId: string }) => {
    // Everything cached about the case: its requests, and its readiness, which counts them.
    void queryClient.invalidateQueries({ queryKey: preparationKeys.case(request.caseId) });
    void queryClient.invalidateQueries({ queryKey: preparationKeys.worklists });
    onChanged?.();
  };
}

export function useRequestPreparation(caseId: string, onChanged?: () => void) {
  const api = useApi();
  const refresh = useRefresh(onChanged);
  return useMutation({
    mutationFn: (body: NewPreparationRequest) =>
      data(
        api.POST('/api/v1/cases/{caseId}/preparation-requests', {
          params: { path: { caseId } },
          body,
        }),
      ),
    onSuccess: refresh,
  });
}

export function useCompletePreparation(onChanged?: () => void) {
  const api = useApi();
  const refresh = useRefresh(onChanged);
  return useMutation({
    mutationFn: ({ requestId, finding }: { requestId: string; finding: string }) =>
      data(
        api.POST('/api/v1/preparation-requests/{requestId}/complete', {
          params: { path: { requestId } },
          body: { finding },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useCancelPreparation(onChanged?: () => void) {
  const api = useApi();
  const refresh = useRefresh(onChanged);
  return useMutation({
    mutationFn: ({ requestId, reason }: { requestId: string; reason: string }) =>
      data(
        api.POST('/api/v1/preparation-requests/{requestId}/cancel', {
          params: { path: { requestId } },
          body: { reason },
        }),
      ),
    onSuccess: refresh,
  });
}
