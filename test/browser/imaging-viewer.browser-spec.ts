/**
 * A board member reads a case's linked CT in the web client's imaging viewer, from a real PACS
 * (Debian's Orthanc with its DICOMweb plugin) through the server's DICOMweb proxy: the first
 * image is drawn, the stack scrolls to a given slice by keyboard and slider, the lung preset and
 * a window/level drag change the window, and a JPEG-LS compressed series decodes (WebAssembly
 * under the client's CSP, which allows 'wasm-unsafe-eval' and nothing looser).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { SyntheticStudy, syntheticStudy } from '@app/testing';
import { bearer, login } from '../support/test-app';
import {
  DEMO_PASSWORD,
  checkA11y,
  expectNoConsoleProblems,
  problemsOf,
  screenshot,
  signIn,
  useBrowserApp,
} from './support/browser';
import { demoCaseId, usePacs } from './support/pacs';
import { expectText } from './support/ui';

const run = promisify(execFile);
const CASE_REF = 'THX-2026-001';
const BOARD = 'Thoracic Oncology Board';

/** What the viewport's canvas shows: how many pixels are not black, and a cheap fingerprint. */
interface CanvasLook {
  width: number;
  height: number;
  lit: number;
  signature: number;
}

function canvasLook(page: Page): Promise<CanvasLook> {
  return page.evaluate(() => {
    interface Canvas {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      } | null;
    }
    const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } })
      .document;
    const canvas = doc.querySelector('.viewer-stage canvas') as Canvas | null;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return { width: 0, height: 0, lit: 0, signature: 0 };
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let lit = 0;
    let signature = 0;
    for (let i = 0; i < data.length; i += 4) {
      const value = data[i]! + data[i + 1]! + data[i + 2]!;
      if (value > 30) lit++;
      signature = (signature * 31 + value * ((i >> 2) % 977)) % 1_000_000_007;
    }
    return { width: canvas.width, height: canvas.height, lit, signature };
  });
}

/** Waits until the canvas shows something other than `before` (the next render). */
async function nextLook(page: Page, before: CanvasLook): Promise<CanvasLook> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const look = await canvasLook(page);
    if (look.lit > 0 && look.signature !== before.signature) return look;
    if (Date.now() > deadline) throw new Error('the image did not change');
    await page.waitForTimeout(50);
  }
}

async function viewerReady(page: Page): Promise<CanvasLook> {
  await page.locator('.viewer-stage[data-status="ready"]').waitFor();
  return nextLook(page, { width: 0, height: 0, lit: 0, signature: -1 });
}

