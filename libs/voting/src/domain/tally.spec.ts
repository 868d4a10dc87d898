import { SPECIALTIES, Specialty, VotingPolicy, VotingThreshold } from '@app/contracts';
import {
  Ballot,
  decideOutcome,
  EligibleVoter,
  meetsThreshold,
  Tally,
  TallyInput,
  VoteOutcome,
} from './tally';

const {
  MedicalOncology: MED,
  RadiationOncology: RAD_ONC,
  SurgicalOncology: SURG,
  Pathology: PATH,
  Radiology: RADIOLOGY,
} = Specialty;

const MAJORITY: VotingThreshold = { kind: 'simple_majority' };
const TWO_THIRDS: VotingThreshold = { kind: 'two_thirds' };
const UNANIMOUS: VotingThreshold = { kind: 'unanimous' };
const custom = (percent: number): VotingThreshold => ({ kind: 'custom', percent });

const consensus = (optionId: string): VoteOutcome => ({
  kind: 'consensus',
  optionId,
  decidedBy: 'vote',
});
const casting = (optionId: string): VoteOutcome => ({
  kind: 'consensus',
  optionId,
  decidedBy: 'casting_vote',
});
const tie = (...tiedOptionIds: string[]): VoteOutcome => ({
  kind: 'no_consensus',
  reason: 'tie',
  tiedOptionIds,
});
const BELOW: VoteOutcome = { kind: 'no_consensus', reason: 'below_threshold' };
const ALL_ABSTAINED: VoteOutcome = { kind: 'no_consensus', reason: 'all_abstained' };
const NO_QUORUM: VoteOutcome = { kind: 'no_quorum' };

/** `v001`, `v002`…: zero-padded so that id order is voting order. */
const voterId = (index: number): string => `v${String(index + 1).padStart(3, '0')}`;

/** 'A'.repeat(51) + 'B'.repeat(49) without the noise: times('A', 51, 'B', 49). */
function times(...parts: Array<string | number>): string {
  let pattern = '';
  for (let i = 0; i < parts.length; i += 2)
    pattern += String(parts[i]).repeat(Number(parts[i + 1]));
  return pattern;
}

interface Scenario {
  threshold?: VotingThreshold;
  min?: number;
  abstentionsCount?: boolean;
  chairCastingVote?: boolean;
  chairId?: string | null;
  options?: string[];
  /** Eligible voters who cast no ballot. */
  absent?: number;
  /** Extra ballots, e.g. from people who are not eligible. */
  extraBallots?: Ballot[];
}

/**
 * One eligible medical oncologist per character of `pattern`, voting for the option named by
 * the character, '-' for an abstention. Options A, B, C; minimum of one voter; no casting vote.
 */
function scenario(pattern: string, s: Scenario = {}): TallyInput {
  const voters = [...pattern].map((choice, i) => ({
    voterId: voterId(i),
    specialty: MED,
    optionId: choice === '-' ? null : choice,
  }));
  const absentees = Array.from({ length: s.absent ?? 0 }, (_, i) => voterId(pattern.length + i));
  return {
    options: (s.options ?? ['A', 'B', 'C']).map((id) => ({ id })),
    eligible: [
      ...voters.map(({ voterId: userId }) => ({ userId, specialty: MED })),
      ...absentees.map((userId) => ({ userId, specialty: MED })),
    ],
    ballots: [...voters, ...(s.extraBallots ?? [])],
    policy: {
      threshold: s.threshold ?? MAJORITY,
      abstentionsCountTowardQuorum: s.abstentionsCount ?? true,
      blindUntilClose: true,
      chairCastingVote: s.chairCastingVote ?? false,
    },
    minVotingMembers: s.min ?? 1,
    chairId: s.chairId === undefined ? null : s.chairId,
  };
}

const outcome = (pattern: string, s?: Scenario): VoteOutcome =>
  decideOutcome(scenario(pattern, s)).outcome;

