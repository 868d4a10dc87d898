import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { I18nProvider } from 'react-aria-components';
import { IntlProvider, useIntl } from 'react-intl';
import {
  CATALOGUES,
  formattingLocale,
  initialLocale,
  rememberLocale,
  textDirection,
  type Locale,
  type MessageId,
} from './locale';

interface LocaleChoice {
  locale: Locale;
  choose: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleChoice | null>(null);

/**
 * The referrer's pages in the chosen language: messages (react-intl, ICU), dates and numbers,
 * React Aria's own words, and the document's `lang` and `dir` (Arabic reads right to left, and
 * the layout, built on logical CSS properties, mirrors with it).
 */
export function ReferrerIntl({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => initialLocale());
  const choose = useCallback((next: Locale) => {
    setLocale(next);
    rememberLocale(next);
  }, []);
  const choice = useMemo(() => ({ locale, choose }), [locale, choose]);
  const formatting = useMemo(() => formattingLocale(locale), [locale]);

  useLayoutEffect(() => {
    const root = document.documentElement;
    const before = { lang: root.lang, dir: root.dir };
    root.lang = formatting;
    root.dir = textDirection(locale);
    return () => {
      root.lang = before.lang;
      root.dir = before.dir;
    };
  }, [formatting, locale]);

  return (
    <LocaleContext.Provider value={choice}>
      <IntlProvider locale={formatting} defaultLocale="en" messages={CATALOGUES[locale]}>
        <I18nProvider locale={formatting}>{children}</I18nProvider>
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocaleChoice(): LocaleChoice {
  const choice = useContext(LocaleContext);
  if (!choice) throw new Error('used outside ReferrerIntl');
  return choice;
}

export type MessageValues = Record<string, string | number>;
export type Translate = (id: MessageId, values?: MessageValues) => string;

/** A message of the catalogue, in the chosen language. */
export function useText(): Translate {
  const intl = useIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values), [intl]);
}

/** The window's title, in the chosen language. */
export function useDocumentTitle(id: MessageId): void {
  const t = useText();
  const title = t(id);
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}
