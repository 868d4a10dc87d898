import { isNctId, normaliseNctId } from './trial-registry';

describe('isNctId', () => {
  it.each<[string, string, boolean]>([
    ['canonical', 'NCT04368728', true],
    ['all zeros', 'NCT00000000', true],
    ['all nines', 'NCT99999999', true],
    ['seven digits', 'NCT0436872', false],
    ['nine digits', 'NCT043687281', false],
    ['lower-case prefix', 'nct04368728', false],
    ['mixed-case prefix', 'Nct04368728', false],
    ['leading space', ' NCT04368728', false],
    ['trailing space', 'NCT04368728 ', false],
    ['trailing newline', 'NCT04368728\n', false],
    ['space after the prefix', 'NCT 04368728', false],
    ['dash after the prefix', 'NCT-04368728', false],
    ['letter among the digits', 'NCT0436872O', false],
    ['non-ASCII digits', 'NCT٠٤٣٦٨٧٢٨', false],
    ['full-width digits', 'NCT０４３６８７２８', false],
    ['prefix only', 'NCT', false],
    ['digits only', '04368728', false],
    ['another registry', 'EUCTR2004-000446-20', false],
    ['ISRCTN number', 'ISRCTN12345678', false],
    ['empty', '', false],
    ['embedded in text', 'see NCT04368728', false],
  ])('%s: %j → %s', (_name, value, expected) => {
    expect(isNctId(value)).toBe(expected);
  });
});

describe('normaliseNctId', () => {
  it.each<[string, string, string | null]>([
    ['canonical stays', 'NCT04368728', 'NCT04368728'],
    ['lower-case prefix', 'nct04368728', 'NCT04368728'],
    ['mixed-case prefix', 'nCt04368728', 'NCT04368728'],
    ['surrounding whitespace', ' \tNCT04368728\n', 'NCT04368728'],
    ['lower case and whitespace', '  nct00000001  ', 'NCT00000001'],
    ['seven digits', 'nct0436872', null],
    ['nine digits', 'NCT043687281', null],
    ['space after the prefix', 'nct 04368728', null],
    ['dash after the prefix', 'NCT-04368728', null],
    ['non-ASCII digits', 'NCT٠٤٣٦٨٧٢٨', null],
    ['empty', '', null],
    ['whitespace only', '   ', null],
    ['embedded in text', 'trial nct04368728', null],
  ])('%s: %j → %j', (_name, value, expected) => {
    expect(normaliseNctId(value)).toBe(expected);
  });

  it('always yields an identifier isNctId accepts', () => {
    for (const value of ['nct12345678', ' NCT12345678 ', 'NcT87654321']) {
      const normalised = normaliseNctId(value);
      expect(normalised !== null && isNctId(normalised)).toBe(true);
    }
  });
});
