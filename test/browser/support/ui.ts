/**
 * Small helpers for driving the React Aria client the way a person does, by accessible names:
 * choosing from a Select, committing a NumberField, reading what a field's error says.
 */
import type { Locator, Page } from 'playwright-core';
import { checkA11y, type A11yContext } from './browser';

export type Scope = Page | Locator;

function pageOf(scope: Scope): Page {
  return 'page' in scope && typeof scope.page === 'function' ? scope.page() : (scope as Page);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The trigger of a React Aria Select: a button named "<current value> <label>". */
export function selectTrigger(scope: Scope, label: string): Locator {
  return scope.getByRole('button', { name: new RegExp(`(^|\\s)${escapeRegExp(label)}$`) });
}

/** Opens the Select labelled `label` and chooses `option` (its exact visible words). */
export async function chooseOption(scope: Scope, label: string, option: string): Promise<void> {
  const page = pageOf(scope);
  await selectTrigger(scope, label).click();
  const listbox = page.getByRole('listbox').last();
  await listbox.getByRole('option', { name: option, exact: true }).click();
  await listbox.waitFor({ state: 'detached' });
}

/** Types into a React Aria NumberField and leaves it (a NumberField commits on blur). */
export async function fillNumber(field: Locator, value: number | string): Promise<void> {
  await field.fill(String(value));
  await field.press('Tab');
}

/** Toggles a React Aria checkbox from the keyboard (Space on the focused input). */
export async function toggleByKeyboard(checkbox: Locator): Promise<void> {
  await checkbox.focus();
  await checkbox.press('Space');
}

/** The text of everything the element's aria-describedby points at (description and errors). */
export async function describedBy(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id: string) => element.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Waits until no loading indicator or splash is on the page. */
export async function settled(page: Page): Promise<void> {
  // A function, not a string: the page's CSP refuses eval of a string predicate. It runs in the
  // page, so it names nothing from this module.
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: PageDocument }).document.querySelector(
        '.loading, .splash',
      ),
  );
}

/** The page's document, typed just enough for predicates that run in the page (no DOM lib here). */
interface PageDocument {
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  activeElement: { getAttribute(name: string): string | null } | null;
}

/** Waits until the focused element's aria-label is `name` (as a person's next key press needs). */
export async function waitForFocusOn(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (label) =>
      (globalThis as unknown as { document: PageDocument }).document.activeElement?.getAttribute(
        'aria-label',
      ) === label,
    name,
  );
}

/** The name of what has focus: its aria-label, else its text (roughly what a screen reader says). */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const active = document.activeElement;
    if (!active) return '';
    return active.getAttribute('aria-label') ??
      (active.textContent ?? '').replace(/\\s+/g, ' ').trim().slice(0, 60);
  })()`);
}

/**
 * Runs axe on each distinct screen and keeps going: an acceptance flow reports every screen's
 * findings at once, then fails (`expectClean`) if any screen had a serious or critical one.
 */
export class A11yLedger {
  readonly screens: string[] = [];
  readonly failures: string[] = [];

  async check(page: Page, screen: string, context?: A11yContext): Promise<void> {
    this.screens.push(screen);
    try {
      await checkA11y(page, context);
    } catch (error) {
      this.failures.push(`— ${screen}:\n${(error as Error).message}`);
    }
  }

  expectClean(): void {
    if (this.failures.length > 0) {
      throw new Error(
        `axe found serious or critical violations on ${this.failures.length} of ${this.screens.length} screens:\n` +
          this.failures.join('\n'),
      );
    }
  }
}

/**
 * Expectations a flow checks without stopping: a confirmation that never shows is a defect to
 * report, but the flow can go on and find the next one. `expectAllHeld` fails with every miss.
 */
export class SoftExpectations {
  readonly misses: string[] = [];

  async check(description: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const first = (error as Error).message.split('\n').slice(0, 3).join(' ');
      this.misses.push(`— ${description}\n    ${first}`);
    }
  }

  expectAllHeld(): void {
    if (this.misses.length > 0) {
      throw new Error(
        `${this.misses.length} expectation(s) of the flow did not hold:\n${this.misses.join('\n')}`,
      );
    }
  }
}

/** Waits (up to `timeout` ms) until the element's text matches; fails showing the last text. */
export async function expectText(
  locator: Locator,
  expected: RegExp | string,
  timeout = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = (await locator.innerText({ timeout }).catch(() => last)).replace(/\s+/g, ' ').trim();
    const matches = typeof expected === 'string' ? last.includes(expected) : expected.test(last);
    if (matches) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `Expected the text of ${String(locator)} to match ${String(expected)}; it reads:\n${last}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
