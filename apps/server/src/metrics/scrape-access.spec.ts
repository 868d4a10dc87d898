import { scrapeAuthorised } from './scrape-access';

const TOKEN = '3f1c9a7e5b2d4f608e1a3c5b7d9f0e2a4c6b8d0f1e3a5c7b';

describe('scrapeAuthorised', () => {
  it('lets a scrape through with the right bearer token only', () => {
    expect(scrapeAuthorised(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another token', 'Bearer 0000000000000000000000000000000000000000000000'],
    ['the token with a character more', `Bearer ${TOKEN}x`],
    ['the token with a character less', `Bearer ${TOKEN.slice(0, -1)}`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 8)}`],
    ['the token in another scheme', `Basic ${TOKEN}`],
    ['the bare token', TOKEN],
    ['the token in lower-case "bearer"', `bearer ${TOKEN}`],
    ['the token after two spaces', `Bearer  ${TOKEN}`],
    ['the token with a trailing space', `Bearer ${TOKEN} `],
    ['two tokens', `Bearer ${TOKEN}, Bearer ${TOKEN}`],
  ])('refuses %s', (_case, header) => {
    expect(scrapeAuthorised(header, TOKEN)).toBe(false);
  });

  it('lets every scrape through when no token is configured (the metrics port only)', () => {
    expect(scrapeAuthorised(undefined, null)).toBe(true);
    expect(scrapeAuthorised('Bearer anything', null)).toBe(true);
  });
});
