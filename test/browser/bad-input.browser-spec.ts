/**
 * A presenter types nonsense into every field of the new-case form: very long text, emoji, a NUL
 * character, markup, negative and impossible numbers and dates. The page never crashes, nothing
 * typed is run as markup, and every refusal is explained next to the field it is about.
 */
import type { Page, Response } from 'playwright-core';
import {
  checkA11y,
  expectNoConsoleProblems,
  problemsOf,
  signIn,
  useBrowserApp,
} from './support/browser';
import { chooseOption, describedBy, expectText, fillNumber, settled } from './support/ui';

const PRESENTER = 'medonc@demo.local';
const BOARD = 'Thoracic Oncology Board';
const NUL = '\u0000';
const LONG = 'Adenocarcinoma '.repeat(400); // 6,000 characters
const EMOJI = '🫁🧬💊🩻🔬'.repeat(20);
const MARKUP = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

interface ErrorDetail {
  field?: string;
  message: string;
}

/** Every input the page marks invalid, with what its description and error say. */
async function invalidFields(page: Page): Promise<Array<{ name: string; says: string }>> {
  const found: Array<{ name: string; says: string }> = [];
  for (const field of await page.locator('main [aria-invalid="true"]').all()) {
    const name =
      (await field.getAttribute('aria-label')) ??
      (await field.evaluate((element) => {
        const ids: string[] = element.getAttribute('aria-labelledby')?.split(/\s+/) ?? [];
        const byIds = ids
          .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '')
          .join(' ');
        const labels = (element as unknown as { labels?: Array<{ textContent: string | null }> })
          .labels;
        return (byIds || (labels?.[0]?.textContent ?? '')).trim();
      }));
    found.push({ name, says: await describedBy(field) });
  }
  return found;
}

/** Submits the form and returns the server's refusal, after the page has shown it. */
async function submitRefused(page: Page): Promise<ErrorDetail[]> {
  const answered = page.waitForResponse(
    (r) => r.url().includes('/cases') && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Create case' }).click();
  const response: Response = await answered;
  expect(response.status()).toBe(400);
  const body = (await response.json()) as { details?: ErrorDetail[] };
  await page.locator('main [aria-invalid="true"]').first().waitFor();
  return body.details ?? [];
}

/** The page is still the form, not the error page, and nothing typed ran as script. */
async function expectStillStanding(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'New case' }).waitFor();
  expect(await page.locator('.error-state').count()).toBe(0);
  expect(problemsOf(page).pageErrors).toEqual([]);
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
}

