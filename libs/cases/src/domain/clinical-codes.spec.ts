import { isDicomUid, isIcd10Code, isIcdO3Morphology, isIcdO3Topography } from './clinical-codes';

describe('isIcd10Code', () => {
  it.each([
    'C34.1',
    'C50.911',
    'D05.1',
    'C80',
    'C80.1',
    'C7A.1',
    'C7B.00',
    'D3A.010',
    'C18.7',
    'C61',
    'Z85.3',
    'S72.001A',
    'T36.0X1A',
    'A00.0',
  ])('accepts %j', (code) => {
    expect(isIcd10Code(code)).toBe(true);
  });

  it.each([
    ['lower case', 'c34.1'],
    ['lower-case subcategory', 'C7a.1'],
    ['trailing dot', 'C34.'],
    ['no letter', '34.1'],
    ['dotless subcategory', 'C341'],
    ['dotless long code', 'C50911'],
    ['U chapter', 'U07.1'],
    ['letter in second place', 'CA4.1'],
    ['too short', 'C3'],
    ['letter only', 'C'],
    ['five characters after the dot', 'S72.001AB'],
    ['two dots', 'C34.1.2'],
    ['punctuation after the dot', 'C34.-'],
    ['leading space', ' C34.1'],
    ['trailing space', 'C34.1 '],
    ['range', 'C34-C35'],
    ['empty', ''],
  ])('rejects %s: %j', (_name, code) => {
    expect(isIcd10Code(code)).toBe(false);
  });
});

describe('isIcdO3Topography', () => {
  it.each(['C00.0', 'C34.1', 'C50.9', 'C18.7', 'C71.0', 'C77.2', 'C79.9', 'C80.9'])(
    'accepts %j',
    (code) => {
      expect(isIcdO3Topography(code)).toBe(true);
    },
  );

  it.each([
    ['beyond C80', 'C81.0'],
    ['C90', 'C90.0'],
    ['no subsite', 'C34'],
    ['two subsite digits', 'C34.12'],
    ['other chapter', 'D05.1'],
    ['lower case', 'c34.1'],
    ['one category digit', 'C3.1'],
    ['dotless', 'C341'],
    ['trailing dot', 'C34.'],
    ['letter subsite', 'C34.X'],
    ['surrounding space', ' C34.1'],
    ['empty', ''],
  ])('rejects %s: %j', (_name, code) => {
    expect(isIcdO3Topography(code)).toBe(false);
  });
});

describe('isIcdO3Morphology', () => {
  it.each(['8000/0', '8140/3', '8500/2', '9861/3', '8010/6', '8010/9', '8140/1', '9999/3'])(
    'accepts %j',
    (code) => {
      expect(isIcdO3Morphology(code)).toBe(true);
    },
  );

  it.each([
    ['behaviour 4', '8140/4'],
    ['behaviour 5', '8140/5'],
    ['behaviour 7', '8140/7'],
    ['behaviour 8', '8140/8'],
    ['three histology digits', '814/3'],
    ['five histology digits', '81400/3'],
    ['below 8000', '7999/3'],
    ['dash instead of slash', '8140-3'],
    ['no behaviour', '8140'],
    ['no behaviour after the slash', '8140/'],
    ['grade appended', '8140/3 1'],
    ['two behaviour digits', '8140/33'],
    ['letter', 'M8140/3'],
    ['empty', ''],
  ])('rejects %s: %j', (_name, code) => {
    expect(isIcdO3Morphology(code)).toBe(false);
  });
});

describe('isDicomUid', () => {
  const bigUuidInteger = '2.25.329800735698586629295641978511506172918';
  const sixtyFour = `1.2.${'3'.repeat(60)}`;

  it.each([
    '1.2.840.10008.5.1.4.1.1.2',
    '1.2.840.10008.1.2.1',
    bigUuidInteger,
    '1',
    '0',
    '0.0',
    '1.0.2',
    '1.20.300',
    sixtyFour,
  ])('accepts %j', (uid) => {
    expect(isDicomUid(uid)).toBe(true);
  });

  it.each([
    ['empty component', '1..2'],
    ['leading zero', '01.2'],
    ['leading zero later on', '1.2.03'],
    ['trailing dot', '1.2.'],
    ['leading dot', '.1.2'],
    ['letters', 'a.b'],
    ['hex', '1.2.ff'],
    ['65 characters', `${sixtyFour}4`],
    ['space', '1.2 .3'],
    ['trailing NUL padding', '1.2.3\u0000'],
    ['minus sign', '1.-2'],
    ['empty', ''],
  ])('rejects %s: %j', (_name, uid) => {
    expect(isDicomUid(uid)).toBe(false);
  });

  it('the 64-character fixture really is 64 characters', () => {
    expect(sixtyFour).toHaveLength(64);
  });
});
