import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { boardKeys } from '../../api/board-queries';
import { ApiError, data } from '../../api/client';
import { useApi } from '../../api/context';
import { toApiError } from '../../api/errors';
import type { Schemas } from '../../api/types';

export type SecondOpinionView = Schemas['SecondOpinionView'];
export type RecordChecklistView = Schemas['RecordChecklistView'];
export type ChecklistItem = RecordChecklistView['items'][number];
export type SecondOpinionRecordView = Schemas['SecondOpinionRecordView'];
export type UploadLinkView = Schemas['UploadLinkView'];
export type UploadKind = Schemas['UploadLinkDto']['kind'];
export type WaivableKind = Schemas['RecordWaiverDto']['kind'];
export type ReviewerProgressView = Schemas['ReviewerProgressView'];
export type WrittenOpinionView = Schemas['WrittenOpinionView'];
export type FollowUpQuestionView = Schemas['FollowUpQuestionView'];
export type ConsultationView = Schemas['ConsultationView'];
export type ReferrerLinkView = Schemas['ReferrerLinkView'];
export type ArbitrationView = Schemas['ArbitrationView'];
export type IntakeBody = Schemas['ReferralIntakeDto'];
export type PanelVoteBody = Schemas['PanelVoteDto'];
export type DeliverBody = Schemas['DeliverOpinionDto'];
export type OpinionDocument = 'clinical-report' | 'patient-summary';

export const secondOpinionKeys = {
  lists: (boardId: string) => [...boardKeys.board(boardId), 'second-opinions'] as const,
  watch: (boardId: string) => [...boardKeys.board(boardId), 'second-opinions', 'watch'] as const,
  request: (id: string) => ['second-opinions', id] as const,
  part: (id: string, part: string) => ['second-opinions', id, part] as const,
};

/** A read that answers 404 when there is nothing yet (no consultation, no arbitration): null. */
async function orNothing<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function useRequestsQuery(boardId: string) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.lists(boardId),
    queryFn: () =>
      data(api.GET('/api/v1/boards/{boardId}/second-opinions', { params: { path: { boardId } } })),
  });
}

export function useTurnaroundWatchQuery(boardId: string) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.watch(boardId),
    queryFn: () =>
      data(
        api.GET('/api/v1/boards/{boardId}/second-opinions/turnaround-watch', {
          params: { path: { boardId } },
        }),
      ),
  });
}

export function useIntake(boardId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: IntakeBody) =>
      data(
        api.POST('/api/v1/boards/{boardId}/second-opinions', {
          params: { path: { boardId } },
          body,
        }),
      ),
    onSuccess: (created) => {
      queryClient.setQueryData(secondOpinionKeys.request(created.id), created);
      void queryClient.invalidateQueries({ queryKey: secondOpinionKeys.lists(boardId) });
    },
  });
}

/** The request, with its turnaround clock as of now. */
export function useRequestQuery(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.request(id),
    queryFn: () => data(api.GET('/api/v1/second-opinions/{id}', { params: { path: { id } } })),
  });
}

export function useChecklistQuery(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.part(id, 'records'),
    queryFn: () =>
      data(api.GET('/api/v1/second-opinions/{id}/records', { params: { path: { id } } })),
  });
}

export function useReviewersQuery(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.part(id, 'reviewers'),
    queryFn: () =>
      data(api.GET('/api/v1/second-opinions/{id}/reviewers', { params: { path: { id } } })),
  });
}

export function useVersionsQuery(id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.part(id, 'versions'),
    queryFn: () =>
      data(api.GET('/api/v1/second-opinions/{id}/opinion/versions', { params: { path: { id } } })),
    enabled,
  });
}

export function useQuestionsQuery(id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.part(id, 'questions'),
    queryFn: () =>
      data(api.GET('/api/v1/second-opinions/{id}/questions', { params: { path: { id } } })),
    enabled,
  });
}

/** The consultation, or the last one cancelled; null when none was ever scheduled. */
export function useConsultationQuery(id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.part(id, 'consultation'),
    queryFn: () =>
      orNothing(
        data(api.GET('/api/v1/second-opinions/{id}/consultation', { params: { path: { id } } })),
      ),
    enabled,
  });
}

/** The arbitration, or null when none was asked for. */
export function useArbitrationQuery(id: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: secondOpinionKeys.part(id, 'arbitration'),
    queryFn: () =>
      orNothing(
        data(api.GET('/api/v1/second-opinions/{id}/arbitration', { params: { path: { id } } })),
      ),
    enabled,
  });
}

