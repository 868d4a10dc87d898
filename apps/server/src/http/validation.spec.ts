import { InvalidInput } from '@app/core';
import { RefuseNulCharacters, nulCharacterPath } from './validation';

describe('NUL characters in requests', () => {
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

  const pipe = new RefuseNulCharacters();

  it('refuses a body field with its path named', () => {
    const call = () => pipe.transform({ question: 'a\u0000b' }, { type: 'body' });
    expect(call).toThrow(InvalidInput);
    try {
      call();
    } catch (error) {
      expect((error as InvalidInput).details).toEqual([
        { field: 'question', message: 'question must not contain a NUL character' },
      ]);
    }
  });

  it('names a path or query parameter by its name', () => {
    try {
      pipe.transform('x\u0000', { type: 'query', data: 'search' });
      throw new Error('not refused');
    } catch (error) {
      expect((error as InvalidInput).details).toEqual([
        { field: 'search', message: 'search must not contain a NUL character' },
      ]);
    }
  });

  it('leaves custom parameters (the user, an uploaded file) alone and passes clean values through', () => {
    const file = { buffer: Buffer.from('%PDF-\u0000') };
    expect(pipe.transform(file, { type: 'custom' })).toBe(file);
    const body = { title: 'CT chest' };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
  });
});
