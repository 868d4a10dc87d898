import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  FollowUpQuestionView,
  ReferrerOpinionView,
  SecondOpinionRecordView,
  UploadLinkRequestView,
} from '@app/contracts';
import { createPublicApi, data } from '../../api/client';
import { ApiError, toApiError } from '../../api/errors';
import { sendPublicWithProgress } from '../../api/upload';

/**
 * The referrer's side of the API: no account, only the link's token, in the path. Opening a
 * link is audited on the server, so its page asks once (no refetch on focus) and keeps what it
 * learns (a question asked is added to the page, not fetched again).
 */
const api = createPublicApi();

/** The server's code when every follow-up question included has been asked. */
export const QUESTION_LIMIT_REACHED = 'question_limit_reached';

const ONCE = { staleTime: Infinity, refetchOnWindowFocus: false } as const;

const uploadLinkKey = (token: string) => ['referrer', 'upload-link', token];
const opinionKey = (token: string) => ['referrer', 'opinion', token];

export function useUploadLink(token: string) {
  return useQuery({
    queryKey: uploadLinkKey(token),
    queryFn: (): Promise<UploadLinkRequestView> =>
      data(api.GET('/api/v1/uploads/{token}', { params: { path: { token } } })),
    ...ONCE,
  });
}

export interface RecordUpload {
  file: File;
  /** The type to declare, matching the file's bytes (a file the browser typed vaguely is retyped). */
  contentType: string;
  title: string;
  onProgress: (fraction: number) => void;
  signal: AbortSignal;
}

export function useSendRecord(token: string) {
  return useMutation({
    mutationFn: async ({
      file,
      contentType,
      title,
      onProgress,
      signal,
    }: RecordUpload): Promise<SecondOpinionRecordView> => {
      const form = new FormData();
      form.append('title', title);
      const typed =
        file.type === contentType ? file : new File([file], file.name, { type: contentType });
      form.append('file', typed, file.name);
      const response = await sendPublicWithProgress({
        url: `/api/v1/uploads/${encodeURIComponent(token)}`,
        body: form,
        onProgress: (sent, total) => onProgress(total > 0 ? sent / total : 0),
        signal,
      });
      if (!response.ok) throw await toApiError(response);
      return (await response.json()) as SecondOpinionRecordView;
    },
  });
}

export function useOpinion(token: string) {
  return useQuery({
    queryKey: opinionKey(token),
    queryFn: (): Promise<ReferrerOpinionView> =>
      data(api.GET('/api/v1/opinions/{token}', { params: { path: { token } } })),
    ...ONCE,
  });
}

export function useAskQuestion(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (question: string): Promise<FollowUpQuestionView> =>
      data(
        api.POST('/api/v1/opinions/{token}/questions', {
          params: { path: { token } },
          body: { question },
        }),
      ),
    onSuccess: (asked) =>
      queryClient.setQueryData<ReferrerOpinionView>(opinionKey(token), (opinion) =>
        opinion
          ? {
              ...opinion,
              questions: [...opinion.questions, asked],
              questionsRemaining: Math.max(0, opinion.questionsRemaining - 1),
            }
          : opinion,
      ),
    // Every question included has been asked meanwhile (from another device): the form closes.
    onError: (error) => {
      if (error instanceof ApiError && error.code === QUESTION_LIMIT_REACHED)
        queryClient.setQueryData<ReferrerOpinionView>(opinionKey(token), (opinion) =>
          opinion ? { ...opinion, questionsRemaining: 0 } : opinion,
        );
    },
  });
}

export type OpinionDocument = 'clinical-report' | 'patient-summary';

/** A version of the written opinion as a PDF, with the name the server gives it. */
export async function fetchOpinionDocument(
  token: string,
  document: OpinionDocument,
  version: number,
): Promise<{ blob: Blob; name: string }> {
  const options = { params: { path: { token }, query: { version } }, parseAs: 'blob' } as const;
  const blob = await data<Blob>(
    document === 'clinical-report'
      ? api.GET('/api/v1/opinions/{token}/clinical-report.pdf', options)
      : api.GET('/api/v1/opinions/{token}/patient-summary.pdf', options),
  );
  // Named as the server names it (`second-opinion-v2.pdf`).
  const name = document === 'clinical-report' ? 'second-opinion' : 'patient-summary';
  return { blob, name: `${name}-v${version}.pdf` };
}

/** The consultation as an iCalendar invitation (a cancellation once cancelled). */
export async function fetchInvitation(token: string): Promise<{ blob: Blob; name: string }> {
  const blob = await data<Blob>(
    api.GET('/api/v1/opinions/{token}/consultation.ics', {
      params: { path: { token } },
      parseAs: 'blob',
    }),
  );
  return { blob, name: 'consultation.ics' };
}
