import { Conflict, Forbidden, InvalidInput } from '@app/core';
import { BallotDecision, SubmittedBallot, VoteAtBatch, decideBallots } from './ballot-batch';

const NOW = new Date('2026-03-03T09:00:00.000Z');
const LATER = new Date('2026-03-03T10:00:00.000Z');

const ballot = (
  voterId: string,
  optionId: string | null,
  submissionId: string,
  submittedAt = NOW,
): SubmittedBallot => ({ voterId, optionId, submissionId, submittedAt });

/** Three eligible voters of whom u1 has voted once (submission s0); u2 and u3 not yet; u4 and u5 may vote too. */
const vote = (overrides: Partial<VoteAtBatch> = {}): VoteAtBatch => ({
  closed: false,
  deadline: null,
  optionIds: ['A', 'B'],
  voters: [
    { voterId: 'u1', latestSequence: 1, recordedSubmissionIds: ['s0'] },
    { voterId: 'u2', latestSequence: 0, recordedSubmissionIds: [] },
    { voterId: 'u3', latestSequence: 0, recordedSubmissionIds: [] },
  ],
  ballotsReceived: 1,
  eligibleCount: 5,
  ...overrides,
});

const recorded = (sequence: number, ballotsReceived: number, closesVote = false) => ({
  kind: 'recorded' as const,
  sequence,
  ballotsReceived,
  closesVote,
});
const duplicate = (ballotsReceived: number, closed = false) => ({
  kind: 'duplicate' as const,
  ballotsReceived,
  closed,
});

/** A refusal as its voter sees it: the error's class and message. */
const refusedWith = (error: Error) => ({
  kind: 'refused' as const,
  error: expect.objectContaining({ name: error.name, message: error.message }),
});
const NOT_ELIGIBLE = refusedWith(new Forbidden('you are not eligible to vote on this case'));
const CLOSED = refusedWith(new Conflict('the vote is closed'));
const DEADLINE_PASSED = refusedWith(
  new Conflict('the deadline has passed; the vote is being closed'),
);
const UNKNOWN_OPTION = refusedWith(new InvalidInput('unknown option'));

