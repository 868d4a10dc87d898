/**
 * The demo observer reads a board through the web client: its meetings, a case, a meeting's
 * agenda, its members and its policies. Nothing offers to change anything; the case is there to
 * read (without its MRN); a board, meeting or case the observer is not a member of is a
 * "Not found" page inside the shell, never a blank page or raw JSON.
 */
import type { Locator, Page } from 'playwright-core';
import { BoardsService, MeetingsService } from '@app/boards';
import { CasesService } from '@app/cases';
import { PlatformRole } from '@app/contracts';
import {
  checkA11y,
  expectNoConsoleProblems,
  pathOf,
  problemsOf,
  screenshot,
  signIn,
  useBrowserApp,
} from './support/browser';
import { expectText, settled } from './support/ui';

const OBSERVER = { email: 'observer@demo.local', name: 'Olive Observer' };
const BOARD = 'Thoracic Oncology Board';
const CASE = {
  ref: 'THX-2026-001',
  mrn: 'MRN-4410021',
  question: 'Neoadjuvant chemo-immunotherapy then resection, or definitive chemoradiation?',
};

/** Names of controls that change something; none may be offered to an observer. */
const EDITING_CONTROLS: RegExp[] = [
  /^New case$/,
  /^Create the first case$/,
  /^Schedule/,
  /^Add cases$/,
  /^Add member$/,
  /^Add$/,
  /^Add biomarker$/,
  /^Save/,
  /^Move up/,
  /^Move down/,
  /^Move( meeting)?(,|$)/,
  /^Cancel( meeting)?(,|$)/,
  /^Drag /,
  /^Edit/,
  /^Defer/,
  /^Remove/,
  /^Upload/,
  /^Choose file/,
  /^Add an imaging study/,
  /^Mark ready/,
  /^Return to preparation$/,
  /^Withdraw/,
  /^Request a review/,
  /^Record the finding$/,
  /^Declare a conflict/,
  /^Use the Commission on Cancer/,
];

/** Every button and link name in the page's main region. */
async function controlNames(page: Page): Promise<string[]> {
  const main = page.locator('main');
  const names: string[] = [];
  for (const role of ['button', 'link'] as const) {
    for (const control of await main.getByRole(role).all()) {
      const label =
        (await control.getAttribute('aria-label')) ??
        (await control.innerText()).replace(/\s+/g, ' ').trim();
      names.push(label);
    }
  }
  return names;
}

async function expectNoEditingControls(page: Page, screen: string): Promise<void> {
  const offered = (await controlNames(page)).filter((name) =>
    EDITING_CONTROLS.some((pattern) => pattern.test(name)),
  );
  expect({ screen, offered }).toEqual({ screen, offered: [] });
  // No way to attach a file either.
  expect({ screen, fileInputs: await page.locator('main input[type="file"]').count() }).toEqual({
    screen,
    fileInputs: 0,
  });
}

/** Every text field in `scope` refuses typing, every checkbox and select is disabled. */
async function expectReadOnlyFields(scope: Locator, screen: string): Promise<void> {
  const editable: string[] = [];
  for (const role of ['textbox', 'combobox', 'spinbutton'] as const) {
    for (const field of await scope.getByRole(role).all()) {
      if (await field.isEditable()) editable.push(`${role} ${await field.getAttribute('id')}`);
    }
  }
  for (const box of await scope.getByRole('checkbox').all()) {
    if (await box.isEnabled()) editable.push(`checkbox ${await box.getAttribute('id')}`);
  }
  // React Aria Select triggers: buttons that open a listbox.
  for (const trigger of await scope.locator('button[aria-haspopup="listbox"]').all()) {
    if (await trigger.isEnabled()) editable.push(`select ${await trigger.innerText()}`);
  }
  expect({ screen, editable }).toEqual({ screen, editable: [] });
}

/** API refusals other than the signed-out session restore before signing in. */
function unexpectedApiErrors(page: Page, allowed: number[] = []) {
  return problemsOf(page).apiClientErrors.filter(
    (e) =>
      !(e.url.endsWith('/api/v1/auth/refresh') && (e.status === 400 || e.status === 401)) &&
      !allowed.includes(e.status),
  );
}

async function expectNotFound(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  // The server answers an app address with the app, not with data.
  expect(response?.headers()['content-type']).toContain('text/html');
  await page.getByText('Not found', { exact: true }).waitFor();
  await page
    .getByText('It does not exist, or it belongs to a board you are not a member of.')
    .waitFor();
  await page.getByRole('link', { name: 'Back to home' }).waitFor();
  // Inside the shell, with the way out.
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const text = (await page.locator('#root').innerText()).trim();
  expect(text).not.toBe('');
  expect(text.startsWith('{')).toBe(false);
  expect(text).not.toContain('"statusCode"');
}

