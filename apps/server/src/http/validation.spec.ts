import { InvalidInput } from '@app/core';
import { RefuseDeepNesting, RefuseNulCharacters } from './validation';

describe('NUL characters in requests', () => {
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

describe('deeply nested requests', () => {
  const pipe = new RefuseDeepNesting();
  let deep: unknown = 'x';
  for (let level = 0; level < 3_000; level++) deep = { n: deep };

  it('refuses a body nested deeper than 32 levels, naming it', () => {
    try {
      pipe.transform({ question: deep }, { type: 'body' });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).details).toEqual([
        { field: 'body', message: 'body nests deeper than 32 levels' },
      ]);
    }
  });

  it('lets ordinary values and custom parameters through', () => {
    const body = { staging: { clinical: { t: 'T2a' } } };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform(deep, { type: 'custom' })).toBe(deep);
  });
});
