import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, toApiError } from '../../api/errors';
import type { Schemas } from '../../api/types';
import type { AssessmentBody } from './assessment';

type SecondOpinionView = Schemas['SecondOpinionView'];
export type ReviewView = Schemas['ReviewView'];
export type RecordChecklistView = Schemas['RecordChecklistView'];
export type ConcordanceBody = Schemas['ConcordanceDto'];
export type MyReviewView = Schemas['MyReviewView'];
export type ArbitrationView = Schemas['ArbitrationView'];
export type DecisionBody = Schemas['ArbitrationDecisionDto'];
export type FollowUpQuestionView = Schemas['FollowUpQuestionView'];

/**
 * What a reviewer may read of the request before anything else: who the patient is, what is
 * asked and how urgently. Nothing else of the request is kept, whatever the server sent.
 */
export type RequestBrief = Pick<
  SecondOpinionView,
  'id' | 'boardId' | 'type' | 'priority' | 'status' | 'patient' | 'question'
>;

export const reviewKeys = {
  mine: ['reviews', 'mine'] as const,
  request: (requestId: string) => ['reviews', requestId, 'request'] as const,
  review: (requestId: string) => ['reviews', requestId, 'review'] as const,
  records: (requestId: string) => ['reviews', requestId, 'records'] as const,
  arbitration: (requestId: string) => ['reviews', requestId, 'arbitration'] as const,
  questions: (requestId: string) => ['reviews', requestId, 'questions'] as const,
};

function briefOf(view: SecondOpinionView): RequestBrief {
  return {
    id: view.id,
    boardId: view.boardId,
    type: view.type,
    priority: view.priority,
    status: view.status,
    patient: view.patient,
    question: view.question,
  };
}

/**
 * A review as the reviewer may see it: the first opinion only alongside their submitted
 * assessment, as the server rules; never kept otherwise.
 */
function blinded({ firstOpinion, ...review }: ReviewView): ReviewView {
  return review.assessment && firstOpinion ? { ...review, firstOpinion } : review;
}

/** An arbitration as the arbiter may see it: neither earlier opinion before their own assessment. */
function blindedArbitration({
  firstOpinion,
  secondOpinion,
  ...arbitration
}: ArbitrationView): ArbitrationView {
  return arbitration.assessment
    ? {
        ...arbitration,
        ...(firstOpinion ? { firstOpinion } : {}),
        ...(secondOpinion ? { secondOpinion } : {}),
      }
    : arbitration;
}

/** The caller's requests as reviewer or arbiter. */
export function useMyReviewsQuery() {
  const api = useApi();
  return useQuery({
    queryKey: reviewKeys.mine,
    queryFn: () => data(api.GET('/api/v1/me/second-opinion-reviews')),
  });
}

export function useRequestBriefQuery(requestId: string) {
  const api = useApi();
  return useQuery({
    queryKey: reviewKeys.request(requestId),
    queryFn: async () =>
      briefOf(
        await data(
          api.GET('/api/v1/second-opinions/{id}', { params: { path: { id: requestId } } }),
        ),
      ),
  });
}

export function useReviewQuery(requestId: string) {
  const api = useApi();
  return useQuery({
    queryKey: reviewKeys.review(requestId),
    queryFn: async () =>
      blinded(
        await data(
          api.GET('/api/v1/second-opinions/{id}/review', { params: { path: { id: requestId } } }),
        ),
      ),
  });
}

/** The records checklist: shown (and so asked for) only to a reader cleared to open the records. */
export function useRecordsQuery(requestId: string) {
  const api = useApi();
  return useQuery({
    queryKey: reviewKeys.records(requestId),
    queryFn: () =>
      data(
        api.GET('/api/v1/second-opinions/{id}/records', { params: { path: { id: requestId } } }),
      ),
  });
}

