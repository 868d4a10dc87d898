/**
 * Presenter-led follow in a live meeting, with a real PACS (Debian's Orthanc): the chair opens the
 * focused case's CT in the room's Imaging tab and shares it; a radiologist's and a pathologist's
 * viewers (other browser contexts) are brought to the images and follow them slice by slice,
 * window by window and measurement by measurement — the same renderer draws the same pixels. The
 * radiologist then looks around on their own, is left alone by the presenter's next change, and
 * follows again with one click, jumping to where the presenter is; when the chair stops sharing,
 * both followers are told.
 */
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
import { usePacs } from './support/pacs';
import { expectText } from './support/ui';

jest.setTimeout(300_000);

const CASE_REF = 'THX-2026-001';
const BOARD = 'Thoracic Oncology Board';
const CHAIR = 'Dr Charlie Chair';
const VIEWPORT = { width: 1440, height: 1000 };

/**
 * The red channel of the viewport canvas (the images are grey), base64-encoded in the page: a
 * string crosses to the test in milliseconds where an array of every RGBA value takes seconds.
 */
async function canvasPixels(page: Page): Promise<{ width: number; height: number; red: Buffer }> {
  const { width, height, base64 } = await page.evaluate(() => {
    interface Canvas {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      } | null;
    }
    const scope = globalThis as unknown as {
      document: { querySelector(s: string): unknown };
      btoa(binary: string): string;
    };
    const canvas = scope.document.querySelector('.viewer-stage canvas') as Canvas | null;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return { width: 0, height: 0, base64: '' };
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const red = new Uint8Array(data.length / 4);
    for (let i = 0; i < red.length; i++) red[i] = data[i * 4]!;
    let binary = '';
    for (let i = 0; i < red.length; i += 8192) {
      binary += String.fromCharCode(...red.subarray(i, i + 8192));
    }
    return { width: canvas.width, height: canvas.height, base64: scope.btoa(binary) };
  });
  return { width, height, red: Buffer.from(base64, 'base64') };
}

/** How many pixels differ by more than a few grey levels between the two pages' canvases. */
async function pixelsApart(a: Page, b: Page): Promise<{ differing: number; total: number }> {
  const [left, right] = await Promise.all([canvasPixels(a), canvasPixels(b)]);
  expect([left.width, left.height]).toEqual([right.width, right.height]);
  let differing = 0;
  for (let i = 0; i < left.red.length; i++) {
    if (Math.abs(left.red[i]! - right.red[i]!) > 2) differing++;
  }
  return { differing, total: left.width * left.height };
}

/** Waits until the canvases of both pages agree (the follower's render catches up). */
async function expectSamePicture(presenter: Page, follower: Page): Promise<void> {
  let last = { differing: -1, total: 0 };
  for (const until = Date.now() + 10_000; Date.now() < until; await follower.waitForTimeout(100)) {
    last = await pixelsApart(presenter, follower);
    if (last.total > 0 && last.differing <= last.total * 0.001) return;
  }
  throw new Error(`the pictures differ in ${last.differing} of ${last.total} pixels`);
}

const stageOf = (page: Page) => page.locator('.viewer-stage');

/**
 * The length (mm) the viewer's measurement label shows once it settles: when `near` is given, once
 * it is within 0.05 mm of it; otherwise once two readings 300 ms apart agree (the label is redrawn
 * after the drag ends).
 */
async function measuredLength(page: Page, near?: number): Promise<number> {
  let last = NaN;
  let text = '';
  for (const until = Date.now() + 10_000; Date.now() < until; await page.waitForTimeout(300)) {
    const texts = stageOf(page).locator('svg text');
    text = (await texts.count()) > 0 ? ((await texts.first().textContent()) ?? '') : '';
    const value = Number(/([\d.]+) mm/.exec(text)?.[1]);
    if (Number.isNaN(value)) continue;
    if (near === undefined ? value === last : Math.abs(value - near) < 0.05) return value;
    last = value;
  }
  throw new Error(`the length label did not settle${near ? ` at ${near} mm` : ''}: "${text}"`);
}