describe('decideBallots', () => {
  it.each<[string, VoteAtBatch, SubmittedBallot[], unknown[]]>([
    ['an empty batch', vote(), [], []],
    [
      'a first ballot: sequence 1, one more voter',
      vote(),
      [ballot('u2', 'A', 's1')],
      [recorded(1, 2)],
    ],
    ['an abstention is a ballot', vote(), [ballot('u2', null, 's1')], [recorded(1, 2)]],
    [
      'a changed ballot: the next sequence, no more voters',
      vote(),
      [ballot('u1', 'B', 's1')],
      [recorded(2, 1)],
    ],
    [
      'a submission recorded before: a duplicate, nothing recorded',
      vote(),
      [ballot('u1', 'B', 's0')],
      [duplicate(1)],
    ],
    [
      'a submission id is the voter’s own: another voter’s same id is a new ballot',
      vote(),
      [ballot('u2', 'A', 's0')],
      [recorded(1, 2)],
    ],
    [
      'one submission twice in the batch: recorded once, then a duplicate',
      vote(),
      [ballot('u2', 'A', 's1'), ballot('u2', 'A', 's1')],
      [recorded(1, 2), duplicate(2)],
    ],
    [
      'a voter changing their mind twice in one batch: sequences follow one another',
      vote(),
      [ballot('u2', 'A', 's1'), ballot('u2', 'B', 's2'), ballot('u2', null, 's3')],
      [recorded(1, 2), recorded(2, 2), recorded(3, 2)],
    ],
    [
      'a voter who voted before changing twice: after their latest sequence',
      vote(),
      [ballot('u1', 'B', 's1'), ballot('u1', 'A', 's2')],
      [recorded(2, 1), recorded(3, 1)],
    ],
    ['a voter not eligible: refused', vote(), [ballot('u9', 'A', 's1')], [NOT_ELIGIBLE]],
    [
      'not eligible comes first: even with a recorded submission id',
      vote(),
      [ballot('u9', 'A', 's0')],
      [NOT_ELIGIBLE],
    ],
    ['an unknown option: refused', vote(), [ballot('u2', 'C', 's1')], [UNKNOWN_OPTION]],
    [
      'a refused submission is not recorded: its retry is refused again',
      vote(),
      [ballot('u2', 'C', 's1'), ballot('u2', 'C', 's1')],
      [UNKNOWN_OPTION, UNKNOWN_OPTION],
    ],
    [
      'a refused ballot takes no sequence number',
      vote(),
      [ballot('u2', 'C', 's1'), ballot('u2', 'A', 's2')],
      [UNKNOWN_OPTION, recorded(1, 2)],
    ],
    [
      'a closed vote: a new ballot is refused',
      vote({ closed: true }),
      [ballot('u2', 'A', 's1')],
      [CLOSED],
    ],
    [
      'a closed vote: a recorded submission still gets its receipt',
      vote({ closed: true }),
      [ballot('u1', 'A', 's0')],
      [duplicate(1, true)],
    ],
    [
      'a closed vote: not eligible is still refused as such',
      vote({ closed: true }),
      [ballot('u9', 'A', 's1')],
      [NOT_ELIGIBLE],
    ],
    [
      'a deadline passed at the ballot’s arrival: refused',
      vote({ deadline: NOW }),
      [ballot('u2', 'A', 's1')],
      [DEADLINE_PASSED],
    ],
    [
      'a deadline still ahead at the ballot’s arrival: recorded',
      vote({ deadline: LATER }),
      [ballot('u2', 'A', 's1')],
      [recorded(1, 2)],
    ],
    [
      'the deadline is judged at each ballot’s own arrival',
      vote({ deadline: LATER }),
      [ballot('u2', 'A', 's1', NOW), ballot('u3', 'A', 's2', LATER)],
      [recorded(1, 2), DEADLINE_PASSED],
    ],
    [
      'a deadline passed: a recorded submission still gets its receipt',
      vote({ deadline: NOW }),
      [ballot('u1', 'A', 's0')],
      [duplicate(1)],
    ],
    [
      'a closed vote is refused before its passed deadline',
      vote({ closed: true, deadline: NOW }),
      [ballot('u2', 'A', 's1')],
      [CLOSED],
    ],
    [
      'a passed deadline is refused before an unknown option',
      vote({ deadline: NOW }),
      [ballot('u2', 'C', 's1')],
      [DEADLINE_PASSED],
    ],
    [
      'the ballot of the last voter closes the vote',
      vote({ eligibleCount: 2 }),
      [ballot('u2', 'A', 's1')],
      [recorded(1, 2, true)],
    ],
    [
      'after the ballot that closes the vote: new ballots find it closed, retries get receipts',
      vote({ eligibleCount: 3 }),
      [
        ballot('u2', 'A', 's1'),
        ballot('u3', 'B', 's2'),
        ballot('u2', 'B', 's3'),
        ballot('u3', 'B', 's2'),
        ballot('u1', 'A', 's0'),
      ],
      [recorded(1, 2), recorded(1, 3, true), CLOSED, duplicate(3, true), duplicate(3, true)],
    ],
    [
      'changes do not close a vote that waits for another voter',
      vote({ eligibleCount: 3 }),
      [ballot('u1', 'B', 's1'), ballot('u2', 'A', 's2'), ballot('u2', 'B', 's3')],
      [recorded(2, 1), recorded(1, 2), recorded(2, 2)],
    ],
    [
      'each ballot gets its own answer in a mixed batch',
      vote(),
      [
        ballot('u2', 'A', 's1'),
        ballot('u9', 'A', 's2'),
        ballot('u1', 'A', 's0'),
        ballot('u3', 'C', 's3'),
        ballot('u2', 'B', 's4'),
        ballot('u2', 'A', 's1'),
        ballot('u3', null, 's5'),
        ballot('u2', null, 's6'),
      ],
      [
        recorded(1, 2),
        NOT_ELIGIBLE,
        duplicate(2),
        UNKNOWN_OPTION,
        recorded(2, 2),
        duplicate(2),
        recorded(1, 3),
        recorded(3, 3),
      ],
    ],
  ])('%s', (_name, state, ballots, expected) => {
    expect(decideBallots(state, ballots)).toEqual(expected);
  });

  it('refuses with the errors and details the voter got when ballots were cast one by one', () => {
    const [notEligible, unknown] = decideBallots(vote(), [
      ballot('u9', 'A', 's1'),
      ballot('u2', 'C', 's2'),
    ]) as Array<Extract<BallotDecision, { kind: 'refused' }>>;
    expect(notEligible.error).toBeInstanceOf(Forbidden);
    expect(unknown.error).toBeInstanceOf(InvalidInput);
    expect(unknown.error.details).toEqual([
      { field: 'choice', message: 'must be one of the vote’s option ids, or "abstain"' },
    ]);
    const [closed] = decideBallots(vote({ closed: true }), [ballot('u2', 'A', 's1')]) as Array<
      Extract<BallotDecision, { kind: 'refused' }>
    >;
    expect(closed.error).toBeInstanceOf(Conflict);
  });

  it('leaves the vote it was given intact', () => {
    const state = vote();
    const copy = JSON.parse(JSON.stringify(state)) as VoteAtBatch;
    decideBallots(state, [ballot('u1', 'B', 's1'), ballot('u2', 'A', 's2')]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(copy);
  });
});
