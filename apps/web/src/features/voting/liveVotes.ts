import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ServerToClientEvents } from '@app/contracts';
import type { LiveConnection, LivePayload } from '../../api/live';
import { isVoteQuery, storeVote, votingKeys, type VoteView } from './queries';

/** What the voting screens use of the meeting's live connection (a fake in tests). */
export type VoteLink = Pick<LiveConnection, 'request' | 'on' | 'onReconnect'>;

type Progress = Parameters<ServerToClientEvents['vote:progress']>[0];
type Closed = Parameters<ServerToClientEvents['vote:closed']>[0];

/**
 * Carries what the live room says about votes into the query cache, outside React: an opened
 * vote reloads its case's votes, the ballot count goes straight into the vote, a closed vote
 * shows its outcome at once and then reloads (for the ballots and minority opinions). After a
 * reconnection, every vote is reloaded, since events may have been missed meanwhile.
 */
export class VoteTracker {
  private readonly stops: Array<() => void>;

  constructor(
    live: VoteLink,
    private readonly queryClient: QueryClient,
  ) {
    this.stops = [
      live.on('vote:opened', (announcement) => {
        void queryClient.invalidateQueries({ queryKey: votingKeys.votesOf(announcement.caseId) });
      }),
      live.on('vote:progress', (progress) => this.progress(progress)),
      live.on('vote:closed', (closed) => this.closed(closed)),
      live.onReconnect(() => {
        void queryClient.invalidateQueries({ predicate: (query) => isVoteQuery(query.queryKey) });
      }),
    ];
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private progress({ voteId, ballotsReceived }: Progress): void {
    const vote = this.queryClient.getQueryData<VoteView>(votingKeys.vote(voteId));
    if (!vote || vote.status === 'closed') return;
    this.queryClient.setQueryData<VoteView>(votingKeys.vote(voteId), {
      ...vote,
      // Counts only grow while a vote is open; an older figure arriving late is ignored.
      ballotsReceived: Math.max(vote.ballotsReceived, ballotsReceived),
    });
    // A vote that is not blind shows its running tally: fetch the new figures.
    if (vote.results)
      void this.queryClient.invalidateQueries({ queryKey: votingKeys.vote(voteId) });
  }

  private closed({ voteId, outcome, tally }: Closed): void {
    const vote = this.queryClient.getQueryData<VoteView>(votingKeys.vote(voteId));
    if (vote) {
      this.queryClient.setQueryData<VoteView>(votingKeys.vote(voteId), {
        ...vote,
        status: 'closed',
        ballotsReceived: tally.ballotsCounted,
        results: {
          outcome,
          tally,
          ballots: vote.results?.ballots ?? [],
          minorityOpinions: vote.results?.minorityOpinions ?? [],
        },
      });
    }
    void this.queryClient.invalidateQueries({ predicate: (query) => isVoteQuery(query.queryKey) });
  }
}

/** Follows the live room's vote events while the calling screen is shown. */
export function useVoteTracker(live: VoteLink): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const tracker = new VoteTracker(live, queryClient);
    return () => tracker.stop();
  }, [live, queryClient]);
}

export type OpenVotePayload = Omit<LivePayload<'vote:open'>, 'meetingId'>;

/** Opens a vote on the meeting's focused case (the server decides which case that is). */
export function useOpenVote(live: VoteLink, meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (payload: OpenVotePayload) =>
      (await live.request('vote:open', { meetingId, ...payload })).vote,
    onSuccess: (vote) => storeVote(queryClient, vote),
  });
}

type CastPayload = LivePayload<'vote:cast'>;

/**
 * Casts (or changes) the caller's ballot. The receipt says only how many have voted; the
 * caller's own ballot is kept in the vote as the server would return it.
 */
export function useCastBallot(live: VoteLink) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (payload: CastPayload) => (await live.request('vote:cast', payload)).receipt,
    onSuccess: (receipt, payload) => {
      const key = votingKeys.vote(payload.voteId);
      const vote = queryClient.getQueryData<VoteView>(key);
      if (vote) {
        queryClient.setQueryData<VoteView>(key, {
          ...vote,
          ballotsReceived: Math.max(vote.ballotsReceived, receipt.ballotsReceived),
          myBallot: {
            optionId: payload.choice === 'abstain' ? null : payload.choice,
            comment: payload.comment ?? null,
            castAt: new Date().toISOString(),
          },
        });
      }
      if (receipt.closed) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

export function useCloseVote(live: VoteLink) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (voteId: string) => (await live.request('vote:close', { voteId })).vote,
    onSuccess: (vote) => storeVote(queryClient, vote),
  });
}
