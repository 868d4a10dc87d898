import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/types';
import { normaliseNctId } from './RecommendationFields';
import { OPTION_A, OPTION_B, consensusTally, openVote } from './testing';
import { outcomeWords, percent } from './words';

const options = openVote().options;

describe('an outcome in words', () => {
  it.each<[Schemas['VoteOutcomeView'], string, string]>([
    [
      { kind: 'consensus', optionId: OPTION_A, decidedBy: 'vote' },
      'Consensus on Option A',
      'success',
    ],
    [
      { kind: 'consensus', optionId: OPTION_B, decidedBy: 'casting_vote' },
      'Consensus on Option B by the chair’s casting vote',
      'success',
    ],
    [
      { kind: 'no_consensus', reason: 'tie', tiedOptionIds: [OPTION_A, OPTION_B] },
      'No consensus: tie between Option A and Option B',
      'warning',
    ],
    [
      { kind: 'no_consensus', reason: 'below_threshold' },
      'No consensus: below the threshold',
      'warning',
    ],
    [
      { kind: 'no_consensus', reason: 'all_abstained' },
      'No consensus: every ballot abstained',
      'warning',
    ],
    [{ kind: 'no_quorum' }, 'No quorum: the vote decides nothing', 'danger'],
  ])('%j', (outcome, title, tone) => {
    const words = outcomeWords(outcome, options, consensusTally);
    expect(words.title).toBe(title);
    expect(words.tone).toBe(tone);
  });

  it('gives the winning share exactly as counted', () => {
    expect(percent({ votes: 2, of: 3 })).toBe('67%');
    expect(percent({ votes: 0, of: 0 })).toBe('—');
  });
});

describe('an NCT number as typed', () => {
  it.each([
    ['NCT04368728', 'NCT04368728'],
    [' nct04368728 ', 'NCT04368728'],
    ['NCT0436872', null],
    ['NCT043687281', null],
    ['NCT 04368728', null],
    ['04368728', null],
  ])('%j → %j', (typed, expected) => {
    expect(normaliseNctId(typed)).toBe(expected);
  });
});
