/**
 * A meeting outlasts the access token: with the shortest lifetime the server allows (60 s), a chair
 * who stays in the room keeps running it and writing the notes past the token's expiry — the notes
 * connection is closed by the server with 4001 and comes back with a renewed token, the room's
 * commands keep working — and nothing typed is lost. Then the chair signs out in another tab: the
 * room's connections end with the session.
 */
import { NotesService } from '@app/notes';
import { PlatformRole } from '@app/contracts';
import { waitFor } from '../support/collab';
import { expectNoConsoleProblems, signIn, useBrowserApp } from './support/browser';

const TTL_SECONDS = 60;
jest.setTimeout(300_000);

describe('a meeting longer than the access token', () => {
  const app = useBrowserApp({ demoData: true, env: { ACCESS_TOKEN_TTL: String(TTL_SECONDS) } });

  it('keeps working for a chair who stays, and ends with the session', async () => {
    const [{ id: meetingId }] = await app.t.dataSource.query(
      `SELECT m.id FROM meeting m JOIN board b ON b.id = m.board_id
        WHERE b.name = 'Thoracic Oncology Board' ORDER BY m.starts_at LIMIT 1`,
    );
    const [{ id: chairId }] = await app.t.dataSource.query(
      `SELECT id FROM app_user WHERE email = 'chair@demo.local'`,
    );
    const page = await app.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, 'chair@demo.local');
    await page.goto(`/meetings/${meetingId}/room`);
    await page.getByRole('button', { name: 'Start meeting' }).click();
    const focused = page.getByRole('region', { name: /^Focused case / });
    await focused.waitFor();
    const editor = page.getByRole('textbox', { name: /^Case notes/ });
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nBefore the token expired.');

    // Past the token's lifetime, with the chair typing now and then as people do.
    const started = Date.now();
    while (Date.now() - started < (TTL_SECONDS + 10) * 1000) {
      await page.waitForTimeout(15_000);
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('.');
    }
    await page.keyboard.type('\nAfter the token expired.');
    const first = await focused.getAttribute('aria-label');
    await page.getByRole('button', { name: 'Next case →' }).click();
    await waitFor(
      async () => (await focused.getAttribute('aria-label')) !== first,
      10_000,
      'the next case to be focused',
    );
    const caseId: string = (
      await app.t.dataSource.query(
        `SELECT i.case_id FROM agenda_item i WHERE i.meeting_id = $1 ORDER BY i.position LIMIT 1`,
        [meetingId],
      )
    )[0].case_id;
    const notes = app.t.app.get(NotesService);
    const reader = { id: chairId, sessionId: 'test', role: PlatformRole.User };
    await waitFor(
      async () => {
        const { markdown } = await notes.read(reader, 'cases', caseId);
        return (
          markdown.includes('Before the token expired.') &&
          markdown.includes('After the token expired.')
        );
      },
      20_000,
      'both notes to be stored',
    );
    expect(await page.locator('[data-connection]').count()).toBe(0);
    expectNoConsoleProblems(page);

    // Signing out in another tab ends the session, and with it the room's connections.
    const other = await app.newPage({ context: page.context() });
    await other.goto('/');
    await other.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 20_000 });
  });
});
