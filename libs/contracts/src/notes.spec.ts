import { BoardRole } from './enums';
import { NoteReadOnlyReason, noteAccessFor } from './notes';

const { Coordinator, Chair, Presenter, Panelist, Observer } = BoardRole;

describe('noteAccessFor', () => {
  const table: Array<[BoardRole | null, boolean, NoteReadOnlyReason | null]> = [
    [Coordinator, false, null],
    [Chair, false, null],
    [Presenter, false, null],
    [Panelist, false, null],
    [Observer, false, 'observer'],
    [null, false, 'not_on_board'],
    [Coordinator, true, 'conflict_of_interest'],
    [Chair, true, 'conflict_of_interest'],
    [Presenter, true, 'conflict_of_interest'],
    [Panelist, true, 'conflict_of_interest'],
    [Observer, true, 'observer'],
    [null, true, 'not_on_board'],
  ];

  it('covers every board role, and no role, with and without a conflict', () => {
    const roles = [...Object.values(BoardRole), null];
    expect(table).toHaveLength(roles.length * 2);
    for (const role of roles)
      for (const conflict of [false, true])
        expect(table.some(([r, c]) => r === role && c === conflict)).toBe(true);
  });

  it.each(table)(
    'role %s, conflict of interest %s → read-only because %s',
    (role, conflict, reason) => {
      expect(noteAccessFor(role, conflict)).toEqual({
        canWrite: reason === null,
        readOnlyReason: reason,
      });
    },
  );

  it('reads the role as its wire value too (the web client’s types)', () => {
    expect(noteAccessFor('observer', false)).toEqual({
      canWrite: false,
      readOnlyReason: 'observer',
    });
  });
});
