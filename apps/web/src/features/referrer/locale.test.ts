import { describe, expect, it } from 'vitest';
import {
  formattingLocale,
  initialLocale,
  langAttribute,
  matchLocale,
  rememberLocale,
  textDirection,
} from './locale';

/** A storage that keeps what it is given (or refuses, like some private modes). */
function memoryStorage(refuse = false) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => {
      if (refuse) throw new DOMException('denied', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem: (key: string, value: string) => {
      if (refuse) throw new DOMException('denied', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

describe('the referrer pages’ language', () => {
  it.each([
    [['es-MX', 'en'], 'es'],
    [['fr-CA'], 'fr'],
    [['de-AT', 'de'], 'de'],
    [['ar-EG'], 'ar'],
    [['ar'], 'ar'],
    [['en-GB'], 'en'],
    [['pt-BR', 'es'], 'es'],
    [['pt-BR', 'it'], 'en'],
    [[], 'en'],
    [['not a tag!', 'fr'], 'fr'],
  ])('is matched from the browser’s languages %j → %s', (languages, expected) => {
    expect(matchLocale(languages)).toBe(expected);
  });

  it('prefers the language chosen before on this browser', () => {
    const storage = memoryStorage();
    rememberLocale('de', storage);
    expect(initialLocale(storage, ['es-ES'])).toBe('de');
  });

  it('ignores a stored value that is not a supported language', () => {
    const storage = memoryStorage();
    storage.items.set('tumor-board.referrer.locale', 'xx');
    expect(initialLocale(storage, ['fr-FR'])).toBe('fr');
  });

  it('works where the browser refuses storage', () => {
    const storage = memoryStorage(true);
    expect(() => rememberLocale('ar', storage)).not.toThrow();
    expect(initialLocale(storage, ['ar-SA'])).toBe('ar');
    expect(initialLocale(null, ['de-CH'])).toBe('de');
  });

  it('writes dates and numbers in the browser’s regional variant of the chosen language', () => {
    expect(formattingLocale('es', ['es-MX', 'en'])).toBe('es-MX');
    expect(formattingLocale('en', ['fr-FR', 'en-GB'])).toBe('en-GB');
    expect(formattingLocale('de', ['fr-FR', 'en-GB'])).toBe('de');
    expect(formattingLocale('ar', ['bad tag!', 'ar-EG'])).toBe('ar-EG');
  });

  it('reads Arabic right to left and the others left to right', () => {
    expect(textDirection('ar')).toBe('rtl');
    for (const locale of ['en', 'es', 'fr', 'de'] as const)
      expect(textDirection(locale)).toBe('ltr');
  });

  it.each([
    ['it', 'it'],
    ['pt-br', 'pt-BR'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['not a tag', ''],
    ['', ''],
  ])('marks text written in “%s” as lang="%s" (empty: unknown)', (tag, lang) => {
    expect(langAttribute(tag)).toBe(lang);
  });
});
