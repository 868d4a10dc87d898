import { act } from '@testing-library/react';
import { vi } from 'vitest';
import type { ServerToClientEvents } from '@app/contracts';
import type { BoardView } from '../../api/types';
import { ME_ID, OTHER_ID, boardAs } from '../../test/fixtures';
import type { VoteLink } from './liveVotes';
import type { RecommendationView, VoteTally, VoteView } from './queries';

/** Votes, recommendations and a fake live room for the voting tests (tests only). */

export const CASE_ID = '00000000-0000-4000-8000-0000000000d1';
export const MEETING_ID = '00000000-0000-4000-8000-0000000000e1';
export const VOTE_ID = '00000000-0000-4000-8000-0000000000f1';
export const OPTION_A = '00000000-0000-4000-8000-00000000aaa1';
export const OPTION_B = '00000000-0000-4000-8000-00000000bbb1';
export const RECOMMENDATION_ID = '00000000-0000-4000-8000-0000000000f9';
const THIRD_ID = '00000000-0000-4000-8000-0000000000c3';
const FOURTH_ID = '00000000-0000-4000-8000-0000000000c4';

/** The board, with its voting policy, as someone with `role` on it sees it. */
export const votingBoard = (role: BoardView['myRole']): BoardView => ({
  ...boardAs(role),
  votingPolicy: {
    threshold: { kind: 'simple_majority' },
    abstentionsCountTowardQuorum: false,
    blindUntilClose: true,
    chairCastingVote: true,
  },
  quorumPolicy: { minVotingMembers: 3 } as BoardView['quorumPolicy'],
});

export const openVote = (overrides: Partial<VoteView> = {}): VoteView => ({
  id: VOTE_ID,
  caseId: CASE_ID,
  boardId: boardAs('panelist').id,
  meetingId: MEETING_ID,
  round: 1,
  mode: 'live',
  status: 'open',
  question: 'What is the recommended treatment?',
  options: [
    {
      id: OPTION_A,
      text: 'Neoadjuvant chemo-immunotherapy, then lobectomy',
      intent: 'curative',
      modalities: ['systemic_therapy', 'surgery'],
      sequence: '3 cycles, then surgery within 6 weeks',
    },
    {
      id: OPTION_B,
      text: 'Definitive chemoradiotherapy',
      intent: 'curative',
      modalities: ['radiotherapy', 'systemic_therapy'],
      sequence: null,
    },
  ],
  blind: true,
  deadline: null,
  openedBy: OTHER_ID,
  openedAt: '2026-12-01T07:10:00.000Z',
  closedAt: null,
  closeReason: null,
  eligible: [
    { userId: ME_ID, displayName: 'Dana Oncologist', specialty: 'medical_oncology' },
    { userId: OTHER_ID, displayName: 'Sam Surgeon', specialty: 'surgical_oncology' },
    { userId: THIRD_ID, displayName: 'Rae Radiotherapist', specialty: 'radiation_oncology' },
    { userId: FOURTH_ID, displayName: 'Pat Pathologist', specialty: 'pathology' },
    {
      userId: '00000000-0000-4000-8000-0000000000c5',
      displayName: 'Ola Oncologist',
      specialty: 'medical_oncology',
    },
  ],
  ballotsReceived: 3,
  myBallot: null,
  externalReferral: null,
  results: null,
  ...overrides,
});

/** Five eligible: A 3 votes, B 1, one abstention; A carries with 3 of 4. */
export const consensusTally: VoteTally = {
  options: [
    { optionId: OPTION_A, votes: 3, share: { votes: 3, of: 4 } },
    { optionId: OPTION_B, votes: 1, share: { votes: 1, of: 4 } },
  ],
  abstentions: 1,
  ballotsCounted: 5,
  eligibleCount: 5,
  turnout: { votes: 5, of: 5 },
  quorum: { met: true, counted: 4, required: 3 },
  bySpecialty: [
    {
      specialty: 'medical_oncology',
      eligible: 2,
      votes: [
        { optionId: OPTION_A, votes: 2 },
        { optionId: OPTION_B, votes: 0 },
      ],
      abstentions: 0,
    },
    {
      specialty: 'pathology',
      eligible: 1,
      votes: [
        { optionId: OPTION_A, votes: 0 },
        { optionId: OPTION_B, votes: 0 },
      ],
      abstentions: 1,
    },
    {
      specialty: 'radiation_oncology',
      eligible: 1,
      votes: [
        { optionId: OPTION_A, votes: 0 },
        { optionId: OPTION_B, votes: 1 },
      ],
      abstentions: 0,
    },
    {
      specialty: 'surgical_oncology',
      eligible: 1,
      votes: [
        { optionId: OPTION_A, votes: 1 },
        { optionId: OPTION_B, votes: 0 },
      ],
      abstentions: 0,
    },
  ],
};

export const closedVote = (overrides: Partial<VoteView> = {}): VoteView =>
  openVote({
    status: 'closed',
    closedAt: '2026-12-01T07:20:00.000Z',
    closeReason: 'chair',
    ballotsReceived: 5,
    myBallot: { optionId: OPTION_A, comment: null, castAt: '2026-12-01T07:12:00.000Z' },
    results: {
      outcome: { kind: 'consensus', optionId: OPTION_A, decidedBy: 'vote' },
      tally: consensusTally,
      ballots: [],
      minorityOpinions: [],
    },
    ...overrides,
  });

export const recommendation = (
  overrides: Partial<RecommendationView> = {},
): RecommendationView => ({
  id: RECOMMENDATION_ID,
  caseId: CASE_ID,
  boardId: boardAs('chair').id,
  voteId: VOTE_ID,
  version: 1,
  previousVersionId: null,
  amendmentReason: null,
  status: 'draft',
  content: {
    recommendation: {
      text: 'Neoadjuvant chemo-immunotherapy, then lobectomy',
      intent: 'curative',
      modalities: ['systemic_therapy', 'surgery'],
      sequence: '3 cycles, then surgery within 6 weeks',
    },
    rationale: 'Resectable stage IIIA; fit for surgery.',
    guidelineReferences: [{ citation: 'NCCN NSCLC v3.2026, NSCL-7', evidenceCategory: '1' }],
    trialReferrals: [],
  },
  decision: { decidedBy: 'vote', tally: consensusTally, minorityOpinions: [] },
  notesSnapshot: { text: '', sha256: 'e3b0c442' },
  contentHash: '5f2b9c0d8e7a41c3b6d2e9f01a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
  signature: null,
  createdBy: OTHER_ID,
  createdAt: '2026-12-01T07:25:00.000Z',
  publishedBy: null,
  publishedAt: null,
  supersededBy: null,
  ...overrides,
});

type Events = ServerToClientEvents;

/**
 * The live room as the voting screens use it: `request` is a mock the test scripts, and `emit`
 * delivers a server event to whoever listens.
 */
export function fakeLive() {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const request = vi.fn();
  const link = {
    request,
    on(event: string, listener: (payload: never) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    onReconnect: () => () => undefined,
  };
  return {
    live: link as unknown as VoteLink,
    request,
    emit<E extends keyof Events>(event: E, payload: Parameters<Events[E]>[0]) {
      act(() => {
        for (const listener of listeners.get(event) ?? []) listener(payload as never);
      });
    },
  };
}
