import { Specialty } from '@app/contracts';
import { BallotEntry, effectiveBallots, mayRecordMinorityOpinion } from './ballots';
import { VoteOutcome } from './tally';

const { MedicalOncology: MED, Pathology: PATH } = Specialty;

let clock = 0;
const entry = (
  voterId: string,
  optionId: string | null,
  sequence: number,
  extra: Partial<BallotEntry> = {},
): BallotEntry => ({
  voterId,
  specialty: MED,
  optionId,
  sequence,
  castAt: new Date(Date.UTC(2024, 5, 11, 12, 0, clock++)).toISOString(),
  ...extra,
});

describe('effectiveBallots', () => {
  it.each<[string, BallotEntry[], Array<[string, string | null, number]>]>([
    ['empty history', [], []],
    ['one ballot', [entry('u1', 'A', 1)], [['u1', 'A', 1]]],
    [
      'a changed ballot: the last counts',
      [entry('u1', 'A', 1), entry('u1', 'B', 2)],
      [['u1', 'B', 2]],
    ],
    [
      'history out of order: the highest sequence counts',
      [entry('u1', 'B', 7), entry('u1', 'A', 3)],
      [['u1', 'B', 7]],
    ],
    [
      'a vote changed to an abstention',
      [entry('u1', 'A', 1), entry('u1', null, 2)],
      [['u1', null, 2]],
    ],
    [
      'an abstention changed to a vote',
      [entry('u1', null, 1), entry('u1', 'A', 2)],
      [['u1', 'A', 2]],
    ],
    [
      'changed back to the first choice',
      [entry('u1', 'A', 1), entry('u1', 'B', 2), entry('u1', 'A', 3)],
      [['u1', 'A', 3]],
    ],
    [
      'several voters interleaved, sorted by voter',
      [
        entry('u3', 'A', 1),
        entry('u1', 'B', 2),
        entry('u2', null, 3),
        entry('u3', 'C', 4),
        entry('u1', 'A', 5),
      ],
      [
        ['u1', 'A', 5],
        ['u2', null, 3],
        ['u3', 'C', 4],
      ],
    ],
    [
      'sequence decides, not castAt',
      [
        entry('u1', 'A', 2, { castAt: '2024-06-11T12:00:00.000Z' }),
        entry('u1', 'B', 1, { castAt: '2024-06-11T13:00:00.000Z' }),
      ],
      [['u1', 'A', 2]],
    ],
    [
      'voter ids sorted by code units, not numerically',
      [entry('u10', 'A', 1), entry('u2', 'A', 2), entry('U1', 'A', 3)],
      [
        ['U1', 'A', 3],
        ['u10', 'A', 1],
        ['u2', 'A', 2],
      ],
    ],
  ])('%s', (_name, history, expected) => {
    expect(
      effectiveBallots(history).map((ballot) => [ballot.voterId, ballot.optionId, ballot.sequence]),
    ).toEqual(expected);
  });

  it('returns the recorded entries whole, comment and specialty included', () => {
    const first = entry('u1', 'A', 1, { comment: 'first thoughts' });
    const last = entry('u1', 'B', 2, { comment: 'after the pathology review', specialty: PATH });
    expect(effectiveBallots([first, last])).toEqual([last]);
  });

  it('keeps extra fields the caller stored on its entries', () => {
    const history = [{ ...entry('u1', 'A', 1), id: 'b1' }];
    expect(effectiveBallots(history)[0].id).toBe('b1');
  });

  it('leaves the history intact', () => {
    const history = Object.freeze([
      Object.freeze(entry('u2', 'A', 1)),
      Object.freeze(entry('u1', 'B', 2)),
      Object.freeze(entry('u2', 'C', 3)),
    ]);
    const copy = JSON.parse(JSON.stringify(history)) as BallotEntry[];
    effectiveBallots(history);
    expect(history).toEqual(copy);
  });

  it('does not depend on the order of the history', () => {
    const history = [
      entry('u1', 'A', 1),
      entry('u2', 'B', 2),
      entry('u1', 'C', 3),
      entry('u2', null, 4),
    ];
    expect(effectiveBallots([...history].reverse())).toEqual(effectiveBallots(history));
  });

  it('throws on two ballots of one voter with the same sequence', () => {
    expect(() => effectiveBallots([entry('u1', 'A', 4), entry('u1', 'B', 4)])).toThrow(
      'voter u1 has two ballots with sequence 4',
    );
  });

  it('accepts the same sequence for different voters', () => {
    expect(effectiveBallots([entry('u1', 'A', 4), entry('u2', 'B', 4)])).toHaveLength(2);
  });
});

describe('mayRecordMinorityOpinion', () => {
  const byVote: VoteOutcome = { kind: 'consensus', optionId: 'A', decidedBy: 'vote' };
  const byCastingVote: VoteOutcome = {
    kind: 'consensus',
    optionId: 'A',
    decidedBy: 'casting_vote',
  };
  const outcomes: Array<[string, VoteOutcome]> = [
    ['no quorum', { kind: 'no_quorum' }],
    ['all abstained', { kind: 'no_consensus', reason: 'all_abstained' }],
    ['below threshold', { kind: 'no_consensus', reason: 'below_threshold' }],
    ['tie', { kind: 'no_consensus', reason: 'tie', tiedOptionIds: ['A', 'B'] }],
  ];

  it.each<[string, VoteOutcome, { optionId: string | null } | null, boolean]>([
    ['consensus, voted for another option', byVote, { optionId: 'B' }, true],
    ['consensus, voted for the recommendation', byVote, { optionId: 'A' }, false],
    ['consensus, abstained', byVote, { optionId: null }, false],
    ['consensus, did not vote', byVote, null, false],
    ['casting vote, voted for another option', byCastingVote, { optionId: 'B' }, true],
    ['casting vote, voted for the recommendation', byCastingVote, { optionId: 'A' }, false],
    ['casting vote, abstained', byCastingVote, { optionId: null }, false],
    ['casting vote, did not vote', byCastingVote, null, false],
    ...outcomes.flatMap(([name, outcome]) =>
      [{ optionId: 'A' }, { optionId: 'B' }, { optionId: null }, null].map(
        (ballot): [string, VoteOutcome, { optionId: string | null } | null, boolean] => [
          `${name}, ballot ${JSON.stringify(ballot)}`,
          outcome,
          ballot,
          false,
        ],
      ),
    ),
  ])('%s', (_name, outcome, ballot, expected) => {
    expect(mayRecordMinorityOpinion(outcome, ballot)).toBe(expected);
  });
});
