import { match } from '@formatjs/intl-localematcher';
import ar from './messages/ar.json';
import de from './messages/de.json';
import en from './messages/en.json';
import es from './messages/es.json';
import fr from './messages/fr.json';

/**
 * The languages of the referrer's pages. A referrer is often abroad and not an English speaker:
 * the page speaks the browser's language when it has it, and they may choose another.
 */
export const LOCALES = ['en', 'es', 'fr', 'de', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every message the pages show; English is the reference every catalogue matches. */
export type MessageId = keyof typeof en;
export type Catalogue = Record<MessageId, string>;

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, es, fr, de, ar };

const DEFAULT_LOCALE: Locale = 'en';
const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set<Locale>(['ar']);
const STORAGE_KEY = 'tumor-board.referrer.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The supported language closest to the ones asked for, in order (`navigator.languages`). */
export function matchLocale(requested: readonly string[]): Locale {
  const valid = requested.filter((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length > 0;
    } catch {
      return false;
    }
  });
  const found = match(valid, LOCALES, DEFAULT_LOCALE, { algorithm: 'best fit' });
  return isLocale(found) ? found : DEFAULT_LOCALE;
}

/** The language chosen before on this browser, else the browser's own. */
export function initialLocale(
  storage: Pick<Storage, 'getItem'> | null = safeStorage(),
  languages: readonly string[] = navigator.languages ?? [navigator.language],
): Locale {
  const chosen = readChoice(storage);
  return chosen ?? matchLocale(languages);
}

/** Remembers the language chosen with the switcher (where the browser lets the page store it). */
export function rememberLocale(
  locale: Locale,
  storage: Pick<Storage, 'setItem'> | null = safeStorage(),
): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage full or refused: the choice holds for this page only.
  }
}

/**
 * The locale dates and numbers are written in: the browser's own regional variant of the chosen
 * language when it has one (`es-MX` for Spanish in Mexico, `en-GB`), else the language itself.
 */
export function formattingLocale(
  chosen: Locale,
  languages: readonly string[] = navigator.languages ?? [navigator.language],
): string {
  for (const tag of languages) {
    try {
      const locale = new Intl.Locale(tag);
      if (locale.language === chosen) return locale.toString();
    } catch {
      // Not a language tag: skipped.
    }
  }
  return chosen;
}

/**
 * A language tag as the `lang` attribute takes it: canonical, or "" (the language is unknown)
 * when it is not a valid tag, rather than a claim the page cannot back.
 */
export function langAttribute(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? '';
  } catch {
    return '';
  }
}

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr';
}

function readChoice(storage: Pick<Storage, 'getItem'> | null): Locale | null {
  try {
    const stored = storage?.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** localStorage, or null where the browser refuses it (some private modes throw on access). */
function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
