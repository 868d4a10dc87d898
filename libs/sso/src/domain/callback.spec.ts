import { parseCallbackQuery, safeReturnPath } from './callback';

describe('the callback query', () => {
  it('reads a state and a code, ignoring other parameters', () => {
    expect(
      parseCallbackQuery({ state: 'st', code: 'c0de', iss: 'https://idp', session_state: 'x' }),
    ).toEqual({ ok: true, params: { state: 'st', code: 'c0de' } });
  });

  it("reads a provider's error with its description", () => {
    expect(
      parseCallbackQuery({
        state: 'st',
        error: 'access_denied',
        error_description: 'The user cancelled',
      }),
    ).toEqual({
      ok: true,
      params: { state: 'st', error: 'access_denied', errorDescription: 'The user cancelled' },
    });
  });

  it('drops an error description that is not printable ASCII', () => {
    expect(
      parseCallbackQuery({ state: 'st', error: 'server_error', error_description: 'bad\u0001' }),
    ).toMatchObject({ ok: true, params: { errorDescription: null } });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no state', { code: 'c' }, 'state is required'],
    ['an empty state', { state: '', code: 'c' }, 'state must be 1 to 512 characters'],
    ['a huge state', { state: 's'.repeat(513), code: 'c' }, 'state must be 1 to 512 characters'],
    ['a repeated state', { state: ['a', 'b'], code: 'c' }, 'state must be given once'],
    ['neither code nor error', { state: 's' }, 'code (or error) is required'],
    [
      'both code and error',
      { state: 's', code: 'c', error: 'e' },
      'code and error cannot both be given',
    ],
    ['a huge code', { state: 's', code: 'c'.repeat(4097) }, 'code must be 1 to 4096 characters'],
    ['a repeated code', { state: 's', code: ['c', 'd'] }, 'code must be given once'],
    ['a NUL in the state', { state: 'a\u0000b', code: 'c' }, 'state must be printable ASCII'],
    ['a code beyond ASCII', { state: 's', code: 'cé' }, 'code must be printable ASCII'],
    ['an error with a quote', { state: 's', error: 'bad"error' }, 'error must be printable ASCII'],
    [
      'a huge error description',
      { state: 's', error: 'e', error_description: 'd'.repeat(1025) },
      'error_description must be 1 to 1024 characters',
    ],
  ])('refuses %s', (_name, query, message) => {
    const parsed = parseCallbackQuery(query);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.message)).toContain(message);
  });
});

describe('where to go after signing in', () => {
  it.each<[string | undefined, string]>([
    [undefined, '/'],
    ['/boards/b1?tab=cases', '/boards/b1?tab=cases'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example/', '/'],
    ['boards', '/'],
    ['/boards\nSet-Cookie: x', '/'],
    [`/${'x'.repeat(2048)}`, '/'],
  ])('%p → %p', (next, path) => {
    expect(safeReturnPath(next)).toBe(path);
  });
});