describe('presenter-led imaging follow in a live meeting (real PACS)', () => {
  const env: Record<string, string> = {};
  let study: SyntheticStudy;
  let meetingId = '';

  usePacs(env, async (orthanc) => {
    study = syntheticStudy({ description: 'Synthetic CT chest', petSlices: 0 });
    await orthanc.upload(study.files());
  });

  const app = useBrowserApp({ demoData: true, env });

  beforeAll(async () => {
    const { accessToken } = await login(app.t, 'coordinator@demo.local', DEMO_PASSWORD);
    const [{ case_id: caseId, meeting_id: id }] = await app.t.dataSource.query(
      `SELECT c.id AS case_id, m.id AS meeting_id
         FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
         JOIN board b ON b.id = m.board_id JOIN clinical_case c ON c.id = i.case_id
        WHERE b.name = $1 AND c.patient_ref = $2 ORDER BY m.starts_at LIMIT 1`,
      [BOARD, CASE_REF],
    );
    meetingId = id;
    const created = await request(app.t.http)
      .post(`/api/v1/imaging/cases/${caseId}/studies`)
      .set(bearer(accessToken))
      .send({ sourceId: 'pacs', studyInstanceUid: study.studyInstanceUid });
    expect({ status: created.status, body: created.body }).toMatchObject({ status: 201 });
  });

  it('the follower mirrors the presenter, looks around, and follows again', async () => {
    const presenter = await app.newPage({ viewport: VIEWPORT });
    const follower = await app.newPage({ viewport: VIEWPORT });
    const roomPath = `/meetings/${meetingId}/room`;

    // The chair starts the meeting and focuses the case.
    await signIn(presenter, 'chair@demo.local');
    await presenter.goto(roomPath);
    await presenter.getByRole('button', { name: 'Start meeting' }).click();
    const focusButton = presenter.getByRole('button', { name: `Focus ${CASE_REF}` });
    await presenter.getByRole('region', { name: /^Focused case / }).waitFor();
    if (await focusButton.isVisible()) await focusButton.click();
    await presenter.getByRole('region', { name: `Focused case ${CASE_REF}` }).waitFor();

    // The radiologist and the pathologist join the room.
    const second = await app.newPage({ viewport: VIEWPORT });
    for (const [page, email] of [
      [follower, 'radiology@demo.local'],
      [second, 'pathology@demo.local'],
    ] as const) {
      await signIn(page, email);
      await page.goto(roomPath);
      await page.getByRole('region', { name: `Focused case ${CASE_REF}` }).waitFor();
    }

    // The chair opens the case's CT in the Imaging tab and shares it with the room.
    await presenter.getByRole('tab', { name: 'Imaging' }).click();
    const linked = presenter.getByRole('group', { name: 'Linked studies' });
    if (await linked.isVisible())
      await linked.getByRole('button', { name: /Synthetic CT/ }).click();
    await presenter.locator('.viewer-stage[data-status="ready"]').waitFor();
    await presenter.getByRole('button', { name: 'Share with the room' }).click();
    await expectText(presenter.locator('.viewer-follow'), 'You are sharing this viewer');

    // The share brings each follower to the Imaging tab, which says who shares; the viewers follow.
    for (const page of [follower, second]) {
      await page
        .getByRole('tab', { name: `Imaging · shared by ${CHAIR}`, selected: true })
        .waitFor();
      await page.locator('.viewer-stage[data-status="ready"]').waitFor();
      await expectText(page.locator('.viewer-follow'), `Following ${CHAIR}`);
    }

    // The presenter scrolls to slice 37 and applies the lung preset: the follower shows the same.
    await stageOf(presenter).focus();
    for (let i = 0; i < 6; i++) await presenter.keyboard.press('PageDown');
    await presenter.locator('.viewer-stage[data-slice-index="36"]').waitFor();
    await presenter.getByRole('button', { name: 'Lung window (W 1500 / L -600)' }).click();
    await presenter.locator('.viewer-stage[data-window="-600,1500"]').waitFor();
    await follower
      .locator('.viewer-stage[data-slice-index="36"][data-window="-600,1500"]')
      .waitFor();
    await expectText(follower.locator('.viewer-slice-label'), 'Slice 37 of 64');
    await expectSamePicture(presenter, follower);
    expect(await stageOf(follower).getAttribute('data-zoom')).toBe(
      await stageOf(presenter).getAttribute('data-zoom'),
    );
    await second.locator('.viewer-stage[data-slice-index="36"][data-window="-600,1500"]').waitFor();
    await expectSamePicture(presenter, second);

    // The presenter measures a length on this slice: the followers see it, with the same label.
    const box = await stageOf(presenter).boundingBox();
    if (!box) throw new Error('the presenter has no viewer on screen');
    await presenter.getByRole('radio', { name: 'Length' }).click();
    await presenter.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2 + 20);
    await presenter.mouse.down();
    await presenter.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 - 30, {
      steps: 5,
    });
    await presenter.mouse.up();
    await presenter.locator('.viewer-stage[data-measurements="1"]').waitFor();
    const length = await measuredLength(presenter);
    for (const page of [follower, second]) {
      await page.locator('.viewer-stage[data-measurements="1"]').waitFor();
      await measuredLength(page, length);
    }
    await second
      .getByRole('tablist', { name: 'Focused case and imaging' })
      .evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(second, 'imaging-follow-measurement');

    // A zoom follows too.
    await presenter.getByRole('button', { name: 'Zoom in' }).click();
    const zoom = await stageOf(presenter).getAttribute('data-zoom');
    expect(zoom).not.toBe('1');
    await follower.locator(`.viewer-stage[data-zoom="${zoom}"]`).waitFor();
    await expectSamePicture(presenter, follower);

    // The follower looks around: scrolls elsewhere; the presenter's next change leaves them there.
    await follower.getByRole('button', { name: 'Look around' }).click();
    await expectText(follower.locator('.viewer-follow'), `Following ${CHAIR} — detached`);
    await stageOf(follower).focus();
    await follower.keyboard.press('Home');
    await follower.locator('.viewer-stage[data-slice-index="0"]').waitFor();
    await stageOf(presenter).focus();
    await presenter.keyboard.press('ArrowDown');
    await presenter.keyboard.press('ArrowDown');
    await presenter.locator('.viewer-stage[data-slice-index="38"]').waitFor();
    await presenter.getByRole('button', { name: 'Bone window (W 1800 / L 400)' }).click();
    await presenter.locator('.viewer-stage[data-window="400,1800"]').waitFor();
    await follower.waitForTimeout(1_000);
    expect(await stageOf(follower).getAttribute('data-status')).toBe('ready');
    expect(await stageOf(follower).getAttribute('data-slice-index')).toBe('0');
    expect(await stageOf(follower).getAttribute('data-window')).toBe('-600,1500');
    // The tabs, the banner, the tools and the image in view.
    await follower
      .getByRole('tablist', { name: 'Focused case and imaging' })
      .evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(follower, 'imaging-follow-detached');

    // Follow again: one click and the follower is where the presenter is.
    await follower.getByRole('button', { name: 'Follow again' }).click();
    await follower
      .locator('.viewer-stage[data-slice-index="38"][data-window="400,1800"]')
      .waitFor();
    await expectText(follower.locator('.viewer-follow'), `Following ${CHAIR}`);
    await expectSamePicture(presenter, follower);
    await screenshot(follower, 'imaging-follow');

    // The chair stops sharing: both followers are told, and left where they are.
    await presenter.getByRole('button', { name: 'Stop sharing' }).click();
    for (const page of [follower, second]) {
      await expectText(page.locator('.viewer-follow'), `${CHAIR} stopped sharing imaging.`);
      await page.getByRole('tab', { name: 'Imaging', exact: true }).waitFor();
    }
    expect(await stageOf(follower).getAttribute('data-slice-index')).toBe('38');

    await checkA11y(follower);
    for (const page of [presenter, follower, second]) {
      expectNoConsoleProblems(page);
      expect(
        problemsOf(page).apiClientErrors.filter((e) => !e.url.endsWith('/auth/refresh')),
      ).toEqual([]);
    }
  });
});