describe('the imaging viewer (web client, real PACS)', () => {
  /** Filled in once the PACS is up, before the app starts (hooks run in order). */
  const env: Record<string, string> = {};
  let study: SyntheticStudy;
  let compressed: SyntheticStudy;
  let folder: string;
  let caseId: string;

  usePacs(env, async (orthanc) => {
    study = syntheticStudy({ description: 'Synthetic CT chest', petSlices: 16 });
    compressed = syntheticStudy({
      description: 'Synthetic CT, JPEG-LS',
      ctSlices: 4,
      petSlices: 0,
    });
    await orthanc.upload(study.files());
    // JPEG-LS lossless copies (dcmtk), which only the WebAssembly decoder reads.
    folder = await mkdtemp(join(tmpdir(), 'tumor-board-jls-'));
    const files = await Promise.all(
      compressed.files().map(async (file, i) => {
        const plain = join(folder, `${i}.dcm`);
        const packed = join(folder, `${i}.jls.dcm`);
        await writeFile(plain, file);
        await run('dcmcjpls', [plain, packed]);
        return readFile(packed);
      }),
    );
    await orthanc.upload(files);
  });

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const app = useBrowserApp({ demoData: true, env });

  beforeAll(async () => {
    // The coordinator links both studies to a demo case through the API.
    caseId = await demoCaseId(app, BOARD, CASE_REF);
    const { accessToken } = await login(app.t, 'coordinator@demo.local', DEMO_PASSWORD);
    for (const linked of [study, compressed]) {
      const created = await request(app.t.http)
        .post(`/api/v1/imaging/cases/${caseId}/studies`)
        .set(bearer(accessToken))
        .send({ sourceId: 'pacs', studyInstanceUid: linked.studyInstanceUid });
      expect({ status: created.status, body: created.body }).toMatchObject({ status: 201 });
    }
  });

  it('shows the first image, scrolls to slice 37, windows by preset and drag, measures a length', async () => {
    const page = await app.newPage({ viewport: { width: 1440, height: 960 } });
    await signIn(page, 'radiology@demo.local');
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: CASE_REF }).waitFor();
    await page.getByRole('link', { name: 'View images of Synthetic CT chest' }).click();
    await page.waitForURL(
      (url) => url.pathname === `/cases/${caseId}/imaging/${study.studyInstanceUid}`,
    );

    // The first image, with the study's facts and its series as thumbnails.
    const first = await viewerReady(page);
    expect(first.width).toBeGreaterThan(300);
    expect(first.lit).toBeGreaterThan(first.width * first.height * 0.1);
    const stage = page.locator('.viewer-stage');
    expect(await stage.getAttribute('data-slice-index')).toBe('0');
    // The series' own window (W 400 / L 40 in the files).
    expect(await stage.getAttribute('data-window')).toBe('40,400');
    await expectText(page.locator('.viewer-slice-label'), 'Slice 1 of 64');
    const facts = page.locator('.viewer-facts');
    await expectText(facts, 'CT axial 5 mm');
    await expectText(facts, '2026-01-15');
    await expectText(facts, '5 mm');
    const series = page
      .getByRole('radiogroup', { name: 'Series' })
      .or(page.getByRole('toolbar', { name: 'Series' }));
    await expectText(series, 'PET whole body');
    await page.locator('img.viewer-thumb').nth(1).waitFor();
    // No patient identifiers beyond the case's pseudonymous reference.
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('Synthetic^Phantom');
    expect(text).not.toContain('Phantom');
    expect(text).not.toContain(study.patientId);
    expect(text).not.toContain(study.accessionNumber);

    // Page Down six times on the image: slice 37 (a tenth of 64 is 6 slices a page).
    await stage.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('PageDown');
    await page.locator('.viewer-stage[data-slice-index="36"]').waitFor();
    await expectText(page.locator('.viewer-slice-label'), 'Slice 37 of 64');
    const slice37 = await nextLook(page, first);

    // The slider goes one back and one forward again.
    const slider = page.getByRole('slider', { name: 'Slice' });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expectText(page.locator('.viewer-slice-label'), 'Slice 36 of 64');
    await nextLook(page, slice37);
    await page.keyboard.press('ArrowRight');
    await expectText(page.locator('.viewer-slice-label'), 'Slice 37 of 64');
    expect(await stage.getAttribute('data-slice-index')).toBe('36');

    // The lung preset: W 1500 / L −600 on the image's VOI, and the picture changes.
    const beforeLung = await canvasLook(page);
    const lung = page.getByRole('button', { name: 'Lung window (W 1500 / L -600)' });
    await lung.click();
    await page.locator('.viewer-stage[data-window="-600,1500"]').waitFor();
    expect(await lung.getAttribute('aria-pressed')).toBe('true');
    const lungLook = await nextLook(page, beforeLung);
    expect(lungLook.lit).toBeGreaterThan(0);
    await expectText(facts, 'W 1500 / L -600 (lung)');

    // Window/level by dragging on the image (the default tool of the left button).
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as {
            document: { querySelector(s: string): { getAttribute(n: string): string } | null };
          }
        ).document
          .querySelector('.viewer-stage')
          ?.getAttribute('data-window') !== '-600,1500',
    );
    expect(await lung.getAttribute('aria-pressed')).toBe('false');
    await lung.click();
    await page.locator('.viewer-stage[data-window="-600,1500"]').waitFor();

    // A length measurement, drawn with the Length tool: 100 screen pixels across the image.
    await page.getByRole('radio', { name: 'Length' }).click();
    await page.mouse.move(box.x + box.width / 2 - 50, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 50, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.locator('.viewer-stage[data-measurements="1"]').waitFor();
    // The 256 mm field fills the viewport's height: 100 pixels are 100 × 256 / height mm (the
    // label is redrawn at the next render after the drag).
    const expected = (100 * 256) / box.height;
    let measured = NaN;
    for (const until = Date.now() + 5_000; Date.now() < until; await page.waitForTimeout(50)) {
      const label = await stage.locator('svg text').first().textContent();
      measured = Number(/([\d.]+) mm/.exec(label ?? '')?.[1]);
      if (Math.abs(measured - expected) < 1) break;
    }
    expect(Math.abs(measured - expected)).toBeLessThan(1);
    expect(await stage.getAttribute('data-window')).toBe('-600,1500');

    await checkA11y(page);
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    await screenshot(page, 'imaging-viewer');
    expectNoConsoleProblems(page);
    expect(
      problemsOf(page).apiClientErrors.filter((e) => !e.url.endsWith('/auth/refresh')),
    ).toEqual([]);
  });

  it('decodes a JPEG-LS series with WebAssembly under the client CSP', async () => {
    const page = await app.newPage();
    const wasm: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.wasm')) wasm.push(`${response.status()} ${response.url()}`);
    });
    await signIn(page, 'radiology@demo.local');
    await page.goto(`/cases/${caseId}/imaging/${compressed.studyInstanceUid}`);
    const look = await viewerReady(page);
    expect(look.lit).toBeGreaterThan(look.width * look.height * 0.1);
    expect(wasm.length).toBeGreaterThan(0);
    expect(wasm.every((line) => line.startsWith('200 '))).toBe(true);
    expect(problemsOf(page).cspViolations).toEqual([]);
    expectNoConsoleProblems(page);
  });
});
