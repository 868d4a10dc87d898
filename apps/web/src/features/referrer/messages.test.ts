import {
  isPluralElement,
  isSelectElement,
  isStructurallySame,
  isTagElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES, type Locale } from './locale';

/** Every plural argument of a message, with the forms it writes out. */
function plurals(elements: MessageFormatElement[]): Array<{ name: string; forms: string[] }> {
  return elements.flatMap((element) => {
    if (isPluralElement(element))
      return [
        { name: element.value, forms: Object.keys(element.options) },
        ...Object.values(element.options).flatMap((option) => plurals(option.value)),
      ];
    if (isSelectElement(element))
      return Object.values(element.options).flatMap((option) => plurals(option.value));
    if (isTagElement(element)) return plurals(element.children);
    return [];
  });
}

/** The plural forms a whole count from 0 to 1000 takes in `locale` (CLDR, as the browser has it). */
function formsOfCounts(locale: Locale): string[] {
  const rules = new Intl.PluralRules(locale);
  return [...new Set(Array.from({ length: 1001 }, (_, count) => rules.select(count)))];
}

const folder = join(dirname(fileURLToPath(import.meta.url)), 'messages');
const english = CATALOGUES.en;
const ids = Object.keys(english).sort();

describe('message catalogues', () => {
  it('has a catalogue file for every supported language and no other', () => {
    const files = readdirSync(folder).sort();
    expect(files).toEqual([...LOCALES].map((locale) => `${locale}.json`).sort());
  });

  it.each(LOCALES)('%s has exactly the message ids of English, none empty', (locale) => {
    const catalogue = CATALOGUES[locale];
    expect(Object.keys(catalogue).sort()).toEqual(ids);
    for (const id of ids) expect(catalogue[id as keyof typeof catalogue].trim(), id).not.toBe('');
  });

  it.each(LOCALES)(
    '%s parses as ICU, with the same arguments of the same kinds as English',
    (locale) => {
      const catalogue = CATALOGUES[locale];
      for (const id of ids) {
        const key = id as keyof typeof catalogue;
        const ast = parse(catalogue[key], { requiresOtherClause: true });
        const same = isStructurallySame(parse(english[key]), ast);
        expect(same.success, `${locale} ${id}: ${same.error?.message ?? ''}`).toBe(true);
      }
    },
  );

  it.each(LOCALES)('%s writes out every plural form a count takes in it', (locale) => {
    const needed = formsOfCounts(locale);
    const catalogue = CATALOGUES[locale];
    for (const id of ids) {
      for (const plural of plurals(parse(catalogue[id as keyof typeof catalogue]))) {
        for (const form of needed)
          expect(plural.forms, `${locale} ${id} {${plural.name}} lacks "${form}"`).toContain(form);
      }
    }
  });

  it('gives Arabic its six plural forms: zero, one, two, few, many and other', () => {
    expect(formsOfCounts('ar').sort()).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
    const arabic = Object.values(CATALOGUES.ar).flatMap((message) => plurals(parse(message)));
    expect(arabic.length).toBeGreaterThan(0);
  });

  it('names each language in itself, once', () => {
    const names = LOCALES.map((locale) => CATALOGUES[locale]['language.name']);
    expect(names).toEqual(['English', 'Español', 'Français', 'Deutsch', 'العربية']);
  });

  it('keeps every catalogue file as valid JSON without duplicate ids', () => {
    for (const locale of LOCALES) {
      const text = readFileSync(join(folder, `${locale}.json`), 'utf8');
      const keys = [...text.matchAll(/^\s{2}"([^"]+)":/gm)].map((found) => found[1]);
      expect(new Set(keys).size, locale).toBe(keys.length);
      expect(keys.length, locale).toBe(ids.length);
    }
  });
});
