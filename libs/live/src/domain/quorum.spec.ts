import {
  BoardRole,
  MeetingStateView,
  PresenceEntry,
  QuorumPolicy,
  SPECIALTIES,
  Specialty,
} from '@app/contracts';
import { computeQuorum, PresentMember, withPresent } from './quorum';

const {
  MedicalOncology: MED,
  RadiationOncology: RAD_ONC,
  SurgicalOncology: SURG,
  Pathology: PATH,
  Radiology: RADIOLOGY,
} = Specialty;

/** A voting panelist unless told otherwise. */
const member = (
  userId: string,
  specialty: Specialty,
  role: BoardRole = BoardRole.Panelist,
  votingRight = true,
): PresentMember => ({ userId, specialty, role, votingRight });

const policy = (requiredSpecialties: Specialty[], minVotingMembers: number): QuorumPolicy => ({
  requiredSpecialties,
  minVotingMembers,
});

/** Medical oncology, pathology and radiology, three voters. */
const POLICY = policy([MED, PATH, RADIOLOGY], 3);
const FULL_BOARD = [member('u1', MED), member('u2', PATH), member('u3', RADIOLOGY)];

describe('computeQuorum', () => {
  it.each<[string, PresentMember[], QuorumPolicy, boolean, Specialty[], number, string[]]>([
    ['empty policy, nobody present', [], policy([], 0), true, [], 0, []],
    ['empty policy, somebody present', [member('u1', MED)], policy([], 0), true, [], 1, []],
    [
      'nobody present',
      [],
      POLICY,
      false,
      [MED, PATH, RADIOLOGY],
      0,
      [
        'missing: medical oncology, pathology, radiology',
        'voting members present: 0 of 3 required',
      ],
    ],
    ['full board', FULL_BOARD, POLICY, true, [], 3, []],
    [
      'last required specialty absent',
      [member('u1', MED), member('u2', PATH), member('u3', SURG)],
      POLICY,
      false,
      [RADIOLOGY],
      3,
      ['missing: radiology'],
    ],
    [
      'last required specialty joins',
      [member('u1', MED), member('u2', PATH), member('u3', SURG), member('u4', RADIOLOGY)],
      POLICY,
      true,
      [],
      4,
      [],
    ],
    [
      'two specialties missing, policy order kept',
      [member('u1', MED), member('u2', SURG), member('u3', SURG)],
      policy([RADIOLOGY, MED, PATH], 3),
      false,
      [RADIOLOGY, PATH],
      3,
      ['missing: radiology, pathology'],
    ],
    [
      'multi-word specialty in reason',
      [member('u1', MED)],
      policy([RAD_ONC, SURG], 1),
      false,
      [RAD_ONC, SURG],
      1,
      ['missing: radiation oncology, surgical oncology'],
    ],
    [
      'specialty listed twice in policy reported once',
      [],
      policy([PATH, PATH], 0),
      false,
      [PATH],
      0,
      ['missing: pathology'],
    ],
    [
      'one voter short',
      [member('u1', MED), member('u2', PATH), member('u3', RADIOLOGY, BoardRole.Panelist, false)],
      POLICY,
      false,
      [],
      2,
      ['voting members present: 2 of 3 required'],
    ],
    [
      'both reasons at once',
      [member('u1', MED), member('u2', PATH)],
      POLICY,
      false,
      [RADIOLOGY],
      2,
      ['missing: radiology', 'voting members present: 2 of 3 required'],
    ],
    [
      'non-voting member covers a specialty',
      [member('u1', PATH, BoardRole.Presenter, false)],
      policy([PATH], 0),
      true,
      [],
      0,
      [],
    ],
    [
      'observer does not cover a specialty',
      [member('u1', PATH, BoardRole.Observer, false)],
      policy([PATH], 0),
      false,
      [PATH],
      0,
      ['missing: pathology'],
    ],
    [
      'observer with a voting right does not vote',
      [member('u1', MED), member('u2', PATH, BoardRole.Observer, true)],
      policy([], 2),
      false,
      [],
      1,
      ['voting members present: 1 of 2 required'],
    ],
    [
      'observer alongside a counting member of the same specialty',
      [member('u1', PATH, BoardRole.Observer), member('u2', PATH, BoardRole.Chair)],
      policy([PATH], 1),
      true,
      [],
      1,
      [],
    ],
    [
      'same user on two devices counts once',
      [member('u1', MED), member('u1', MED), member('u2', PATH)],
      policy([], 3),
      false,
      [],
      2,
      ['voting members present: 2 of 3 required'],
    ],
    [
      'same user on two devices, once with a vote',
      [member('u1', MED, BoardRole.Panelist, false), member('u1', MED)],
      policy([MED], 1),
      true,
      [],
      1,
      [],
    ],
    [
      'same user as observer on one device and panelist on another',
      [member('u1', PATH, BoardRole.Observer), member('u1', PATH)],
      policy([PATH], 1),
      true,
      [],
      1,
      [],
    ],
    ['minVotingMembers 0 with nobody', [], policy([], 0), true, [], 0, []],
    [
      'minVotingMembers 1 with nobody',
      [],
      policy([], 1),
      false,
      [],
      0,
      ['voting members present: 0 of 1 required'],
    ],
    ['exactly minVotingMembers', FULL_BOARD, policy([], 3), true, [], 3, []],
    ['one above minVotingMembers', FULL_BOARD, policy([], 2), true, [], 3, []],
    [
      'one below minVotingMembers',
      FULL_BOARD,
      policy([], 4),
      false,
      [],
      3,
      ['voting members present: 3 of 4 required'],
    ],
  ])('%s', (_name, present, quorumPolicy, quorate, missing, voters, reasons) => {
    expect(computeQuorum(present, quorumPolicy)).toEqual({
      quorate,
      missingSpecialties: missing,
      votingMembersPresent: voters,
      minVotingMembers: quorumPolicy.minVotingMembers,
      reasons,
    });
  });

  it.each(SPECIALTIES.map((specialty) => [specialty]))(
    'flips exactly when the last required specialty %s joins or leaves',
    (last) => {
      const others = SPECIALTIES.filter((specialty) => specialty !== last);
      const required = policy([...SPECIALTIES], 0);
      const without = others.map((specialty, i) => member(`u${i}`, specialty));
      const withLast = [...without, member('last', last)];

      expect(computeQuorum(without, required)).toMatchObject({
        quorate: false,
        missingSpecialties: [last],
        reasons: [`missing: ${last.replace(/_/g, ' ')}`],
      });
      expect(computeQuorum(withLast, required)).toMatchObject({ quorate: true, reasons: [] });
      expect(
        computeQuorum([...without, member('last', last, BoardRole.Observer)], required).quorate,
      ).toBe(false);
    },
  );

  it.each(Object.values(BoardRole).map((role) => [role]))('role %s counts as expected', (role) => {
    const counts = role !== BoardRole.Observer;
    const state = computeQuorum([member('u1', PATH, role)], policy([PATH], 1));
    expect(state.quorate).toBe(counts);
    expect(state.votingMembersPresent).toBe(counts ? 1 : 0);
  });

  it('does not mutate its inputs', () => {
    const present = Object.freeze(FULL_BOARD.map((m) => Object.freeze({ ...m })));
    const frozen = Object.freeze({
      ...POLICY,
      requiredSpecialties: Object.freeze([...POLICY.requiredSpecialties]),
    });
    expect(() =>
      computeQuorum(present as PresentMember[], frozen as unknown as QuorumPolicy),
    ).not.toThrow();
  });
});

describe('withPresent', () => {
  const entry = (userId: string, specialty: Specialty): PresenceEntry => ({
    ...member(userId, specialty),
    displayName: userId,
  });
  const present = [entry('u1', MED), entry('u2', PATH)];
  const state: MeetingStateView = {
    meetingId: 'm',
    status: 'live',
    focusedItemId: null,
    agenda: [],
    timers: [],
    queue: { raised: [], floor: null },
    presence: present,
    quorum: computeQuorum(present, POLICY),
    version: 4,
    seq: 17,
  };

  it('takes who is present now and the quorum they make, the rest as it was', () => {
    const now = withPresent(state, [entry('u2', PATH), entry('u3', RADIOLOGY)], POLICY);
    expect(now.presence.map((p) => p.userId)).toEqual(['u2', 'u3']);
    expect(now.quorum).toEqual(computeQuorum(now.presence, POLICY));
    expect(now).toMatchObject({ version: 4, seq: 17, status: 'live' });
    expect(state.presence).toHaveLength(2);
  });

  it('lists a person on several devices once', () => {
    const twice = withPresent(state, [entry('u1', MED), entry('u1', MED)], POLICY);
    expect(twice.presence).toEqual([entry('u1', MED)]);
  });
});
