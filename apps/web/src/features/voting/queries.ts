import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { Schemas } from '../../api/types';

export type VoteView = Schemas['VoteView'];
export type VoteOption = Schemas['VoteOptionView'];
export type VoteTally = Schemas['VoteTallyView'];
export type RecommendationView = Schemas['RecommendationView'];
export type RecommendationBody = Schemas['RecommendationDto'];

/**
 * A case's votes and recommendations sit under the case's key, so whatever refreshes the case
 * refreshes them too; one vote also has its own entry, which the live room keeps current.
 */
export const votingKeys = {
  votesOf: (caseId: string) => ['cases', caseId, 'votes'] as const,
  vote: (voteId: string) => ['votes', voteId] as const,
  recommendationsOf: (caseId: string) => ['cases', caseId, 'recommendations'] as const,
};

/** Whether a cached query holds votes (one vote, or a case's list of them). */
export function isVoteQuery(queryKey: readonly unknown[]): boolean {
  return queryKey[0] === 'votes' || (queryKey[0] === 'cases' && queryKey[2] === 'votes');
}

export function useCaseVotesQuery(caseId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: votingKeys.votesOf(caseId),
    queryFn: () => data(api.GET('/api/v1/cases/{caseId}/votes', { params: { path: { caseId } } })),
    enabled,
  });
}

/** One vote; the case's list, when it holds it, answers first. */
export function useVoteQuery(voteId: string, caseId: string, enabled = true) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: votingKeys.vote(voteId),
    queryFn: () => data(api.GET('/api/v1/votes/{voteId}', { params: { path: { voteId } } })),
    initialData: () =>
      queryClient
        .getQueryData<VoteView[]>(votingKeys.votesOf(caseId))
        ?.find((vote) => vote.id === voteId),
    initialDataUpdatedAt: () =>
      queryClient.getQueryState(votingKeys.votesOf(caseId))?.dataUpdatedAt,
    enabled,
  });
}

/** A vote the server answered with: stored as the vote, and in its case's list. */
export function storeVote(queryClient: QueryClient, vote: VoteView): void {
  queryClient.setQueryData(votingKeys.vote(vote.id), vote);
  queryClient.setQueryData<VoteView[]>(votingKeys.votesOf(vote.caseId), (list) =>
    list ? upsert(list, vote) : list,
  );
}

function upsert<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.some((entry) => entry.id === item.id)
    ? list.map((entry) => (entry.id === item.id ? item : entry))
    : [...list, item];
}

export function useMinorityOpinion(voteId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      data(
        api.POST('/api/v1/votes/{voteId}/minority-opinions', {
          params: { path: { voteId } },
          body: { text },
        }),
      ),
    onSuccess: (vote) => storeVote(queryClient, vote),
  });
}

export function useExternalOpinion(voteId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ExternalOpinionDto']) =>
      data(
        api.POST('/api/v1/votes/{voteId}/external-opinion', {
          params: { path: { voteId } },
          body,
        }),
      ),
    onSuccess: (vote) => storeVote(queryClient, vote),
  });
}

export function useCaseRecommendationsQuery(caseId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: votingKeys.recommendationsOf(caseId),
    queryFn: () =>
      data(api.GET('/api/v1/cases/{caseId}/recommendations', { params: { path: { caseId } } })),
    enabled,
  });
}

/** The version to show and act on: the newest one that no amendment has replaced. */
export function latestRecommendation(
  recommendations: readonly RecommendationView[],
): RecommendationView | null {
  return recommendations.findLast((recommendation) => recommendation.supersededBy === null) ?? null;
}

/** After any change to a recommendation: the answer goes in the list at once, then the list reloads. */
function useStoreRecommendation(caseId: string) {
  const queryClient = useQueryClient();
  return (recommendation: RecommendationView) => {
    queryClient.setQueryData<RecommendationView[]>(votingKeys.recommendationsOf(caseId), (list) =>
      list ? upsert(list, recommendation) : [recommendation],
    );
    void queryClient.invalidateQueries({ queryKey: votingKeys.recommendationsOf(caseId) });
  };
}

export function useDraftRecommendation(voteId: string, caseId: string) {
  const api = useApi();
  const store = useStoreRecommendation(caseId);
  return useMutation({
    mutationFn: (body: RecommendationBody) =>
      data(
        api.POST('/api/v1/votes/{voteId}/recommendation', { params: { path: { voteId } }, body }),
      ),
    onSuccess: store,
  });
}

export function useEditRecommendation(caseId: string) {
  const api = useApi();
  const store = useStoreRecommendation(caseId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RecommendationBody }) =>
      data(api.PATCH('/api/v1/recommendations/{id}', { params: { path: { id } }, body })),
    onSuccess: store,
  });
}

/** The proof a signature is given with: the password, or the confirmation at the identity provider. */
export type SigningProof = { password: string } | { reauthentication: 'provider' };

export function useSignRecommendation(caseId: string) {
  const api = useApi();
  const store = useStoreRecommendation(caseId);
  return useMutation({
    mutationFn: ({ id, proof }: { id: string; proof: SigningProof }) =>
      data(
        api.POST('/api/v1/recommendations/{id}/sign', {
          params: { path: { id } },
          body: proof,
        }),
      ),
    onSuccess: store,
  });
}

/** How the signed-in person confirms who they are before signing: their password, their provider, or both. */
export function useReauthenticationOptions() {
  const api = useApi();
  return useQuery({
    queryKey: ['auth', 'reauthentication'] as const,
    queryFn: () => data(api.GET('/api/v1/auth/reauthentication')),
  });
}

/** Starts a confirmation at the identity provider: answers where the browser is to go. */
export function useStartReauthentication() {
  const api = useApi();
  return useMutation({
    mutationFn: ({ recommendationId, next }: { recommendationId: string; next: string }) =>
      data(
        api.POST('/api/v1/auth/reauthentication', {
          body: { act: 'sign_recommendation', recommendationId, next },
        }),
      ),
  });
}

export function usePublishRecommendation(caseId: string) {
  const api = useApi();
  const store = useStoreRecommendation(caseId);
  return useMutation({
    mutationFn: (id: string) =>
      data(api.POST('/api/v1/recommendations/{id}/publish', { params: { path: { id } } })),
    onSuccess: store,
  });
}

export function useAmendRecommendation(caseId: string) {
  const api = useApi();
  const store = useStoreRecommendation(caseId);
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      data(
        api.POST('/api/v1/recommendations/{id}/amend', {
          params: { path: { id } },
          body: { reason },
        }),
      ),
    onSuccess: store,
  });
}
