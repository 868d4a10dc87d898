/**
 * A board meets in three Debian Chromium instances with fake cameras and microphones — the chair,
 * a panelist and an observer — through the web client alone: the room, the video (each receiver
 * decodes the others' cameras; the chair's screen share reaches the observer; mute stops the
 * sound), the shared notes (text and remote cursor; the observer's editor locked), the quorum
 * banner, a vote that ends in a published recommendation whose PDF opens, and a browser that
 * loses the network for 20 seconds and comes back to the same room with its unsent note edits.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { BoardsService } from '@app/boards';
import { PlatformRole, Specialty } from '@app/contracts';
import { TcpProxy } from '@app/testing';
import { waitFor } from '../support/collab';
import {
  DEMO_PASSWORD,
  checkA11y,
  expectNoConsoleProblems,
  problemsOf,
  screenshot,
  signIn,
  useBrowserApp,
} from './support/browser';
import { FAKE_MEDIA_ARGS } from './support/chromium';
import { chooseOption } from './support/ui';

jest.setTimeout(600_000);

const BOARD = 'Thoracic Oncology Board';
const CHAIR = { email: 'chair@demo.local', name: 'Dr Charlie Chair' };
const PANELIST = { email: 'pathology@demo.local', name: 'Dr Pat Pathologist' };
const OBSERVER = { email: 'observer@demo.local', name: 'Olive Observer' };
const COORDINATOR = { email: 'coordinator@demo.local', name: 'Casey Coordinator' };
const ROOM_VIEWPORT = { width: 1440, height: 900 };

/** Every RTCPeerConnection the page makes, so the test can read its statistics. */
const RECORD_PEER_CONNECTIONS = `
  (() => {
    const Native = globalThis.RTCPeerConnection;
    if (!Native) return;
    const made = [];
    globalThis.__peerConnections = made;
    globalThis.RTCPeerConnection = class extends Native {
      constructor(...args) { super(...args); made.push(this); }
    };
  })();
`;

interface Inbound {
  kind: string;
  framesDecoded: number;
  packetsReceived: number;
}

/** The page's received streams (mediasoup's bandwidth probe excepted). */
async function inboundStreams(page: Page): Promise<Inbound[]> {
  return page.evaluate(`(async () => {
    const streams = [];
    for (const connection of globalThis.__peerConnections ?? []) {
      if (connection.connectionState === 'closed') continue;
      const report = await connection.getStats();
      report.forEach((entry) => {
        if (entry.type !== 'inbound-rtp') return;
        if (entry.trackIdentifier === 'probator' || entry.mid === 'probator') return;
        streams.push({
          kind: String(entry.kind),
          framesDecoded: Number(entry.framesDecoded ?? 0),
          packetsReceived: Number(entry.packetsReceived ?? 0),
        });
      });
    }
    return streams;
  })()`);
}

const sum = (streams: Inbound[], kind: string, field: 'framesDecoded' | 'packetsReceived') =>
  streams.filter((stream) => stream.kind === kind).reduce((total, s) => total + s[field], 0);

/** The number of frames a tile's video element has presented (0 when it shows none). */
function tileFrames(page: Page, userId: string, source: 'camera' | 'screen'): Promise<number> {
  return page.evaluate(`(() => {
    const video = document.querySelector('[data-user-id="${userId}"][data-source="${source}"] video');
    if (!video || video.videoWidth === 0) return 0;
    return video.getVideoPlaybackQuality().totalVideoFrames;
  })()`);
}

/** Waits until the tile's video presents new frames: the stream is received and decoded. */
async function expectTileDecoding(
  page: Page,
  userId: string,
  source: 'camera' | 'screen',
): Promise<void> {
  let first = 0;
  await waitFor(
    async () => (first = await tileFrames(page, userId, source)) > 0,
    30_000,
    `${source} of ${userId} to show in ${page.url()}`,
  );
  await waitFor(
    async () => (await tileFrames(page, userId, source)) > first + 5,
    30_000,
    `${source} of ${userId} to keep playing`,
  );
}

function notesEditor(page: Page, name: 'Case notes' | 'Meeting minutes'): Locator {
  return page.getByRole('textbox', { name: new RegExp(`^${name}`) });
}

