import { allowedFrom, checkTransition, TransitionCheck, TransitionTable } from './transitions';

type Light = 'red' | 'green' | 'off';
const TABLE: TransitionTable<Light> = { red: ['green', 'off'], green: ['red'], off: [] };

describe('checkTransition', () => {
  it.each<[Light, Light, TransitionCheck<Light>]>([
    ['red', 'green', { ok: true }],
    ['red', 'off', { ok: true }],
    ['green', 'red', { ok: true }],
    [
      'red',
      'red',
      { ok: false, allowed: ['green', 'off'], message: 'a red light can only become: green, off' },
    ],
    [
      'green',
      'off',
      { ok: false, allowed: ['red'], message: 'a green light can only become: red' },
    ],
    [
      'green',
      'green',
      { ok: false, allowed: ['red'], message: 'a green light can only become: red' },
    ],
    [
      'off',
      'red',
      { ok: false, allowed: [], message: 'a off light is final and cannot change status' },
    ],
    [
      'off',
      'off',
      { ok: false, allowed: [], message: 'a off light is final and cannot change status' },
    ],
  ])('%s → %s', (from, to, expected) => {
    expect(checkTransition(TABLE, from, to, `a ${from} light`)).toEqual(expected);
  });

  it('hands out copies of the table rows', () => {
    allowedFrom(TABLE, 'green').push('off');
    expect(allowedFrom(TABLE, 'green')).toEqual(['red']);
  });

  it('treats a status missing from the table as final', () => {
    expect(allowedFrom(TABLE, 'blue' as Light)).toEqual([]);
  });
});
