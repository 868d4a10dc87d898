import { VoteAnnouncement, VoteOutcomeView, VoteTallyView } from '@app/contracts';
import { EventTopic } from '@app/core';

/** What happened to a vote, for the live room to tell the meeting. */
export type VoteEvent =
  | {
      type: 'opened';
      voteId: string;
      meetingId: string | null;
      announcement: VoteAnnouncement | null;
    }
  | {
      type: 'progress';
      voteId: string;
      meetingId: string | null;
      ballotsReceived: number;
      eligibleCount: number;
    }
  | {
      type: 'closed';
      voteId: string;
      meetingId: string | null;
      outcome: VoteOutcomeView;
      tally: VoteTallyView;
      openedAt: Date;
      closedAt: Date;
    };

/** Vote events on the domain event bus: delivered once the outermost transaction that changed the vote commits. */
export const VOTE_EVENTS = new EventTopic<VoteEvent>('vote');
