import { assertInstant, assertUnique } from './input-checks';

describe('assertInstant', () => {
  it.each([new Date('2024-03-01T00:00:00Z'), new Date(0), new Date(-1)])('accepts %p', (date) => {
    expect(() => assertInstant(date, 'x')).not.toThrow();
  });

  it.each([new Date('not a date'), new Date(Number.NaN), new Date(8.64e15 + 1)])(
    'refuses an Invalid Date, naming it',
    (date) => {
      expect(() => assertInstant(date, 'publishedAt')).toThrow('publishedAt is not a valid date');
    },
  );
});

describe('assertUnique', () => {
  it.each<[string[]]>([[[]], [['a']], [['a', 'b', 'A']]])('accepts %p', (keys) => {
    expect(() => assertUnique(keys, 'meeting')).not.toThrow();
  });

  it.each<[string[], string]>([
    [['a', 'a'], 'meeting a is listed twice'],
    [['a', 'b', 'c', 'b', 'a'], 'meeting b is listed twice'],
    [['', ''], 'meeting  is listed twice'],
  ])('refuses %p', (keys, message) => {
    expect(() => assertUnique(keys, 'meeting')).toThrow(message);
  });
});
