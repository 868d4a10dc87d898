import { compareCodeUnits } from './sort-order';

describe('compareCodeUnits', () => {
  it.each<[string, string, number]>([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['', 'a', -1],
    ['B', 'a', -1],
    ['u10', 'u2', -1],
    ['é', 'z', 1],
  ])('%s vs %s → %d', (a, b, expected) => {
    expect(compareCodeUnits(a, b)).toBe(expected);
  });

  it('sorts like the default sort', () => {
    const ids = ['u2', 'U1', 'u10', 'a', 'é', 'z', ''];
    expect([...ids].sort(compareCodeUnits)).toEqual([...ids].sort());
  });
});