/** The presenter, signed in, on the board's New case form. */
async function openNewCase(page: Page) {
  await signIn(page, PRESENTER);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Boards' })
    .click();
  await page.waitForURL((url) => url.pathname === '/boards');
  await page.getByRole('heading', { name: 'Boards', level: 1 }).waitFor();
  await page.getByRole('link', { name: BOARD, exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Board sections' })
    .getByRole('link', { name: 'Cases', exact: true })
    .click();
  await page.getByRole('link', { name: 'New case' }).click();
  await page.getByRole('heading', { level: 1, name: 'New case' }).waitFor();
  await settled(page);
  const main = page.locator('main');
  return { main, text: (name: string) => main.getByRole('textbox', { name, exact: true }) };
}

/** A refusal in the API's words: the API's name for the field ("icd10 must …"). */
const API_WORDING =
  /\b(patientRef|mrn|birthYear|sex|referringPhysician|referringInstitution|diagnosis|recommendation|primarySite|histology|icd10|icdO3Topography|icdO3Morphology|diagnosedOn|name|result|method|question|clinicalSummary|dueDate|startedOn) must\b/;

/**
 * Whether a server refusal is said in `text`: the client words it for a person (the field's
 * name dropped, since the message sits under that field's label: "mrn must not contain …" is
 * shown as "Must not contain …").
 */
function saidIn(text: string, detail: ErrorDetail): boolean {
  const field = detail.field ?? '';
  const last = field.split('.').pop() ?? '';
  const words = [field, last]
    .filter(Boolean)
    .reduce(
      (message, name) =>
        message.startsWith(`${name} `) ? message.slice(name.length + 1) : message,
      detail.message,
    )
    .replace(/\.$/, '')
    .toLowerCase();
  return text.toLowerCase().includes(words);
}

describe('nonsense in every field of the case form (web client)', () => {
  const app = useBrowserApp({ demoData: true });

  it('never crashes, runs nothing typed, and explains every refusal beside its field, in the form’s words', async () => {
    const page = await app.newPage();
    const { main, text } = await openNewCase(page);

    // Nothing at all: the three required answers are asked for, beside their fields, unsent.
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/cases')) posted += 1;
    });
    await page.getByRole('button', { name: 'Create case' }).click();
    await expect(describedBy(text('Patient reference'))).resolves.toContain(
      'Enter the pseudonymous patient reference.',
    );
    await expect(describedBy(text('Year of birth'))).resolves.toContain('Enter the year of birth.');
    await expectText(main, 'Choose the sex recorded for the patient.');
    expect(posted).toBe(0);

    // Nonsense everywhere.
    await text('Patient reference').fill(MARKUP);
    await text('Medical record number (MRN)').fill(`${NUL}${NUL}${EMOJI}`);
    // Negative and impossible years: the field keeps to what a year of birth can be.
    await text('Year of birth').pressSequentially('-1958');
    await text('Year of birth').press('Tab');
    expect(await text('Year of birth').inputValue()).not.toContain('-');
    await fillNumber(text('Year of birth'), '99999');
    expect(Number(await text('Year of birth').inputValue())).toBeLessThanOrEqual(2100);
    await chooseOption(main, 'Sex', 'Unknown');
    await chooseOption(main, 'Referral type', 'External second opinion');
    await text('Referring physician').fill(EMOJI.repeat(5));
    await text('Referring institution').fill(NUL);
    await main.getByRole('textbox', { name: 'First opinion: diagnosis' }).fill(LONG);
    await main.getByRole('textbox', { name: 'First opinion: recommendation' }).fill(MARKUP);
    await text('Primary site').fill(LONG);
    await text('Histology').fill(`${NUL}${MARKUP}`);
    await text('ICD-10').fill('💥-1.-1');
    await text('ICD-O-3 topography').fill('<b>');
    await text('ICD-O-3 morphology').fill('-8140/9');
    await main.getByLabel('Date of diagnosis').fill('2999-12-31');
    await chooseOption(main, 'AJCC edition', 'AJCC 8th edition');
    await chooseOption(main, 'Clinical T', 'T4');
    await main.getByRole('button', { name: 'Add biomarker' }).click();
    await main.getByRole('textbox', { name: 'Name' }).fill(NUL);
    await main.getByRole('textbox', { name: 'Method' }).fill(LONG);
    await text('Question to the board').fill(`${MARKUP} ${LONG}`);
    await text('Clinical summary').fill(`${EMOJI}${NUL}${MARKUP}${LONG.repeat(5)}`);
    await main.getByLabel('Due date').fill('0001-01-01');
    await main
      .getByRole('radio', { name: 'Started', exact: true })
      .locator('xpath=ancestor::label')
      .click();
    await main.getByLabel('Date treatment began').fill('2999-01-01');
    await expectStillStanding(page);

    const details = await submitRefused(page);
    await expectStillStanding(page);
    expect(details.length).toBeGreaterThan(0);
    const invalid = await invalidFields(page);
    const beside = invalid.map((field) => field.says).join(' | ');
    const fieldErrors = (await main.locator('.field-error').allInnerTexts()).join(' | ');
    const unexplained = details.filter(
      (detail) => !saidIn(beside, detail) && !saidIn(fieldErrors, detail),
    );
    // Every refusal the server gave is said beside a field (none only in a summary, or nowhere).
    expect({ unexplained, invalid }).toEqual({ unexplained: [], invalid });
    await main
      .getByRole('alert')
      .filter({ hasText: 'The case was not created: see the messages next to the fields.' })
      .waitFor();
    await checkA11y(page);

    // What was typed is kept, as text (markup shown, not run).
    await expect(text('Patient reference').inputValue()).resolves.toBe(MARKUP.slice(0, 40));
    expect(await page.evaluate('window.__pwned')).toBeUndefined();

    expectNoConsoleProblems(page);
    // Said beside each field as the form says things, not in the API's field names
    // ("icd10 must be …", "result must be longer than or equal to 1 characters").
    expect(invalid.filter((field) => API_WORDING.test(field.says))).toEqual([]);
  });

  it('takes NUL characters, emoji and markup inside otherwise good text without a server failure', async () => {
    const page = await app.newPage();
    const { main, text } = await openNewCase(page);
    // Good answers, with NULs, emoji and markup inside free text. Either the case is created
    // (the text kept as typed, NULs dropped) or each refusal is said beside its field; never a
    // server failure ("The server ran into a problem").
    await text('Patient reference').fill('NONSENSE-001');
    await text('Medical record number (MRN)').fill('MRN-0001');
    await fillNumber(text('Year of birth'), 1958);
    await chooseOption(main, 'Sex', 'Unknown');
    await chooseOption(main, 'Referral type', 'External second opinion');
    await text('Referring physician').fill(`Dr ${EMOJI.slice(0, 10)} Moreau`);
    await text('Referring institution').fill(`Lakeside${NUL} Hospital`);
    await main.getByRole('textbox', { name: 'First opinion: diagnosis' }).fill(`Stage IB ${NUL}`);
    await main.getByRole('textbox', { name: 'First opinion: recommendation' }).fill(MARKUP);
    await text('Primary site').fill(`Left lower lobe ${EMOJI.slice(0, 4)}`);
    await text('Histology').fill(`Adeno${NUL}carcinoma`);
    await text('ICD-10').fill('C34.3');
    await main.getByRole('button', { name: 'Add biomarker' }).click();
    await main.getByRole('textbox', { name: 'Name' }).fill(`EGFR${NUL}`);
    await main.getByRole('textbox', { name: 'Result' }).fill(`positive ${EMOJI.slice(0, 2)}`);
    await text('Question to the board').fill(`${MARKUP} Surgery?`);
    await text('Clinical summary').fill(`${EMOJI}${NUL}${MARKUP}`);
    const answered = page.waitForResponse(
      (r) => r.url().includes('/cases') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Create case' }).click();
    const response = await answered;
    expect(response.status()).toBeLessThan(500);
    if (response.status() === 201) {
      await page.waitForURL((url) => /^\/cases\/[0-9a-f-]{36}$/.test(url.pathname));
      await page.getByRole('heading', { level: 1, name: 'NONSENSE-001' }).waitFor();
      await settled(page);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
    } else {
      await expectStillStanding(page);
      const again = ((await response.json()) as { details?: ErrorDetail[] }).details ?? [];
      const saidBeside = (await invalidFields(page)).map((field) => field.says).join(' | ');
      expect(again.filter((detail) => !saidIn(saidBeside, detail))).toEqual([]);
    }

    expectNoConsoleProblems(page);
  });
});