describe('meetsThreshold', () => {
  /** The fewest votes out of `of` that carry, worked out independently of the implementation. */
  function votesNeeded(threshold: VotingThreshold, of: number): number {
    switch (threshold.kind) {
      case 'simple_majority':
        return Math.floor(of / 2) + 1;
      case 'two_thirds':
        return Math.ceil((2 * of) / 3);
      case 'unanimous':
        return of;
      case 'custom':
        return Math.floor((threshold.percent * of + 99) / 100);
    }
  }

  const thresholds: VotingThreshold[] = [
    MAJORITY,
    TWO_THIRDS,
    UNANIMOUS,
    ...Array.from({ length: 50 }, (_, i) => custom(51 + i)),
  ];

  it.each(thresholds.map((threshold) => [JSON.stringify(threshold), threshold]))(
    '%s: carries from the votes needed, for every count up to 200 voters',
    (_name, threshold) => {
      for (let of = 1; of <= 200; of++) {
        const needed = votesNeeded(threshold, of);
        for (let votes = 0; votes <= of; votes++) {
          if (meetsThreshold(threshold, votes, of) !== votes >= needed)
            throw new Error(`${votes} of ${of}: expected ${votes >= needed}`);
        }
      }
    },
  );

  it.each(thresholds.map((threshold) => [JSON.stringify(threshold), threshold]))(
    '%s: nobody voting meets nothing',
    (_name, threshold) => {
      expect(meetsThreshold(threshold, 0, 0)).toBe(false);
    },
  );

  it.each<[string, VotingThreshold, number, number, boolean]>([
    ['majority, exactly half', MAJORITY, 1, 2, false],
    ['majority, one over half', MAJORITY, 2, 3, true],
    ['two thirds, 6 of 9', TWO_THIRDS, 6, 9, true],
    ['two thirds, 5 of 8', TWO_THIRDS, 5, 8, false],
    ['two thirds, 66 of 100', TWO_THIRDS, 66, 100, false],
    ['two thirds, 67 of 100', TWO_THIRDS, 67, 100, true],
    ['unanimous, all', UNANIMOUS, 4, 4, true],
    ['unanimous, all but one', UNANIMOUS, 3, 4, false],
    ['57 %, exactly 57 of 100 (57 / 100 * 100 < 57 in floating point)', custom(57), 57, 100, true],
    ['57 %, 56 of 100', custom(57), 56, 100, false],
    ['58 %, exactly 29 of 50 (29 / 50 * 100 < 58 in floating point)', custom(58), 29, 50, true],
    ['67 %, 2 of 3', custom(67), 2, 3, false],
    ['66 %, 2 of 3', custom(66), 2, 3, true],
    ['100 %, all', custom(100), 7, 7, true],
    ['100 %, all but one', custom(100), 6, 7, false],
  ])('%s', (_name, threshold, votes, of, expected) => {
    expect(meetsThreshold(threshold, votes, of)).toBe(expected);
  });
});

