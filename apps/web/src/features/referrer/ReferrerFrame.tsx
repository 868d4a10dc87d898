import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { CATALOGUES, LOCALES, isLocale, textDirection } from './locale';
import { LINK_STATE_MESSAGES, problemMessage, worthRetrying, type LinkState } from './problems';
import { ReferrerIntl, useLocaleChoice, useText } from './ReferrerIntl';
import './referrer.css';

/**
 * A page for the referrer, who is not a user of the app: no navigation, the service's name, the
 * language switcher, and a word on keeping the link private.
 */
export function ReferrerFrame({ children }: { children: ReactNode }) {
  return (
    <ReferrerIntl>
      <Frame>{children}</Frame>
    </ReferrerIntl>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const t = useText();
  return (
    <div className="referrer">
      <header className="referrer-header">
        <p className="referrer-brand">
          <span className="referrer-product">{t('frame.product')}</span>
          <span className="referrer-service">{t('frame.service')}</span>
        </p>
        <LanguageSwitcher />
      </header>
      <main className="referrer-main" id="main">
        {children}
      </main>
      <footer className="referrer-footer">
        <p>{t('frame.privacy')}</p>
      </footer>
    </div>
  );
}

/** Each language named in itself, so a reader finds theirs whatever the page speaks now. */
function LanguageSwitcher() {
  const t = useText();
  const { locale, choose } = useLocaleChoice();
  const id = useId();
  return (
    <div className="referrer-language">
      <label htmlFor={id}>{t('frame.language')}</label>
      <select
        id={id}
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) choose(event.target.value);
        }}
      >
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option} dir={textDirection(option)}>
            {CATALOGUES[option]['language.name']}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A heading that takes the focus when it appears in place of what was there (the record received,
 * the link gone), so a screen reader says what happened.
 */
export function FocusedHeading({ children }: { children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h1 ref={heading} tabIndex={-1} className="referrer-focus-target">
      {children}
    </h1>
  );
}

/** The page instead of its content: the link is incomplete, unknown, expired, used or stopped. */
export function LinkProblem({ state }: { state: LinkState }) {
  const t = useText();
  const { title, body } = LINK_STATE_MESSAGES[state];
  return (
    <section className="referrer-card referrer-problem">
      <FocusedHeading>{t(title)}</FocusedHeading>
      <p>{t(body)}</p>
    </section>
  );
}

/** The page could not be loaded for a reason other than the link: said, with a retry where it may help. */
export function LoadProblem({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useText();
  const problem = problemMessage(error);
  return (
    <section className="referrer-card referrer-problem" role="alert">
      <h1>{t('problem.title')}</h1>
      <p>{t(problem.id, problem.values)}</p>
      {worthRetrying(error) ? (
        <Button variant="primary" onPress={retry}>
          {t('action.retry')}
        </Button>
      ) : null}
    </section>
  );
}

export function Loading() {
  const t = useText();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('state.loading')}
    </div>
  );
}
