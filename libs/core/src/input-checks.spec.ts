import { assertInstant, assertUnique, nestedDeeperThan, nulCharacterPath } from './input-checks';

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

describe('nulCharacterPath', () => {
  it.each([
    ['plain text', 'Adenocarcinoma', null],
    ['a string with NUL', 'C34\u00001', ''],
    ['a nested field', { diagnosis: { histology: 'squamous\u0000' } }, 'diagnosis.histology'],
    [
      'an array item',
      { biomarkers: [{ name: 'EGFR', result: 'ok' }, { name: 'A\u0000LK' }] },
      'biomarkers.1.name',
    ],
    ['numbers and nulls', { ecog: 1, mrn: null, flags: [true] }, null],
  ])('%s', (_label, value, expected) => {
    expect(nulCharacterPath(value)).toBe(expected);
  });
});

describe('nestedDeeperThan', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 'leaf';
    for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { n: value };
    return value;
  };

  it.each<[string, unknown, number, boolean]>([
    ['text', 'text', 0, false],
    ['null', null, 0, false],
    ['an empty object at no depth', {}, 0, true],
    ['one level within one', { a: 1 }, 1, false],
    ['32 levels within 32', nested(32), 32, false],
    ['33 levels past 32', nested(33), 32, true],
    ['one deep field among shallow ones', { shallow: 1, deep: nested(40) }, 32, true],
    ['100,000 levels, walked no deeper than the limit', nested(100_000), 32, true],
  ])('%s', (_label, value, limit, expected) => {
    expect(nestedDeeperThan(value, limit)).toBe(expected);
  });
});