describe('decideOutcome', () => {
  describe('thresholds at and around their boundary (abstentions excluded from the share)', () => {
    it.each<[string, VotingThreshold, string, VoteOutcome]>([
      ['majority, single vote', MAJORITY, 'A', consensus('A')],
      ['majority, 2 of 3', MAJORITY, 'AAB', consensus('A')],
      ['majority, exactly half with a unique leader', MAJORITY, 'AABC', BELOW],
      ['majority, 3 of 5', MAJORITY, 'AAABC', consensus('A')],
      ['majority, 3 of 6', MAJORITY, 'AAABBC', BELOW],
      ['majority, 4 of 7', MAJORITY, 'AAAABBC', consensus('A')],
      [
        'majority, abstentions do not dilute: 2 of 3 with 2 abstaining',
        MAJORITY,
        'AAB--',
        consensus('A'),
      ],
      ['majority, abstentions do not help: 2 of 4 with 2 abstaining', MAJORITY, 'AABC--', BELOW],
      ['majority for the second option', MAJORITY, 'BBBAA', consensus('B')],
      ['majority for the last option', MAJORITY, 'CCCAB', consensus('C')],
      ['two thirds, 2 of 3', TWO_THIRDS, 'AAB', consensus('A')],
      ['two thirds, 6 of 9', TWO_THIRDS, times('A', 6, 'B', 3), consensus('A')],
      ['two thirds, 5 of 8', TWO_THIRDS, times('A', 5, 'B', 3), BELOW],
      ['two thirds, 5 of 9', TWO_THIRDS, times('A', 5, 'B', 3, 'C', 1), BELOW],
      ['two thirds, 7 of 11', TWO_THIRDS, times('A', 7, 'B', 4), BELOW],
      ['two thirds, 8 of 12', TWO_THIRDS, times('A', 8, 'B', 4), consensus('A')],
      ['two thirds, 3 of 5', TWO_THIRDS, 'AAABB', BELOW],
      ['two thirds, 3 of 4', TWO_THIRDS, 'AAAB', consensus('A')],
      ['two thirds, 2 of 3 with 3 abstaining', TWO_THIRDS, 'AAB---', consensus('A')],
      ['two thirds, 66 of 100', TWO_THIRDS, times('A', 66, 'B', 34), BELOW],
      ['two thirds, 67 of 100', TWO_THIRDS, times('A', 67, 'B', 33), consensus('A')],
      ['unanimous, single vote', UNANIMOUS, 'A', consensus('A')],
      ['unanimous, all three', UNANIMOUS, 'AAA', consensus('A')],
      ['unanimous, one dissent', UNANIMOUS, 'AAAB', BELOW],
      ['unanimous, abstentions do not break it', UNANIMOUS, 'AAA--', consensus('A')],
      ['unanimous, one vote and one abstention', UNANIMOUS, '-A', consensus('A')],
      ['unanimous, 99 of 100', UNANIMOUS, times('A', 99, 'B', 1), BELOW],
      ['51 %, 51 of 100', custom(51), times('A', 51, 'B', 48, 'C', 1), consensus('A')],
      ['51 %, 50 of 100 with a unique leader', custom(51), times('A', 50, 'B', 49, 'C', 1), BELOW],
      ['51 %, 2 of 3', custom(51), 'AAB', consensus('A')],
      ['57 %, exactly 57 of 100', custom(57), times('A', 57, 'B', 43), consensus('A')],
      ['57 %, 56 of 100', custom(57), times('A', 56, 'B', 44), BELOW],
      ['66 %, 2 of 3', custom(66), 'AAB', consensus('A')],
      ['67 %, 2 of 3', custom(67), 'AAB', BELOW],
      ['67 %, 67 of 100', custom(67), times('A', 67, 'B', 33), consensus('A')],
      ['75 %, 3 of 4', custom(75), 'AAAB', consensus('A')],
      ['75 %, 3 of 4 with an abstention', custom(75), 'AAAB-', consensus('A')],
      ['75 %, 5 of 7', custom(75), times('A', 5, 'B', 2), BELOW],
      ['75 %, 6 of 7', custom(75), times('A', 6, 'B', 1), consensus('A')],
      ['99 %, 99 of 100', custom(99), times('A', 99, 'B', 1), consensus('A')],
      ['99 %, 98 of 100', custom(99), times('A', 98, 'B', 2), BELOW],
      ['100 %, all with abstentions', custom(100), 'AAA--', consensus('A')],
      ['100 %, one dissent', custom(100), 'AAAB', BELOW],
    ])('%s', (_name, threshold, pattern, expected) => {
      expect(outcome(pattern, { threshold })).toEqual(expected);
    });
  });

  describe('participation quorum', () => {
    it.each<[string, string, Scenario, VoteOutcome, number]>([
      ['exactly the minimum', 'AAB', { min: 3 }, consensus('A'), 3],
      ['one above the minimum', 'AABA', { min: 3 }, consensus('A'), 4],
      ['one below the minimum', 'AA', { min: 3 }, NO_QUORUM, 2],
      ['zero ballots', '', { min: 1 }, NO_QUORUM, 0],
      ['zero ballots, everyone absent', '', { min: 1, absent: 5 }, NO_QUORUM, 0],
      ['eligible fewer than the minimum, all voting', 'AA', { min: 3 }, NO_QUORUM, 2],
      ['eligible voters who did not vote do not count', 'AA', { min: 3, absent: 10 }, NO_QUORUM, 2],
      ['abstentions counting, they complete quorum', 'AA-', { min: 3 }, consensus('A'), 3],
      [
        'abstentions not counting, they do not complete quorum',
        'AA-',
        { min: 3, abstentionsCount: false },
        NO_QUORUM,
        2,
      ],
      [
        'abstentions not counting, enough votes without them',
        'AAA-',
        { min: 3, abstentionsCount: false },
        consensus('A'),
        3,
      ],
      ['all abstain, abstentions counting', '---', { min: 3 }, ALL_ABSTAINED, 3],
      ['all abstain, abstentions not counting', '---', { abstentionsCount: false }, NO_QUORUM, 0],
      [
        'a single vote among abstentions, abstentions not counting',
        'A--',
        { abstentionsCount: false },
        consensus('A'),
        1,
      ],
      [
        'rejected ballots do not count toward quorum',
        'AA',
        {
          min: 3,
          extraBallots: [
            { voterId: 'outsider', specialty: MED, optionId: 'A' },
            { voterId: voterId(2), specialty: MED, optionId: 'Z' },
          ],
          absent: 1,
        },
        NO_QUORUM,
        2,
      ],
      [
        'no quorum wins over a tie the chair could break',
        'AB',
        { min: 3, chairCastingVote: true, chairId: voterId(0) },
        NO_QUORUM,
        2,
      ],
    ])('%s', (_name, pattern, s, expected, counted) => {
      const tally = decideOutcome(scenario(pattern, s));
      expect(tally.outcome).toEqual(expected);
      expect(tally.quorum).toEqual({
        met: expected.kind !== 'no_quorum',
        counted,
        required: s.min ?? 1,
      });
    });
  });

  describe('ties', () => {
    it.each<[string, string, Scenario, VoteOutcome]>([
      ['two options, one vote each', 'AB', {}, tie('A', 'B')],
      ['two options, two votes each', 'AABB', {}, tie('A', 'B')],
      ['two tied ahead of a third', 'AABBC', {}, tie('A', 'B')],
      ['two tied with abstentions', 'AABB--', {}, tie('A', 'B')],
      [
        'the tie is reported in the vote order',
        'AABB',
        { options: ['C', 'B', 'A'] },
        tie('B', 'A'),
      ],
      ['the second and third options', 'BBCC', {}, tie('B', 'C')],
      ['three options, one vote each', 'ABC', {}, tie('A', 'B', 'C')],
      ['three options, two votes each', 'AABBCC', {}, tie('A', 'B', 'C')],
      ['a tie for second place is no tie', 'AAABBCC', {}, BELOW],
      ['tie under two thirds', 'AABB', { threshold: TWO_THIRDS }, tie('A', 'B')],
      ['tie under unanimity', 'AB', { threshold: UNANIMOUS }, tie('A', 'B')],
      ['tie under a custom percent', 'AABB', { threshold: custom(60) }, tie('A', 'B')],
    ])('%s', (_name, pattern, s, expected) => {
      expect(outcome(pattern, s)).toEqual(expected);
    });
  });

  describe("the chair's casting vote", () => {
    const CHAIR = voterId(0);
    const allowed = (s: Scenario = {}): Scenario => ({
      chairCastingVote: true,
      chairId: CHAIR,
      ...s,
    });

    it.each<[string, string, Scenario, VoteOutcome]>([
      ['allowed, chair voted for the first tied option', 'AABB', allowed(), casting('A')],
      ['allowed, chair voted for the second tied option', 'BBAA', allowed(), casting('B')],
      ['allowed, three-way tie', 'CCAABB', allowed(), casting('C')],
      ['allowed, even under unanimity', 'AB', allowed({ threshold: UNANIMOUS }), casting('A')],
      ['not allowed', 'AABB', { chairId: CHAIR }, tie('A', 'B')],
      ['chair abstained', '-AABB', allowed(), tie('A', 'B')],
      ['chair voted for an option outside the tie', 'CAABB', allowed(), tie('A', 'B')],
      ['chair eligible but did not vote', 'AABB', allowed({ chairId: 'v999' }), tie('A', 'B')],
      ['no chair', 'AABB', allowed({ chairId: null }), tie('A', 'B')],
      [
        'chair not eligible: the ballot is not counted',
        'AABB',
        allowed({
          chairId: 'chair',
          extraBallots: [{ voterId: 'chair', specialty: MED, optionId: 'A' }],
        }),
        tie('A', 'B'),
      ],
      ['no tie: the casting vote does not lift a leader', 'AAABBC', allowed(), BELOW],
      ['a carried vote is decided by the vote', 'AAB', allowed(), consensus('A')],
    ])('%s', (_name, pattern, s, expected) => {
      expect(outcome(pattern, s)).toEqual(expected);
    });
  });

  describe('single option', () => {
    it.each<[string, string, VotingThreshold, VoteOutcome]>([
      ['one vote', 'A', MAJORITY, consensus('A')],
      ['votes and abstentions', 'AA--', UNANIMOUS, consensus('A')],
      ['all abstain', '--', MAJORITY, ALL_ABSTAINED],
    ])('%s', (_name, pattern, threshold, expected) => {
      expect(outcome(pattern, { threshold, options: ['A'] })).toEqual(expected);
    });
  });

  describe('ballots that are not counted', () => {
    const outsider = (id: string, optionId: string | null): Ballot => ({
      voterId: id,
      specialty: PATH,
      optionId,
    });

    it('leaves out ballots of non-eligible voters and for unknown options, sorted by voter', () => {
      const tally = decideOutcome(
        scenario('AB-', {
          extraBallots: [outsider('zed', 'A'), outsider('amy', null), outsider('kim', 'Z')],
        }),
      );
      expect(tally.rejected).toEqual([
        { voterId: 'amy', reason: 'not_eligible' },
        { voterId: 'kim', reason: 'not_eligible' },
        { voterId: 'zed', reason: 'not_eligible' },
      ]);
      expect(tally.outcome).toEqual(tie('A', 'B'));
      expect(tally.ballotsCounted).toBe(3);
      expect(tally.bySpecialty.map((entry) => entry.specialty)).toEqual([MED]);
    });

    it('rejects the ballot of an eligible voter for an unknown option', () => {
      const input = scenario('AAZ', { threshold: UNANIMOUS });
      const tally = decideOutcome(input);
      expect(tally.rejected).toEqual([{ voterId: voterId(2), reason: 'unknown_option' }]);
      expect(tally.outcome).toEqual(consensus('A'));
      expect(tally.turnout).toEqual({ votes: 2, of: 3 });
    });
  });

  describe('the figures behind the outcome', () => {
    const eligible: EligibleVoter[] = [
      { userId: 'u5', specialty: SURG },
      { userId: 'u1', specialty: MED },
      { userId: 'u2', specialty: MED },
      { userId: 'u3', specialty: PATH },
      { userId: 'u4', specialty: RADIOLOGY },
      { userId: 'u6', specialty: MED },
    ];
    const ballots: Ballot[] = [
      { voterId: 'u6', specialty: MED, optionId: 'surgery' },
      { voterId: 'u1', specialty: MED, optionId: 'surgery' },
      { voterId: 'u2', specialty: MED, optionId: 'chemo' },
      { voterId: 'u3', specialty: PATH, optionId: null },
      /** The ballot records the specialty held when it was cast. */
      { voterId: 'u5', specialty: RAD_ONC, optionId: 'surgery' },
      { voterId: 'x9', specialty: PATH, optionId: 'chemo' },
    ];
    const policy: VotingPolicy = {
      threshold: MAJORITY,
      abstentionsCountTowardQuorum: true,
      blindUntilClose: true,
      chairCastingVote: false,
    };
    const input: TallyInput = {
      options: [{ id: 'surgery' }, { id: 'chemo' }, { id: 'watch' }],
      eligible,
      ballots,
      policy,
      minVotingMembers: 5,
      chairId: 'u1',
    };

    it('reports per option, per specialty, turnout and quorum', () => {
      const expected: Tally = {
        outcome: consensus('surgery'),
        options: [
          { optionId: 'surgery', votes: 3, share: { votes: 3, of: 4 } },
          { optionId: 'chemo', votes: 1, share: { votes: 1, of: 4 } },
          { optionId: 'watch', votes: 0, share: { votes: 0, of: 4 } },
        ],
        abstentions: 1,
        ballotsCounted: 5,
        eligibleCount: 6,
        turnout: { votes: 5, of: 6 },
        quorum: { met: true, counted: 5, required: 5 },
        bySpecialty: [
          {
            specialty: MED,
            eligible: 3,
            votes: [
              { optionId: 'surgery', votes: 2 },
              { optionId: 'chemo', votes: 1 },
              { optionId: 'watch', votes: 0 },
            ],
            abstentions: 0,
          },
          {
            specialty: RAD_ONC,
            eligible: 0,
            votes: [
              { optionId: 'surgery', votes: 1 },
              { optionId: 'chemo', votes: 0 },
              { optionId: 'watch', votes: 0 },
            ],
            abstentions: 0,
          },
          {
            specialty: SURG,
            eligible: 1,
            votes: [
              { optionId: 'surgery', votes: 0 },
              { optionId: 'chemo', votes: 0 },
              { optionId: 'watch', votes: 0 },
            ],
            abstentions: 0,
          },
          {
            specialty: PATH,
            eligible: 1,
            votes: [
              { optionId: 'surgery', votes: 0 },
              { optionId: 'chemo', votes: 0 },
              { optionId: 'watch', votes: 0 },
            ],
            abstentions: 1,
          },
          {
            specialty: RADIOLOGY,
            eligible: 1,
            votes: [
              { optionId: 'surgery', votes: 0 },
              { optionId: 'chemo', votes: 0 },
              { optionId: 'watch', votes: 0 },
            ],
            abstentions: 0,
          },
        ],
        rejected: [{ voterId: 'x9', reason: 'not_eligible' }],
      };
      expect(decideOutcome(input)).toEqual(expected);
    });

    it('still reports the figures when there is no quorum', () => {
      const tally = decideOutcome({ ...input, minVotingMembers: 6 });
      expect(tally.outcome).toEqual(NO_QUORUM);
      expect(tally.options.map((option) => option.votes)).toEqual([3, 1, 0]);
      expect(tally.quorum).toEqual({ met: false, counted: 5, required: 6 });
    });

    it('reports nobody eligible as 0 of 0', () => {
      const tally = decideOutcome({ ...input, eligible: [], ballots: [] });
      expect(tally.turnout).toEqual({ votes: 0, of: 0 });
      expect(tally.bySpecialty).toEqual([]);
      expect(tally.options.map((option) => option.share)).toEqual([
        { votes: 0, of: 0 },
        { votes: 0, of: 0 },
        { votes: 0, of: 0 },
      ]);
    });

    it('does not mutate its inputs', () => {
      const frozen = <T>(items: T[]): T[] =>
        Object.freeze(items.map((item) => Object.freeze({ ...item }))) as T[];
      const before = JSON.stringify(input);
      expect(() =>
        decideOutcome({
          ...input,
          options: frozen([...input.options]),
          eligible: frozen(eligible),
          ballots: frozen(ballots),
        }),
      ).not.toThrow();
      expect(JSON.stringify(input)).toBe(before);
    });
  });

  describe('malformed input is a programming error', () => {
    const valid = scenario('AB');

    it.each<[string, Partial<TallyInput>, string]>([
      ['no options', { options: [] }, 'at least one option'],
      ['duplicate option ids', { options: [{ id: 'A' }, { id: 'A' }] }, 'duplicate option A'],
      [
        'a voter listed twice',
        { eligible: [...valid.eligible, { userId: voterId(0), specialty: PATH }] },
        'duplicate eligible voter v001',
      ],
      [
        'two ballots from one voter',
        { ballots: [...valid.ballots, { voterId: voterId(1), specialty: MED, optionId: 'A' }] },
        'duplicate ballot voter v002',
      ],
      ['minimum of zero', { minVotingMembers: 0 }, 'minVotingMembers'],
      ['fractional minimum', { minVotingMembers: 1.5 }, 'minVotingMembers'],
      ...[50, 101, 0, 66.5, Number.NaN].map((percent): [string, Partial<TallyInput>, string] => [
        `custom percent ${percent}`,
        { policy: { ...valid.policy, threshold: custom(percent) } },
        'custom threshold',
      ]),
    ])('%s', (_name, override, message) => {
      expect(() => decideOutcome({ ...valid, ...override })).toThrow(message);
    });
  });

  describe('invariants over random votes', () => {
    /** mulberry32: a small seeded generator, so a failure always reproduces. */
    function random(seed: number): () => number {
      let state = seed;
      return () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    function shuffled<T>(items: readonly T[], next: () => number): T[] {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    }

    const THRESHOLDS: VotingThreshold[] = [MAJORITY, TWO_THIRDS, UNANIMOUS, custom(51), custom(75)];

    function randomInput(next: () => number): TallyInput {
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
      const options = ['A', 'B', 'C', 'D']
        .slice(0, 1 + Math.floor(next() * 4))
        .map((id) => ({ id }));
      const eligible = Array.from({ length: Math.floor(next() * 13) }, (_, i) => ({
        userId: voterId(i),
        specialty: pick(SPECIALTIES),
      }));
      const ballots: Ballot[] = eligible
        .filter(() => next() < 0.8)
        .map((voter) => ({
          voterId: voter.userId,
          specialty: voter.specialty,
          optionId: next() < 0.2 ? null : pick([...options.map((option) => option.id), 'Z']),
        }));
      if (next() < 0.3) ballots.push({ voterId: 'outsider', specialty: PATH, optionId: 'A' });
      return {
        options,
        eligible,
        ballots,
        policy: {
          threshold: pick(THRESHOLDS),
          abstentionsCountTowardQuorum: next() < 0.5,
          blindUntilClose: true,
          chairCastingVote: next() < 0.5,
        },
        minVotingMembers: 1 + Math.floor(next() * 6),
        chairId: next() < 0.8 ? pick([...eligible.map((voter) => voter.userId), 'outsider']) : null,
      };
    }

    const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

    it('hold for 2,000 seeded random votes', () => {
      const next = random(20240611);
      const outcomes = new Set<string>();
      for (let run = 0; run < 2000; run++) {
        const input = randomInput(next);
        const tally = decideOutcome(input);
        const cast = tally.ballotsCounted - tally.abstentions;
        outcomes.add(
          tally.outcome.kind === 'no_consensus'
            ? tally.outcome.reason
            : tally.outcome.kind === 'consensus'
              ? tally.outcome.decidedBy
              : tally.outcome.kind,
        );

        expect(sum(tally.options.map((option) => option.votes)) + tally.abstentions).toBe(
          tally.ballotsCounted,
        );
        expect(tally.ballotsCounted + tally.rejected.length).toBe(input.ballots.length);
        expect(tally.options.every((option) => option.share.of === cast)).toBe(true);
        expect(tally.turnout.votes).toBeLessThanOrEqual(tally.turnout.of);
        expect(sum(tally.bySpecialty.map((entry) => entry.abstentions))).toBe(tally.abstentions);
        expect(sum(tally.bySpecialty.map((entry) => entry.eligible))).toBe(tally.eligibleCount);
        tally.options.forEach((option, i) =>
          expect(sum(tally.bySpecialty.map((entry) => entry.votes[i].votes))).toBe(option.votes),
        );

        const carrying = tally.options.filter((option) =>
          meetsThreshold(input.policy.threshold, option.votes, cast),
        );
        expect(carrying.length).toBeLessThanOrEqual(1);
        expect(tally.outcome.kind === 'no_quorum').toBe(!tally.quorum.met);
        expect(tally.quorum.met).toBe(tally.quorum.counted >= input.minVotingMembers);
        if (tally.outcome.kind === 'consensus' && tally.outcome.decidedBy === 'vote')
          expect(carrying.map((option) => option.optionId)).toEqual([tally.outcome.optionId]);
        if (tally.outcome.kind === 'consensus' && tally.outcome.decidedBy === 'casting_vote') {
          expect(carrying).toEqual([]);
          expect(input.policy.chairCastingVote).toBe(true);
          expect(input.ballots.find((b) => b.voterId === input.chairId)?.optionId).toBe(
            tally.outcome.optionId,
          );
        }

        const reordered = decideOutcome({
          ...input,
          eligible: shuffled(input.eligible, next),
          ballots: shuffled(input.ballots, next),
        });
        expect(reordered).toEqual(tally);
      }
      expect([...outcomes].sort()).toEqual([
        'all_abstained',
        'below_threshold',
        'casting_vote',
        'no_quorum',
        'tie',
        'vote',
      ]);
    });
  });
});
