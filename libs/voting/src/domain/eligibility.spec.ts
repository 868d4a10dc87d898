import { BoardRole, Specialty } from '@app/contracts';
import { EligibilityInput, eligibleVoters, ExclusionReason, VotingMembership } from './eligibility';

const { MedicalOncology: MED, Pathology: PATH, Radiology: RADIOLOGY } = Specialty;
const { Chair, Coordinator, Presenter, Panelist, Observer } = BoardRole;

/** A voting panelist in medical oncology unless told otherwise. */
const member = (
  userId: string,
  role: BoardRole = Panelist,
  votingRight = true,
  specialty: Specialty = MED,
): VotingMembership => ({ userId, specialty, role, votingRight });

const live = (
  members: VotingMembership[],
  presentUserIds: string[],
  conflictedUserIds: string[] = [],
): EligibilityInput => ({ members, presentUserIds, conflictedUserIds });

const asynchronous = (
  members: VotingMembership[],
  namedPanel: string[],
  conflictedUserIds: string[] = [],
): EligibilityInput => ({ members, namedPanel, conflictedUserIds });

/** [userId, reason] pairs; null for eligible. */
function summary(input: EligibilityInput): Array<[string, ExclusionReason | null]> {
  const { eligible, excluded } = eligibleVoters(input);
  return [
    ...eligible.map((voter): [string, null] => [voter.userId, null]),
    ...excluded.map((entry): [string, ExclusionReason] => [entry.userId, entry.reason]),
  ];
}

