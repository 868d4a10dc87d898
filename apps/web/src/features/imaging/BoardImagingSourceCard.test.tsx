import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_ID } from '../../test/fixtures';
import { fakeServer, json, renderAt } from '../../test/harness';
import { BoardImagingSourceCard } from './BoardImagingSourceCard';

const SOURCES = /\/imaging\/sources$/;
const BOARD_SOURCE = /\/imaging\/boards\/[^/]+\/source$/;
const RADIOLOGY = { id: 'pacs', name: 'Radiology PACS', isDefault: true };
const ARCHIVE = { id: 'vna', name: 'Archive', isDefault: false };
const TITLE = 'Imaging source (PACS)';
const SELECT = /Imaging source \(PACS\)$/;

function setUp({
  sources = [RADIOLOGY, ARCHIVE],
  sourceId = null as string | null,
  configured = true,
  canEdit = true,
} = {}) {
  const server = fakeServer()
    .on('GET', SOURCES, () => json(sources))
    .on('GET', BOARD_SOURCE, () =>
      json({
        boardId: BOARD_ID,
        sourceId,
        configured,
        source: sources.find((source) => source.id === sourceId) ?? RADIOLOGY,
      }),
    );
  const view = renderAt(<BoardImagingSourceCard boardId={BOARD_ID} canEdit={canEdit} />, {
    api: server.api,
  });
  return { server, user: userEvent.setup(), ...view };
}

const puts = (calls: Array<{ method: string; body: unknown }>) =>
  calls.filter((call) => call.method === 'PUT');

afterEach(cleanup);

describe("the board's imaging source", () => {
  it('names the only source, read-only, without asking for the board’s choice', async () => {
    const { server } = setUp({ sources: [RADIOLOGY] });
    const card = (await screen.findByRole('heading', { name: TITLE })).closest('section')!;
    expect(card.textContent).toContain('Radiology PACS');
    expect(within(card).queryByRole('button')).toBeNull();
    expect(server.calls.some((call) => BOARD_SOURCE.test(call.path))).toBe(false);
  });

  it('is not shown when the server has no source', async () => {
    const { server, container } = setUp({ sources: [] });
    await waitFor(() => expect(server.calls).toHaveLength(1));
    expect(container.textContent).toBe('');
  });

  it('lets a coordinator choose a source, and go back to the server’s default', async () => {
    const { server, user } = setUp();
    server.on('PUT', BOARD_SOURCE, (call) => {
      const { sourceId } = call.body as { sourceId: string | null };
      return json({
        boardId: BOARD_ID,
        sourceId,
        configured: true,
        source: sourceId === 'vna' ? ARCHIVE : RADIOLOGY,
      });
    });
    const select = await screen.findByRole('button', { name: SELECT });
    expect(select.textContent).toContain("This server's default (Radiology PACS)");
    const save = screen.getByRole('button', { name: 'Save imaging source' });
    expect(save.getAttribute('disabled')).not.toBeNull();

    await user.click(select);
    await user.click(await screen.findByRole('option', { name: 'Archive' }));
    await user.click(save);
    expect(await screen.findByText('Imaging source saved.')).toBeTruthy();
    expect(puts(server.calls).map((call) => call.body)).toEqual([{ sourceId: 'vna' }]);

    await user.click(screen.getByRole('button', { name: SELECT }));
    await user.click(
      await screen.findByRole('option', { name: "This server's default (Radiology PACS)" }),
    );
    expect(screen.queryByText('Imaging source saved.')).toBeNull();
    await user.click(save);
    await waitFor(() => expect(puts(server.calls)).toHaveLength(2));
    expect(puts(server.calls)[1]!.body).toEqual({ sourceId: null });
  });

  it('says why the server refused the choice', async () => {
    const { server, user } = setUp();
    server.on('PUT', BOARD_SOURCE, () =>
      json(
        {
          statusCode: 400,
          code: 'invalid_input',
          message: 'unknown imaging source vna',
          details: [{ field: 'sourceId', message: 'sourceId must be one of: pacs' }],
        },
        400,
      ),
    );
    await user.click(await screen.findByRole('button', { name: SELECT }));
    await user.click(await screen.findByRole('option', { name: 'Archive' }));
    await user.click(screen.getByRole('button', { name: 'Save imaging source' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This server no longer has that source (unknown imaging source vna). Reload the page to see the sources it has now.',
    );
  });

  it('says when the chosen source is no longer configured, and which one searches use', async () => {
    setUp({ sourceId: 'retired', configured: false });
    expect(
      await screen.findByText(
        /The source this board chose \(“retired”\) is no longer configured on this server; searches use Radiology PACS/,
      ),
    ).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Save imaging source' }).getAttribute('disabled'),
    ).not.toBeNull();
  });

  it('shows the board’s source to those who do not change the settings', async () => {
    setUp({ sourceId: 'vna', canEdit: false });
    const card = (await screen.findByRole('heading', { name: TITLE })).closest('section')!;
    await waitFor(() => expect(card.textContent).toContain('PACS searches use Archive.'));
    expect(card.textContent).toContain("Only the board's coordinators change it.");
    expect(within(card).queryByRole('button')).toBeNull();
  });
});