export function useDownloadRecord(requestId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (recordId: string): Promise<Blob> => {
      const result = await api.GET('/api/v1/second-opinions/{id}/records/{recordId}/file', {
        params: { path: { id: requestId, recordId } },
        parseAs: 'blob',
      });
      if (!result.response.ok) throw await toApiError(result.response);
      return result.data as unknown as Blob;
    },
  });
}

/**
 * A step of a review or an arbitration: the answer is where it now stands. Records withheld
 * while blinded open once the assessment is in; a refusal on a stale step reloads it.
 */
function useStep<View, Body>(
  requestId: string,
  key: QueryKey,
  send: (body: Body) => Promise<View>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (view) => {
      queryClient.setQueryData(key, view);
      void queryClient.invalidateQueries({ queryKey: reviewKeys.records(requestId) });
      void queryClient.invalidateQueries({ queryKey: reviewKeys.mine });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

function useReviewStep<Body>(requestId: string, send: (body: Body) => Promise<ReviewView>) {
  return useStep(requestId, reviewKeys.review(requestId), async (body: Body) =>
    blinded(await send(body)),
  );
}

function useArbitrationStep<Body>(
  requestId: string,
  send: (body: Body) => Promise<ArbitrationView>,
) {
  return useStep(requestId, reviewKeys.arbitration(requestId), async (body: Body) =>
    blindedArbitration(await send(body)),
  );
}

export function useAttest(requestId: string) {
  const api = useApi();
  return useReviewStep(requestId, (noConflict: boolean) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/review/attestation', {
        params: { path: { id: requestId } },
        body: { noConflict },
      }),
    ),
  );
}

export function useSubmitAssessment(requestId: string) {
  const api = useApi();
  return useReviewStep(requestId, (body: AssessmentBody) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/review/assessment', {
        params: { path: { id: requestId } },
        body,
      }),
    ),
  );
}

export function useClassifyConcordance(requestId: string) {
  const api = useApi();
  return useReviewStep(requestId, (body: ConcordanceBody) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/review/concordance', {
        params: { path: { id: requestId } },
        body,
      }),
    ),
  );
}

export function useArbitrationQuery(requestId: string) {
  const api = useApi();
  return useQuery({
    queryKey: reviewKeys.arbitration(requestId),
    queryFn: async () =>
      blindedArbitration(
        await data(
          api.GET('/api/v1/second-opinions/{id}/arbitration', {
            params: { path: { id: requestId } },
          }),
        ),
      ),
  });
}

export function useArbitrationAttest(requestId: string) {
  const api = useApi();
  return useArbitrationStep(requestId, (noConflict: boolean) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/arbitration/attestation', {
        params: { path: { id: requestId } },
        body: { noConflict },
      }),
    ),
  );
}

export function useArbitrationAssessment(requestId: string) {
  const api = useApi();
  return useArbitrationStep(requestId, (body: AssessmentBody) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/arbitration/assessment', {
        params: { path: { id: requestId } },
        body,
      }),
    ),
  );
}

export function useArbitrationDecision(requestId: string) {
  const api = useApi();
  return useArbitrationStep(requestId, (body: DecisionBody) =>
    data(
      api.POST('/api/v1/second-opinions/{id}/arbitration/decision', {
        params: { path: { id: requestId } },
        body,
      }),
    ),
  );
}

/** The referrer's follow-up questions: open to a reviewer once their assessment is in. */
export function useQuestionsQuery(requestId: string) {
  const api = useApi();
  return useQuery({
    queryKey: reviewKeys.questions(requestId),
    queryFn: () =>
      data(
        api.GET('/api/v1/second-opinions/{id}/questions', { params: { path: { id: requestId } } }),
      ),
  });
}

/** A reviewer's answer: an addendum, issued as the written opinion's next version. */
export function useAnswerQuestion(requestId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ number, answer }: { number: number; answer: string }) =>
      data(
        api.POST('/api/v1/second-opinions/{id}/questions/{number}/answer', {
          params: { path: { id: requestId, number } },
          body: { answer },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKeys.questions(requestId) }),
  });
}