/** After anything that changes a request: everything read about it, and its board's lists. */
function refreshRequest(queryClient: QueryClient, id: string, boardId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: secondOpinionKeys.request(id) }),
    queryClient.invalidateQueries({ queryKey: secondOpinionKeys.lists(boardId) }),
  ]);
}

/** A mutation on one request that refreshes it once done. */
function useRequestMutation<Input, Output>(
  id: string,
  boardId: string,
  call: (input: Input) => Promise<Output>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => refreshRequest(queryClient, id, boardId),
  });
}

export function useCreateUploadLink(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (body: Schemas['UploadLinkDto']) =>
    data(api.POST('/api/v1/second-opinions/{id}/upload-links', { params: { path: { id } }, body })),
  );
}

export function useWaiveRecord(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (body: Schemas['RecordWaiverDto']) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/records/waivers', { params: { path: { id } }, body }),
    ),
  );
}

export function useAssignReviewers(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (userIds: string[]) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/reviewers', {
        params: { path: { id } },
        body: { userIds },
      }),
    ),
  );
}

export function useOpenPanelVote(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (body: PanelVoteBody) =>
    data(api.POST('/api/v1/second-opinions/{id}/panel-vote', { params: { path: { id } }, body })),
  );
}

export function useDeliverOpinion(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (body: DeliverBody) =>
    data(api.POST('/api/v1/second-opinions/{id}/opinion', { params: { path: { id } }, body })),
  );
}

export function useCorrectOpinion(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (body: Schemas['CorrectOpinionDto']) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/opinion/corrections', {
        params: { path: { id } },
        body,
      }),
    ),
  );
}

export function useReplaceReferrerLink(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, () =>
    data(api.POST('/api/v1/second-opinions/{id}/referrer-link', { params: { path: { id } } })),
  );
}

export function useAskQuestion(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (question: string) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/questions', {
        params: { path: { id } },
        body: { question },
      }),
    ),
  );
}

export function useAnswerQuestion(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, ({ number, answer }: { number: number; answer: string }) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/questions/{number}/answer', {
        params: { path: { id, number } },
        body: { answer },
      }),
    ),
  );
}

export function useScheduleConsultation(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (body: Schemas['ConsultationDto']) =>
    data(api.PUT('/api/v1/second-opinions/{id}/consultation', { params: { path: { id } }, body })),
  );
}

export function useCancelConsultation(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, () =>
    data(api.DELETE('/api/v1/second-opinions/{id}/consultation', { params: { path: { id } } })),
  );
}

export function useWithdrawConsent(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (reason: string) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/consent/withdraw', {
        params: { path: { id } },
        body: { reason },
      }),
    ),
  );
}

export function useRequestArbitration(id: string, boardId: string) {
  const api = useApi();
  return useRequestMutation(id, boardId, (body: Schemas['RequestArbitrationDto']) =>
    data(api.POST('/api/v1/second-opinions/{id}/arbitration', { params: { path: { id } }, body })),
  );
}

/** A record's file as a blob, fetched with the session's token (never a token in a URL). */
export function useDownloadRecord(id: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (recordId: string): Promise<Blob> => {
      const result = await api.GET('/api/v1/second-opinions/{id}/records/{recordId}/file', {
        params: { path: { id, recordId } },
        parseAs: 'blob',
      });
      if (!result.response.ok) throw await toApiError(result.response);
      return result.data as unknown as Blob;
    },
  });
}

/** A version's PDF (the clinical report or the patient summary), as a blob. */
export function useDownloadOpinionPdf(id: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async ({
      document,
      version,
    }: {
      document: OpinionDocument;
      version: number;
    }): Promise<Blob> => {
      const params = { path: { id }, query: { version } };
      const result =
        document === 'clinical-report'
          ? await api.GET('/api/v1/second-opinions/{id}/opinion/clinical-report.pdf', {
              params,
              parseAs: 'blob',
            })
          : await api.GET('/api/v1/second-opinions/{id}/opinion/patient-summary.pdf', {
              params,
              parseAs: 'blob',
            });
      if (!result.response.ok) throw await toApiError(result.response);
      return new Blob([result.data as unknown as Blob], { type: 'application/pdf' });
    },
  });
}
