import {
  BoardAction,
  effectiveVotingRight,
  mayEditCase,
  mayOnBoard,
  maySearchImaging,
  mayViewMrn,
} from './board-permissions';
import { BoardRole } from './enums';

const { Coordinator, Chair, Presenter, Panelist, Observer } = BoardRole;

describe('board permissions', () => {
  const matrix: Array<[BoardAction, BoardRole[]]> = [
    [BoardAction.View, [Coordinator, Chair, Presenter, Panelist, Observer]],
    [BoardAction.Manage, [Coordinator]],
    [BoardAction.ManageMeetings, [Coordinator]],
    [BoardAction.RunMeeting, [Coordinator, Chair]],
    [BoardAction.CreateCase, [Coordinator, Chair, Presenter]],
    [BoardAction.EditAnyCase, [Coordinator]],
    [BoardAction.ViewMrn, [Coordinator]],
    [BoardAction.DeclareConflict, [Coordinator, Chair, Presenter, Panelist]],
  ];

  it('covers every action', () => {
    expect(matrix.map(([action]) => action).sort()).toEqual(Object.values(BoardAction).sort());
  });

  it.each(matrix)(
    '%s is allowed exactly to %j, to admins, and never to non-members',
    (action, allowed) => {
      for (const role of Object.values(BoardRole)) {
        expect(mayOnBoard({ isAdmin: false, role }, action)).toBe(allowed.includes(role));
        // The web client passes the wire value; the answer is the same.
        expect(mayOnBoard({ isAdmin: false, role: `${role}` }, action)).toBe(
          allowed.includes(role),
        );
      }
      expect(mayOnBoard({ isAdmin: true, role: null }, action)).toBe(true);
      expect(mayOnBoard({ isAdmin: false, role: null }, action)).toBe(false);
    },
  );

  it.each([
    [Coordinator, 'someone-else', true],
    [Chair, 'me', true],
    [Chair, 'someone-else', false],
    [Presenter, 'me', true],
    [Presenter, 'someone-else', false],
    [Presenter, null, false],
    [Panelist, 'me', false],
    [Observer, 'me', false],
  ] as const)('a %s edits a case presented by %s: %s', (role, presenter, expected) => {
    expect(mayEditCase({ isAdmin: false, role }, 'me', presenter)).toBe(expected);
  });

  it.each([
    [Coordinator, 'someone-else', true],
    [Chair, 'someone-else', true],
    [Chair, null, true],
    [Presenter, 'me', true],
    [Presenter, 'someone-else', false],
    [Presenter, null, false],
    [Panelist, 'me', false],
    [Panelist, 'someone-else', false],
    [Observer, 'me', false],
    [null, 'me', false],
  ] as const)(
    'a %s searches the PACS for a case presented by %s: %s',
    (role, presenter, expected) => {
      expect(maySearchImaging({ isAdmin: false, role }, 'me', presenter)).toBe(expected);
    },
  );

  it('lets an admin search the PACS for any case', () => {
    expect(maySearchImaging({ isAdmin: true, role: null }, 'me', 'someone-else')).toBe(true);
  });

  it.each([
    [Coordinator, 'someone-else', true],
    [Presenter, 'me', true],
    [Presenter, 'someone-else', false],
    [Panelist, 'someone-else', false],
    [Observer, 'me', true],
  ] as const)('a %s sees the MRN of a case presented by %s: %s', (role, presenter, expected) => {
    expect(mayViewMrn({ isAdmin: false, role }, 'me', presenter)).toBe(expected);
  });

  it('never lets an observer vote, and defaults coordinators to not voting', () => {
    expect(effectiveVotingRight(Observer, true)).toBe(false);
    expect(effectiveVotingRight(Coordinator, undefined)).toBe(false);
    expect(effectiveVotingRight(Coordinator, true)).toBe(true);
    expect(effectiveVotingRight(Panelist, undefined)).toBe(true);
    expect(effectiveVotingRight(Chair, false)).toBe(false);
  });
});