describe('eligibleVoters', () => {
  describe('live vote', () => {
    it.each<[string, EligibilityInput, Array<[string, ExclusionReason | null]>]>([
      ['nobody', live([], []), []],
      ['a present voting panelist', live([member('u1')], ['u1']), [['u1', null]]],
      ['an absent voting panelist', live([member('u1')], []), [['u1', 'not_present']]],
      ['a present observer', live([member('u1', Observer, false)], ['u1']), [['u1', 'observer']]],
      [
        'a present observer with a voting right never votes',
        live([member('u1', Observer, true)], ['u1']),
        [['u1', 'observer']],
      ],
      [
        'a present presenter without a voting right',
        live([member('u1', Presenter, false)], ['u1']),
        [['u1', 'no_voting_right']],
      ],
      ['the chair present', live([member('u1', Chair)], ['u1']), [['u1', null]]],
      ['a voting coordinator present', live([member('u1', Coordinator)], ['u1']), [['u1', null]]],
      [
        'a present voting member with a conflict',
        live([member('u1')], ['u1'], ['u1']),
        [['u1', 'conflict_of_interest']],
      ],
      [
        'an absent member with a conflict is reported absent',
        live([member('u1')], [], ['u1']),
        [['u1', 'not_present']],
      ],
      [
        'an observer with a conflict is reported as observer',
        live([member('u1', Observer)], ['u1'], ['u1']),
        [['u1', 'observer']],
      ],
      [
        'an absent member without a voting right is reported without a voting right',
        live([member('u1', Panelist, false)], []),
        [['u1', 'no_voting_right']],
      ],
      [
        'present non-members and conflicts of non-members are ignored',
        live([member('u1')], ['u1', 'guest', 'admin'], ['guest']),
        [['u1', null]],
      ],
      ['a user present on several devices', live([member('u1')], ['u1', 'u1']), [['u1', null]]],
      [
        'a mixed board, each list sorted by user id',
        live(
          [
            member('u5', Observer, false, RADIOLOGY),
            member('u3', Chair, true, PATH),
            member('u1'),
            member('u4', Presenter, false),
            member('u2'),
            member('u6'),
          ],
          ['u6', 'u5', 'u4', 'u3', 'u2'],
          ['u6'],
        ),
        [
          ['u2', null],
          ['u3', null],
          ['u1', 'not_present'],
          ['u4', 'no_voting_right'],
          ['u5', 'observer'],
          ['u6', 'conflict_of_interest'],
        ],
      ],
    ])('%s', (_name, input, expected) => {
      expect(summary(input)).toEqual(expected);
    });
  });

  describe('asynchronous vote', () => {
    it.each<[string, EligibilityInput, Array<[string, ExclusionReason | null]>]>([
      ['an empty panel', asynchronous([member('u1')], []), [['u1', 'not_on_panel']]],
      ['a voting member on the panel', asynchronous([member('u1')], ['u1']), [['u1', null]]],
      [
        'an observer named on the panel never votes',
        asynchronous([member('u1', Observer, true)], ['u1']),
        [['u1', 'observer']],
      ],
      [
        'a member without a voting right named on the panel',
        asynchronous([member('u1', Presenter, false)], ['u1']),
        [['u1', 'no_voting_right']],
      ],
      [
        'a panel member with a conflict',
        asynchronous([member('u1')], ['u1'], ['u1']),
        [['u1', 'conflict_of_interest']],
      ],
      [
        'a member off the panel with a conflict is reported off the panel',
        asynchronous([member('u1')], [], ['u1']),
        [['u1', 'not_on_panel']],
      ],
      [
        'non-members named on the panel are ignored',
        asynchronous([member('u2')], ['u2', 'stranger']),
        [['u2', null]],
      ],
      [
        'the panel, in any order, sorted by user id',
        asynchronous(
          [member('b'), member('a'), member('c', Chair), member('d')],
          ['d', 'c', 'a'],
          ['d'],
        ),
        [
          ['a', null],
          ['c', null],
          ['b', 'not_on_panel'],
          ['d', 'conflict_of_interest'],
        ],
      ],
    ])('%s', (_name, input, expected) => {
      expect(summary(input)).toEqual(expected);
    });
  });

  describe('every role, voting right, attendance and conflict', () => {
    const cases = Object.values(BoardRole).flatMap((role) =>
      [true, false].flatMap((votingRight) =>
        [true, false].flatMap((attending) =>
          [true, false].flatMap((conflicted) =>
            (['live', 'asynchronous'] as const).map((mode) => ({
              role,
              votingRight,
              attending,
              conflicted,
              mode,
            })),
          ),
        ),
      ),
    );

    function expectedReason(c: (typeof cases)[number]): ExclusionReason | null {
      if (c.role === Observer) return 'observer';
      if (!c.votingRight) return 'no_voting_right';
      if (!c.attending) return c.mode === 'live' ? 'not_present' : 'not_on_panel';
      if (c.conflicted) return 'conflict_of_interest';
      return null;
    }

    it.each(cases.map((c) => [JSON.stringify(c), c]))('%s', (_name, c) => {
      const members = [member('u1', c.role, c.votingRight, PATH)];
      const attendance = c.attending ? ['u1'] : [];
      const conflicts = c.conflicted ? ['u1'] : [];
      const input =
        c.mode === 'live'
          ? live(members, attendance, conflicts)
          : asynchronous(members, attendance, conflicts);
      const reason = expectedReason(c);
      expect(eligibleVoters(input)).toEqual(
        reason === null
          ? { eligible: [{ userId: 'u1', specialty: PATH }], excluded: [] }
          : { eligible: [], excluded: [{ userId: 'u1', reason }] },
      );
    });

    it('covers 80 combinations', () => {
      expect(cases).toHaveLength(80);
    });
  });

  it('throws on a member listed twice', () => {
    expect(() => eligibleVoters(live([member('u1'), member('u1', Chair)], ['u1']))).toThrow(
      'member u1 is listed twice',
    );
  });

  it('does not depend on the order of its inputs', () => {
    const members = [member('u3'), member('u1', Observer), member('u2'), member('u4')];
    const forward = eligibleVoters(live(members, ['u1', 'u2', 'u3'], ['u3']));
    const backward = eligibleVoters(live([...members].reverse(), ['u3', 'u2', 'u1'], ['u3']));
    expect(backward).toEqual(forward);
  });

  it('does not mutate its inputs', () => {
    const members = Object.freeze([Object.freeze(member('u2')), Object.freeze(member('u1'))]);
    const present = Object.freeze(['u2', 'u1']);
    const conflicts = Object.freeze(['u2']);
    expect(
      eligibleVoters({ members, presentUserIds: present, conflictedUserIds: conflicts }),
    ).toEqual({
      eligible: [{ userId: 'u1', specialty: MED }],
      excluded: [{ userId: 'u2', reason: 'conflict_of_interest' }],
    });
  });
});

describe('EligibilityInput', () => {
  it('is either a live vote or an asynchronous vote, never both', () => {
    const both = { members: [], conflictedUserIds: [], presentUserIds: [], namedPanel: [] };
    // @ts-expect-error a vote has either a presence list or a named panel
    const input: EligibilityInput = both;
    expect(input).toBe(both);
  });
});
