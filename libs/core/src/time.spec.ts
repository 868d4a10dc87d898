import { days, MS_PER_DAY } from './time';

describe('days', () => {
  it.each<[number, number]>([
    [0, 0],
    [1, 86_400_000],
    [3, 259_200_000],
    [10, 864_000_000],
    [365, 31_536_000_000],
  ])('%i days are %i ms', (count, ms) => {
    expect(days(count)).toBe(ms);
    expect(days(count)).toBe(count * MS_PER_DAY);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (count) => {
    expect(() => days(count)).toThrow('whole number');
  });
});
