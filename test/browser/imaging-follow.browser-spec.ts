/**
 * Presenter-led follow in a live meeting, with a real PACS (Debian's Orthanc): the chair opens the
 * focused case's CT in the room's Imaging tab and shares it; a radiologist's viewer (another
 * browser context) follows it slice by slice and window by window — the same renderer draws the
 * same pixels — then looks around on their own, is left alone by the presenter's next change, and
 * follows again with one click, jumping to where the presenter is.
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

/** The viewport canvas's pixels (RGBA), as a plain array the test can compare. */
function canvasPixels(page: Page): Promise<{ width: number; height: number; data: number[] }> {
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
    if (!canvas || !context) return { width: 0, height: 0, data: [] };
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: canvas.width, height: canvas.height, data: Array.from(data) };
  });
}

/** How many pixels differ by more than a few grey levels between the two pages' canvases. */
async function pixelsApart(a: Page, b: Page): Promise<{ differing: number; total: number }> {
  const [left, right] = await Promise.all([canvasPixels(a), canvasPixels(b)]);
  expect([left.width, left.height]).toEqual([right.width, right.height]);
  let differing = 0;
  for (let i = 0; i < left.data.length; i += 4) {
    const delta = Math.abs(left.data[i]! - right.data[i]!);
    if (delta > 2) differing++;
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

    // The radiologist joins the room.
    await signIn(follower, 'radiology@demo.local');
    await follower.goto(roomPath);
    await follower.getByRole('region', { name: `Focused case ${CASE_REF}` }).waitFor();

    // The chair opens the case's CT in the Imaging tab and shares it with the room.
    await presenter.getByRole('tab', { name: 'Imaging' }).click();
    const linked = presenter.getByRole('group', { name: 'Linked studies' });
    if (await linked.isVisible())
      await linked.getByRole('button', { name: /Synthetic CT/ }).click();
    await presenter.locator('.viewer-stage[data-status="ready"]').waitFor();
    await presenter.getByRole('button', { name: 'Share with the room' }).click();
    await expectText(presenter.locator('.viewer-follow'), 'You are sharing this viewer');

    // The follower's Imaging tab says who shares; the viewer follows.
    const followerTab = follower.getByRole('tab', { name: `Imaging · shared by ${CHAIR}` });
    await followerTab.waitFor();
    await followerTab.click();
    await follower.locator('.viewer-stage[data-status="ready"]').waitFor();
    await expectText(follower.locator('.viewer-follow'), `Following ${CHAIR}`);

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
    // The banner, the tools and the image in view.
    await follower
      .locator('.viewer-embedded-title')
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

    await checkA11y(follower);
    for (const page of [presenter, follower]) {
      expectNoConsoleProblems(page);
      expect(
        problemsOf(page).apiClientErrors.filter((e) => !e.url.endsWith('/auth/refresh')),
      ).toEqual([]);
    }
  });
});