describe('an observer reads a board and changes nothing (web client)', () => {
  const app = useBrowserApp({ demoData: true });
  /** A board (with a meeting and a case) of which the observer is not a member. */
  const elsewhere = { boardId: '', meetingId: '', caseId: '' };

  beforeAll(async () => {
    const [{ id }] = (await app.t.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [
      'coordinator@demo.local',
    ])) as Array<{ id: string }>;
    const coordinator = { id: id!, sessionId: 'test-setup', role: PlatformRole.User };
    const board = await app.t.app.get(BoardsService).create(coordinator, {
      name: 'Sarcoma Board (private)',
      tumourSites: ['soft tissue', 'bone'],
      institution: 'Demo University Hospital',
      timezone: 'America/New_York',
    });
    const series = await app.t.app.get(MeetingsService).schedule(coordinator, board.id, {
      title: 'Sarcoma conference',
      startLocal: '2030-01-08T16:00',
      durationMinutes: 60,
      horizonDays: 182,
    });
    const created = await app.t.app.get(CasesService).create(coordinator, board.id, {
      patientRef: 'SRC-2026-001',
      birthYear: 1990,
      sex: 'female',
      referral: { type: 'internal' },
      priority: 'routine',
    });
    Object.assign(elsewhere, {
      boardId: board.id,
      meetingId: series.meetings[0]!.id,
      caseId: created.id,
    });
  });

  it('sees the board, its meetings, a case, an agenda, members and policies, with nothing to edit', async () => {
    const page = await app.newPage();
    await signIn(page, OBSERVER.email);
    await page.getByRole('heading', { name: 'Next meetings' }).waitFor();
    await settled(page);

    // The board and its meetings.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Boards' })
      .click();
    await page.waitForURL((url) => url.pathname === '/boards');
    await page.getByRole('heading', { name: 'Boards', level: 1 }).waitFor();
    await settled(page);
    await page.getByRole('link', { name: BOARD, exact: true }).click();
    await page.waitForURL((url) => /^\/boards\/[0-9a-f-]{36}$/.test(url.pathname));
    const boardPath = pathOf(page);
    await settled(page);
    await expectText(page.locator('.page-header'), 'You: Observer');
    const upcoming = page.locator('section.card', {
      has: page.getByRole('heading', { name: 'Upcoming meetings' }),
    });
    await upcoming.locator('li.meetings-row').first().waitFor();
    await expectNoEditingControls(page, 'board meetings');
    await checkA11y(page);

    // The board's cases, and one case to read.
    const tabs = page.getByRole('navigation', { name: 'Board sections' });
    await tabs.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `${boardPath}/cases`);
    await settled(page);
    await page.getByRole('link', { name: CASE.ref }).waitFor();
    await expectNoEditingControls(page, 'board cases');
    await checkA11y(page);
    await page.getByRole('link', { name: CASE.ref }).click();
    await page.waitForURL((url) => /^\/cases\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: CASE.ref }).waitFor();
    await settled(page);
    await page
      .getByText('You are an observer on this board: you can read this case but not change it.')
      .waitFor();
    const details = page.locator('section.card', {
      has: page.getByRole('heading', { name: 'Case details' }),
    });
    await expectText(details, CASE.question);
    await expectText(details, 'Right upper lobe, lung');
    await expectText(details, 'Adenocarcinoma');
    await expectText(details, 'C34.1');
    await expectText(details, /T2a/);
    await expectText(details, /IIIA/);
    await expectText(details, 'EGFR');
    const records = page.locator('section.card', {
      has: page.getByRole('heading', { name: 'Records', exact: true }),
    });
    await expectText(records, 'Surgical pathology report');
    await expectText(page.locator('main'), 'Readiness');
    // The MRN is for the coordinator, the presenter and administrators only.
    expect(await page.locator('main').innerText()).not.toContain(CASE.mrn);
    await expectNoEditingControls(page, 'case');
    await expectReadOnlyFields(page.locator('main'), 'case');
    await checkA11y(page);
    await screenshot(page, 'observer-case');

    // A meeting's agenda.
    await page.goto(boardPath);
    await settled(page);
    await upcoming
      .getByRole('link', { name: /^Agenda of / })
      .first()
      .click();
    await page.waitForURL((url) => /^\/meetings\/[0-9a-f-]{36}$/.test(url.pathname));
    const agenda = page.getByRole('grid', { name: 'Agenda, in order of discussion' });
    await agenda.waitFor();
    await settled(page);
    await expectText(agenda, CASE.ref);
    await expectText(page.locator('main'), 'Meeting time');
    await expectNoEditingControls(page, 'agenda');
    await checkA11y(page);

    // Members.
    await page.goto(`${boardPath}/members`);
    await settled(page);
    await page.getByRole('row', { name: /Dr Morgan Medonc/ }).waitFor();
    await expectText(page.getByRole('row', { name: /Dr Morgan Medonc/ }), 'Presenter');
    await expectNoEditingControls(page, 'members');
    await expectReadOnlyFields(page.locator('main'), 'members');
    await checkA11y(page);

    // The board's policies (the coordinators' settings, read-only).
    await tabs.getByRole('link', { name: 'Policies', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `${boardPath}/settings`);
    await settled(page);
    await page
      .getByText('Only the board’s coordinators change these settings.')
      .or(page.getByText("Only the board's coordinators change these settings."))
      .waitFor();
    await expect(page.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe(BOARD);
    await expectText(
      page.locator('section.card', {
        has: page.getByRole('heading', { name: 'Readiness checklist' }),
      }),
      'Pathology report present',
    );
    await expectNoEditingControls(page, 'policies');
    await expectReadOnlyFields(page.locator('main'), 'policies');
    await checkA11y(page);

    expectNoConsoleProblems(page);
    expect(unexpectedApiErrors(page)).toEqual([]);
  });

  it('gets a Not found page for a board, meeting or case it is not a member of', async () => {
    const page = await app.newPage();
    await signIn(page, OBSERVER.email);
    await expectNotFound(page, `/boards/${elsewhere.boardId}`);
    await checkA11y(page);
    await expectNotFound(page, `/boards/${elsewhere.boardId}/settings`);
    await expectNotFound(page, `/meetings/${elsewhere.meetingId}`);
    await expectNotFound(page, `/cases/${elsewhere.caseId}`);
    // Nothing of the other board leaked onto the page.
    expect(await page.locator('#root').innerText()).not.toContain('Sarcoma');
    expectNoConsoleProblems(page);
    // The API said 404 (or 403), as it should; nothing else went wrong.
    expect(unexpectedApiErrors(page, [403, 404])).toEqual([]);
  });
});
