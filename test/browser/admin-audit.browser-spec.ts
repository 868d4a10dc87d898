/**
 * The administrator's audit log in the web client: entries listed and filtered, the hash chain
 * verified from the page; a clinician who is not an administrator is told plainly that the log
 * is not for them. The account page refuses a wrong current password next to the field.
 */
import type { Page } from 'playwright-core';
import {
  checkA11y,
  expectNoConsoleProblems,
  problemsOf,
  screenshot,
  signIn,
  useBrowserApp,
} from './support/browser';
import { waitFor } from '../support/collab';

function unexpectedApiErrors(page: Page, allowed: number[] = []) {
  return problemsOf(page).apiClientErrors.filter(
    (e) =>
      !(e.url.endsWith('/api/v1/auth/refresh') && (e.status === 400 || e.status === 401)) &&
      !allowed.includes(e.status),
  );
}

describe('the audit log and the account page', () => {
  const app = useBrowserApp({ demoData: true });

  it('lists, filters and verifies the audit chain for an administrator', async () => {
    const page = await app.newPage();
    await page.goto(app.url('/'));
    await signIn(page, 'admin@demo.local');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(5);

    await page.getByRole('textbox', { name: 'Action' }).fill('auth.login');
    const searched = page.waitForResponse((response) =>
      response.url().includes('action=auth.login'),
    );
    await page.getByRole('button', { name: 'Search' }).click();
    await searched;
    await waitFor(
      async () => (await rows.allInnerTexts()).every((text) => text.includes('auth.login')),
      10_000,
      'only auth.login entries',
    );
    expect(await rows.count()).toBeGreaterThan(0);
    // The actor is named, not only identified.
    await rows.first().getByText('Alex Admin').waitFor();

    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page
      .getByText(
        /^The chain is intact: [\d,]+ entries checked\. (It still holds every entry the checkpoint of .+ recorded|No checkpoint is kept outside the database yet, .+)\.$/,
      )
      .waitFor();
    await checkA11y(page);
    await screenshot(page, 'audit');
    expect(unexpectedApiErrors(page)).toEqual([]);
    expectNoConsoleProblems(page);
  });

  it('tells a clinician who is not an administrator that the log is not for them', async () => {
    const page = await app.newPage();
    await page.goto(app.url('/audit'));
    await page.waitForURL((url) => url.pathname === '/login');
    await signIn(page, 'coordinator@demo.local');
    await page.waitForURL((url) => url.pathname === '/audit');
    await page.getByText('You do not have access to this').waitFor();
    await page.getByText('The audit log is for administrators.').waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Audit log' })
        .count(),
    ).toBe(0);
    await checkA11y(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
    expectNoConsoleProblems(page);
  });

  it('refuses a wrong current password next to the field on the account page', async () => {
    const page = await app.newPage();
    await page.goto(app.url('/account'));
    await page.waitForURL((url) => url.pathname === '/login');
    await signIn(page, 'pathology@demo.local');
    await page.waitForURL((url) => url.pathname === '/account');
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    await page
      .getByRole('textbox', { name: 'Current password', exact: true })
      .fill('Not-My-Password-2026!');
    await page
      .getByRole('textbox', { name: 'New password', exact: true })
      .fill('Quiet-Harbour-Lantern-Basil-77');
    await page
      .getByRole('textbox', { name: 'Repeat the new password' })
      .fill('Quiet-Harbour-Lantern-Basil-77');
    await page.getByRole('button', { name: 'Change password' }).click();
    const current = page.getByRole('textbox', { name: 'Current password', exact: true });
    await waitFor(
      async () => (await current.getAttribute('aria-invalid')) === 'true',
      10_000,
      'the current password field marked invalid',
    );
    await page.getByText('That is not your current password.').waitFor();
    await checkA11y(page);
    expect(unexpectedApiErrors(page, [400, 401, 403])).toEqual([]);
    expectNoConsoleProblems(page);
  });
});
