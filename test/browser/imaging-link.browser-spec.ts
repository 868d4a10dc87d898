/**
 * A coordinator links a study from a real PACS (Debian's Orthanc with its DICOMweb plugin) to a
 * case from the case screen: the search dialog finds the patient's study, "Link" creates the
 * case's imaging record, and the records panel offers "View images" for it at once.
 */
import { SyntheticStudy, syntheticStudy } from '@app/testing';
import {
  checkA11y,
  expectNoConsoleProblems,
  screenshot,
  signIn,
  useBrowserApp,
} from './support/browser';
import { demoCaseId, usePacs } from './support/pacs';
import { expectText } from './support/ui';

const CASE_REF = 'THX-2026-001';
const BOARD = 'Thoracic Oncology Board';

describe('linking a PACS study from the case screen (web client, real PACS)', () => {
  const env: Record<string, string> = {};
  let study: SyntheticStudy;
  let other: SyntheticStudy;
  let caseId: string;

  usePacs(env, async (orthanc) => {
    study = syntheticStudy({ description: 'Synthetic CT chest', petSlices: 16 });
    // Another patient's study, which a search by patient id must not find.
    other = syntheticStudy({ description: 'Another patient', ctSlices: 2, petSlices: 0 });
    await orthanc.upload([...study.files(), ...other.files()]);
  });

  const app = useBrowserApp({ demoData: true, env });

  beforeAll(async () => {
    caseId = await demoCaseId(app, BOARD, CASE_REF);
  });

  it('finds the study by patient id, links it, and the records panel offers "View images"', async () => {
    const page = await app.newPage({ viewport: { width: 1440, height: 960 } });
    await signIn(page, 'coordinator@demo.local');
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: CASE_REF }).waitFor();
    expect(
      await page.getByRole('link', { name: 'View images of Synthetic CT chest' }).count(),
    ).toBe(0);

    await page.getByRole('button', { name: 'Link a study from the PACS' }).click();
    const dialog = page.getByRole('dialog', { name: 'Link a study from the PACS' });
    await dialog.waitFor();

    // A search with nothing to search by is explained, not sent.
    await dialog.getByRole('button', { name: 'Search' }).click();
    await expectText(
      dialog.getByRole('alert'),
      'Search by patient id, accession number or a study date range.',
    );

    await dialog.getByLabel('Patient id').fill(study.patientId);
    await dialog.getByRole('button', { name: 'Search' }).click();
    const row = dialog.getByRole('row', { name: /Synthetic CT chest/ });
    await row.waitFor();
    expect(await dialog.getByRole('row').count()).toBe(2); // the header and the one study
    await expectText(row, study.accessionNumber);
    await expectText(row, 'CT');
    await expectText(row, 'PT');
    await expectText(row, '2 / 80');
    expect(await dialog.innerText()).not.toContain('Another patient');
    expect(await checkA11y(page)).toEqual([]);
    await screenshot(page, 'imaging-link-search');

    await row.getByRole('button', { name: /^Link Synthetic CT chest/ }).click();
    await expectText(
      dialog.getByRole('status'),
      '“Synthetic CT chest” was linked to the case; it is now in the records.',
    );
    await expectText(row, 'Linked');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The records list was refreshed: the study is there, and opens in the viewer.
    const view = page.getByRole('link', { name: 'View images of Synthetic CT chest' });
    await view.waitFor();
    await view.click();
    await page.waitForURL(
      (url) => url.pathname === `/cases/${caseId}/imaging/${study.studyInstanceUid}`,
    );
    await page.locator('.viewer-stage[data-status="ready"]').waitFor();
    expectNoConsoleProblems(page);
    await page.close();
  });
});