describe('a board meets in the browser', () => {
  const app = useBrowserApp({ demoData: true, env: { MEDIASOUP_WORKERS: '1' } });
  const ids: Record<string, string> = {};
  let meetingId = '';
  let roomPath = '';
  let browsers: Browser[] = [];
  let proxy: TcpProxy;
  const pages: Record<'chair' | 'panelist' | 'observer', Page> = {} as never;

  beforeAll(async () => {
    const rows: Array<{ id: string; email: string }> = await app.t.dataSource.query(
      `SELECT id, email FROM app_user`,
    );
    for (const row of rows) ids[row.email] = row.id;
    const [{ board_id: boardId, id }] = await app.t.dataSource.query(
      `SELECT m.board_id, m.id FROM meeting m JOIN board b ON b.id = m.board_id
        WHERE b.name = $1 ORDER BY m.starts_at LIMIT 1`,
      [BOARD],
    );
    meetingId = id;
    roomPath = `/meetings/${meetingId}/room`;
    // The board decides with a medical oncologist and a pathologist present.
    await app.t.app
      .get(BoardsService)
      .update(
        { id: ids['admin@demo.local'], sessionId: 'test', role: PlatformRole.Admin },
        boardId,
        {
          quorumPolicy: {
            requiredSpecialties: [Specialty.MedicalOncology, Specialty.Pathology],
            minVotingMembers: 2,
          },
        },
      );
    browsers = await Promise.all([1, 2, 3].map(() => app.launchBrowser(FAKE_MEDIA_ARGS)));
    // The panelist reaches the server through a relay the test can cut: a network that drops.
    const port = Number(new URL(app.baseUrl).port);
    proxy = await TcpProxy.start('127.0.0.1', port);
    const open = async (browser: Browser, baseURL?: string) => {
      const context = await app.newContext({
        browser,
        viewport: ROOM_VIEWPORT,
        ...(baseURL ? { baseURL } : {}),
      });
      await context.addInitScript(RECORD_PEER_CONNECTIONS);
      return { context, page: await context.newPage() };
    };
    pages.chair = (await open(browsers[0])).page;
    const panelist = await open(browsers[1], `http://127.0.0.1:${proxy.port}`);
    pages.panelist = panelist.page;
    pages.observer = (await open(browsers[2])).page;
  });

  afterAll(async () => {
    await proxy?.close();
  });

  it('the chair opens the room, sees no quorum, joins the video and starts the meeting', async () => {
    const page = pages.chair;
    await signIn(page, CHAIR.email);
    await page.goto(roomPath);
    await page.getByRole('heading', { level: 1, name: /weekly conference/ }).waitFor();
    await page.getByRole('button', { name: 'Join with camera and microphone' }).click();
    await page.getByRole('toolbar', { name: 'Video controls' }).waitFor();
    await page.getByRole('button', { name: 'Start meeting' }).click();
    await page.locator('.room-quorum', { hasText: /No quorum — missing: pathology/ }).waitFor();
    await page.getByRole('region', { name: /^Focused case THX-/ }).waitFor();
  });

  it('the quorum banner flips when the pathologist joins', async () => {
    const page = pages.panelist;
    await signIn(page, PANELIST.email);
    await page.goto(roomPath);
    await page.getByRole('button', { name: 'Join with camera and microphone' }).click();
    await page.getByRole('toolbar', { name: 'Video controls' }).waitFor();
    await waitFor(
      async () =>
        (await pages.chair.locator('.room-quorum').getAttribute('data-quorate')) === 'true',
      20_000,
      'the chair to see the quorum met',
    );
    await pages.chair.locator('.room-quorum', { hasText: /Quorum met/ }).waitFor();
  });

  it('the observer joins listening only and every receiver decodes the others’ cameras', async () => {
    const page = pages.observer;
    await signIn(page, OBSERVER.email);
    await page.goto(roomPath);
    await page.getByRole('button', { name: 'Join listening only' }).click();
    await page.getByRole('toolbar', { name: 'Video controls' }).waitFor();
    const chair = ids[CHAIR.email];
    const panelist = ids[PANELIST.email];
    await expectTileDecoding(pages.chair, panelist, 'camera');
    await expectTileDecoding(pages.panelist, chair, 'camera');
    await expectTileDecoding(page, chair, 'camera');
    await expectTileDecoding(page, panelist, 'camera');
    // The same from WebRTC's own statistics: video frames decoded keep growing everywhere.
    for (const [who, viewer, streams] of [
      ['chair', pages.chair, 1],
      ['panelist', pages.panelist, 1],
      ['observer', page, 2],
    ] as const) {
      const before = await inboundStreams(viewer);
      expect(before.filter((s) => s.kind === 'video').length).toBeGreaterThanOrEqual(streams);
      await waitFor(
        async () =>
          sum(await inboundStreams(viewer), 'video', 'framesDecoded') >
          sum(before, 'video', 'framesDecoded') + 10,
        20_000,
        `${who} to decode more frames`,
      );
    }
    await screenshot(pages.chair, 'meeting-room-chair');
  });

  it('the chair’s screen share reaches the observer', async () => {
    await pages.chair.getByRole('button', { name: 'Share screen' }).click();
    await expectTileDecoding(pages.observer, ids[CHAIR.email], 'screen');
    await screenshot(pages.observer, 'meeting-room-screen-share');
    await pages.chair.getByRole('button', { name: 'Share screen' }).click();
    await pages.observer
      .locator(`[data-user-id="${ids[CHAIR.email]}"][data-source="screen"]`)
      .waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('muting the microphone stops its sound reaching the others', async () => {
    const panelist = pages.panelist.getByRole('toolbar', { name: 'Video controls' });
    const audioPackets = async () =>
      sum(await inboundStreams(pages.chair), 'audio', 'packetsReceived');
    const flowing = await audioPackets();
    await waitFor(async () => (await audioPackets()) > flowing + 20, 10_000, 'sound to flow');
    await panelist.getByRole('button', { name: 'Mute microphone' }).click();
    await pages.chair
      .locator(`[data-user-id="${ids[PANELIST.email]}"][data-source="camera"]`)
      .getByText('Muted')
      .waitFor();
    // mediasoup's Opus sends nothing while paused: the count stands still.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const muted = await audioPackets();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // The chair's own microphone is not counted: the chair receives only the panelist's sound.
    expect(await audioPackets()).toBeLessThanOrEqual(muted + 2);
    await panelist.getByRole('button', { name: 'Mute microphone' }).click();
    await waitFor(async () => (await audioPackets()) > muted + 20, 10_000, 'sound to resume');
  });

  it('notes typed in one editor appear in the others with the writer’s cursor; the observer’s is locked', async () => {
    const chairEditor = notesEditor(pages.chair, 'Case notes');
    await chairEditor.click();
    await pages.chair.keyboard.press('Control+End');
    await pages.chair.keyboard.type('\nPathology confirms EGFR exon 19 deletion.');
    for (const page of [pages.panelist, pages.observer]) {
      await notesEditor(page, 'Case notes').getByText('Pathology confirms EGFR exon 19').waitFor();
      await page
        .locator('.cm-notes-caret-name', { hasText: CHAIR.name })
        .waitFor({ state: 'attached' });
    }
    const observerEditor = notesEditor(pages.observer, 'Case notes');
    expect(await observerEditor.getAttribute('contenteditable')).toBe('false');
    await pages.observer
      .getByText(/Read-only/)
      .first()
      .waitFor();
    await screenshot(pages.panelist, 'meeting-room-notes');
  });

  it('a vote ends in a published recommendation whose PDF opens', async () => {
    const chair = pages.chair;
    await chair.getByRole('tab', { name: 'Vote' }).click();
    const form = chair.getByRole('form', { name: /Open a vote/ });
    await form.getByRole('textbox', { name: /Question/ }).fill('Which treatment do we recommend?');
    const options = form.locator('fieldset');
    const proposals = [
      { text: 'Neoadjuvant chemo-immunotherapy then lobectomy', treatment: 'Surgery' },
      { text: 'Definitive chemoradiation', treatment: 'Radiotherapy' },
    ];
    for (const [index, proposal] of proposals.entries()) {
      const option = options.nth(index);
      await option.getByRole('textbox', { name: /Recommendation/ }).fill(proposal.text);
      await chooseOption(option, 'Intent', 'Curative');
      await chooseOption(option, 'First treatment', proposal.treatment);
    }
    await form.getByRole('button', { name: /Open the vote/ }).click();
    for (const page of [chair, pages.panelist]) {
      await page.getByRole('tab', { name: 'Vote' }).click();
      await page.locator('.ballot-choice', { hasText: 'Neoadjuvant chemo-immunotherapy' }).click();
      await page.getByRole('button', { name: 'Cast vote' }).click();
      // The receipt, or (for the last ballot) the results: either way the ballot form is gone.
      await page.getByRole('button', { name: 'Cast vote' }).waitFor({ state: 'detached' });
    }
    // The last eligible ballot closes the vote by itself.
    await chair
      .getByText(/Consensus/)
      .first()
      .waitFor();
    await screenshot(chair, 'meeting-room-vote-results');

    await chair.getByRole('button', { name: 'Draft the recommendation' }).click();
    const draft = chair.getByRole('form', { name: 'Draft the recommendation' });
    await draft
      .getByRole('textbox', { name: /Rationale/ })
      .fill('Resectable stage IIIA with EGFR mutation; multimodal curative intent.');
    await draft.getByRole('button', { name: 'Create the draft' }).click();
    await chair.getByRole('tab', { name: 'Recommendation' }).click();
    await chair.getByRole('button', { name: 'Sign…' }).click();
    const sign = chair.getByRole('dialog');
    await sign.getByLabel('Your password').fill(DEMO_PASSWORD);
    await sign.getByRole('button', { name: /Sign/ }).click();
    await chair.getByRole('definition').filter({ hasText: CHAIR.name }).waitFor();

    // The coordinator publishes from their own browser profile.
    const coordinator = await app.newPage({ viewport: ROOM_VIEWPORT });
    await signIn(coordinator, COORDINATOR.email);
    await coordinator.goto(roomPath);
    await coordinator.getByRole('tab', { name: 'Recommendation' }).click();
    await coordinator.getByRole('button', { name: 'Publish…' }).click();
    await coordinator
      .getByRole('dialog')
      .getByRole('button', { name: /Publish/ })
      .click();
    await coordinator
      .getByText(/Published/)
      .first()
      .waitFor();
    const [report, pdf] = await Promise.all([
      coordinator.context().waitForEvent('page'),
      coordinator.waitForResponse((response) =>
        /\/recommendations\/[^/]+\/pdf$/.test(response.url()),
      ),
      coordinator.getByRole('button', { name: /Open PDF/ }).click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // The report opens in the browser's own PDF viewer, in a tab of its own.
    expect(report.url()).toMatch(/^blob:/);
    await report.waitForLoadState();
    expect(await report.evaluate('document.contentType')).toBe('application/pdf');
    await screenshot(coordinator, 'meeting-room-recommendation');
    await coordinator.close();
  });

  it('a browser that loses the network for 20 seconds comes back to the same room and its edits', async () => {
    const page = pages.panelist;
    await page.getByRole('tab', { name: 'Notes', exact: true }).click();
    const focused = await page
      .getByRole('region', { name: /^Focused case / })
      .getAttribute('aria-label');
    await proxy.cut();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 30_000 });
    const editor = notesEditor(page, 'Case notes');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nWritten while offline: margins were clear.');
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await proxy.open();
    await page.locator('[data-connection]').waitFor({ state: 'detached', timeout: 30_000 });
    expect(
      await page.getByRole('region', { name: /^Focused case / }).getAttribute('aria-label'),
    ).toBe(focused);
    await pages.chair.getByRole('tab', { name: 'Notes', exact: true }).click();
    await notesEditor(pages.chair, 'Case notes')
      .getByText('Written while offline: margins were clear.')
      .waitFor({ timeout: 30_000 });
    await expectTileDecoding(pages.chair, ids[PANELIST.email], 'camera');
    await expectTileDecoding(page, ids[CHAIR.email], 'camera');
  });

  it('ending the meeting carries the undiscussed case to the next meeting', async () => {
    const chair = pages.chair;
    await chair.getByRole('button', { name: 'Mark discussed' }).click();
    await chair.getByRole('button', { name: 'End meeting…' }).click();
    const dialog = chair.getByRole('dialog', { name: 'End the meeting' });
    await dialog.getByText(/1 case was not discussed/).waitFor();
    await dialog.getByText('THX-2026-002').waitFor();
    await screenshot(chair, 'meeting-room-end');
    await dialog.getByRole('button', { name: 'End meeting' }).click();
    await dialog.getByText(/Say why/).waitFor();
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .fill('Out of time: the board ran over on the first case.');
    await dialog.getByRole('button', { name: 'End meeting' }).click();
    for (const page of Object.values(pages)) {
      await page.getByText('This meeting has ended.', { exact: false }).waitFor();
    }
    const carried = await app.t.dataSource.query(
      `SELECT old.deferral_reason AS reason, m.starts_at > ended.starts_at AS later
         FROM agenda_item moved
         JOIN agenda_item old ON old.id = moved.deferred_from_item_id
         JOIN meeting m ON m.id = moved.meeting_id
         JOIN meeting ended ON ended.id = old.meeting_id
        WHERE ended.id = $1`,
      [meetingId],
    );
    expect(carried).toEqual([
      { reason: 'Out of time: the board ran over on the first case.', later: true },
    ]);
  });

  it('the room is accessible and nobody’s page reported a problem', async () => {
    for (const page of Object.values(pages)) {
      expect(await checkA11y(page)).toEqual([]);
      // The relay cut is the one expected failure of the panelist's page: its connections fail.
      if (page === pages.panelist) {
        const found = problemsOf(page);
        found.failedRequests.length = 0;
        found.consoleErrors = found.consoleErrors.filter(
          (line) => !/^WebSocket connection to .* failed/.test(line),
        );
      }
      expectNoConsoleProblems(page);
    }
  });
});
