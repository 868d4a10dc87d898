import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BOARD_ID, ME_ID, OTHER_ID } from '../../test/fixtures';
import { fakeServer, json, renderAt } from '../../test/harness';
import { LinkStudyFromPacs } from './StudySearchDialog';

const CASE_ID = '00000000-0000-4000-8000-0000000000d1';
const STUDY_UID = '2.25.111111111111111111111111111111';
const SEARCH = /\/imaging\/cases\/[^/]+\/study-search$/;
const LINK = /\/imaging\/cases\/[^/]+\/studies$/;
const BOARD_SOURCE = /\/imaging\/boards\/[^/]+\/source$/;

const match = {
  sourceId: 'pacs',
  studyInstanceUid: STUDY_UID,
  studyDate: '2026-10-01',
  description: 'CT chest with contrast',
  modalities: ['CT'],
  accessionNumber: 'ACC0001',
  patientId: 'SYN-0001',
  seriesCount: 1,
  instanceCount: 64,
};

const record = {
  id: '00000000-0000-4000-8000-0000000000e1',
  kind: 'imaging_study',
  title: 'CT chest with contrast',
};

function setUp({
  role = 'coordinator' as const,
  presenterId = OTHER_ID,
  sources = [{ id: 'pacs', name: 'Radiology PACS', isDefault: true }],
  linked = [] as string[],
  caseOpen = true,
  boardSourceId = null as string | null,
} = {}) {
  const server = fakeServer()
    .on('GET', /\/imaging\/sources$/, () => json(sources))
    .on('GET', BOARD_SOURCE, () =>
      json({
        boardId: BOARD_ID,
        sourceId: boardSourceId,
        configured: true,
        source:
          sources.find((source) => source.id === boardSourceId) ??
          sources.find((source) => source.isDefault),
      }),
    );
  const onLinked = vi.fn();
  const view = renderAt(
    <LinkStudyFromPacs
      caseId={CASE_ID}
      boardId={BOARD_ID}
      role={role}
      presenterId={presenterId}
      caseOpen={caseOpen}
      linkedStudyUids={linked}
      onLinked={onLinked}
    />,
    { api: server.api },
  );
  return { server, onLinked, user: userEvent.setup(), ...view };
}

async function openAndSearch(user: ReturnType<typeof userEvent.setup>, patientId = 'SYN-0001') {
  await user.click(await screen.findByRole('button', { name: 'Link a study from the PACS' }));
  const dialog = within(await screen.findByRole('dialog', { name: 'Link a study from the PACS' }));
  if (patientId) await user.type(dialog.getByLabelText('Patient id'), patientId);
  await user.click(dialog.getByRole('button', { name: 'Search' }));
  return dialog;
}

const searches = (calls: Array<{ method: string; path: string }>) =>
  calls.filter((call) => call.method === 'GET' && call.path.includes('/study-search'));

afterEach(cleanup);

describe('LinkStudyFromPacs', () => {
  it('is offered to coordinators, the presenter and the chair, not to other members or on a closed case', () => {
    setUp({ role: 'member' as never });
    expect(screen.queryByRole('button', { name: 'Link a study from the PACS' })).toBeNull();
    cleanup();
    setUp({ role: 'observer' as never });
    expect(screen.queryByRole('button', { name: 'Link a study from the PACS' })).toBeNull();
    cleanup();
    setUp({ role: 'presenter' as never, presenterId: ME_ID });
    expect(screen.getByRole('button', { name: 'Link a study from the PACS' })).toBeTruthy();
    cleanup();
    setUp({ role: 'chair' as never });
    expect(screen.getByRole('button', { name: 'Link a study from the PACS' })).toBeTruthy();
    cleanup();
    setUp({ caseOpen: false });
    expect(screen.queryByRole('button', { name: 'Link a study from the PACS' })).toBeNull();
  });

  it('says what a search needs and what the fields take before asking the server', async () => {
    const { server, user } = setUp();
    const dialog = await openAndSearch(user, '');
    expect(
      await dialog.findByText('Search by patient id, accession number or a study date range.'),
    ).toBeTruthy();
    await user.type(dialog.getByLabelText('Patient id'), 'SYN;0001');
    await user.type(dialog.getByLabelText('Modality'), 'C1');
    await user.type(dialog.getByLabelText('Study date from'), '2026-10-02');
    await user.type(dialog.getByLabelText('Study date to'), '2026-10-01');
    await user.click(dialog.getByRole('button', { name: 'Search' }));
    expect(
      await dialog.findByText(
        'A patient id may hold letters, digits, spaces, . _ - ^ / and the wildcards * and ?.',
      ),
    ).toBeTruthy();
    expect(
      dialog.getByText('Enter a DICOM modality code of 2 to 4 letters, such as CT, MR or PT.'),
    ).toBeTruthy();
    await user.clear(dialog.getByLabelText('Patient id'));
    await user.type(dialog.getByLabelText('Patient id'), 'SYN-0001');
    await user.clear(dialog.getByLabelText('Modality'));
    await user.click(dialog.getByRole('button', { name: 'Search' }));
    expect(await dialog.findByText('The end date must not be before the start date.')).toBeTruthy();
    expect(searches(server.calls)).toHaveLength(0);
  });

  it('lists the studies found, links one, and refreshes the case', async () => {
    const { server, user, onLinked } = setUp();
    server.on('GET', SEARCH, () => json([match])).on('POST', LINK, () => json(record, 201));
    const dialog = await openAndSearch(user);
    const row = await dialog.findByRole('row', { name: /CT chest with contrast/ });
    expect(row.textContent).toContain('ACC0001');
    expect(row.textContent).toContain('1 / 64');
    expect(searches(server.calls)[0]!.path).toContain('patientId=SYN-0001');
    await user.click(within(row).getByRole('button', { name: /^Link CT chest with contrast/ }));
    expect(
      await dialog.findByText(
        '“CT chest with contrast” was linked to the case; it is now in the records.',
      ),
    ).toBeTruthy();
    expect(server.calls.find((call) => call.method === 'POST')!.body).toEqual({
      sourceId: 'pacs',
      studyInstanceUid: STUDY_UID,
    });
    expect(onLinked).toHaveBeenCalledTimes(1);
    expect(within(row).getByText('Linked')).toBeTruthy();
    expect(within(row).queryByRole('button')).toBeNull();
  });

  it('shows 25 studies at a time, and the next 25 on request while the PACS has more', async () => {
    const { server, user } = setUp();
    const study = (n: number) => ({
      ...match,
      studyInstanceUid: `${STUDY_UID}.${n}`,
      description: `CT study ${n}`,
      accessionNumber: `ACC${n}`,
    });
    server.on('GET', SEARCH, (call) => {
      const offset = Number(new URL(call.path, 'http://localhost').searchParams.get('offset') ?? 0);
      return json(Array.from({ length: offset === 0 ? 25 : 3 }, (_, i) => study(offset + i + 1)));
    });
    const dialog = await openAndSearch(user);
    await dialog.findByRole('row', { name: /CT study 25\b/ });
    expect(dialog.queryByRole('row', { name: /CT study 26\b/ })).toBeNull();
    expect(searches(server.calls)[0]!.path).toContain('limit=25');
    expect(searches(server.calls)[0]!.path).not.toContain('offset');
    await user.click(dialog.getByRole('button', { name: 'Show 25 more studies' }));
    await dialog.findByRole('row', { name: /CT study 28\b/ });
    expect(searches(server.calls)[1]!.path).toContain('offset=25');
    expect(dialog.getAllByRole('row')).toHaveLength(29);
    expect(dialog.queryByRole('button', { name: 'Show 25 more studies' })).toBeNull();
  });

  it('says when nothing was found', async () => {
    const { server, user } = setUp();
    server.on('GET', SEARCH, () => json([]));
    const dialog = await openAndSearch(user);
    expect(await dialog.findByText('No study found')).toBeTruthy();
  });

  it('says when the PACS did not answer (502) or took too long (504)', async () => {
    const { server, user } = setUp();
    server
      .on(
        'GET',
        SEARCH,
        () =>
          json(
            {
              statusCode: 502,
              code: 'pacs_unavailable',
              message: 'the PACS "Radiology PACS" could not be reached',
            },
            502,
          ),
        true,
      )
      .on(
        'GET',
        SEARCH,
        () => json({ statusCode: 504, code: 'pacs_timeout', message: 'timed out' }, 504),
        true,
      );
    const dialog = await openAndSearch(user);
    expect((await dialog.findByRole('alert')).textContent).toMatch(/^The PACS did not answer/);
    await user.click(dialog.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(dialog.getByRole('alert').textContent).toMatch(/^The PACS took too long to answer/),
    );
  });

  it('puts the server’s field messages under the fields', async () => {
    const { server, user } = setUp();
    server.on('GET', SEARCH, () =>
      json(
        {
          statusCode: 400,
          message: 'Invalid input',
          details: [{ field: 'accessionNumber', message: 'accessionNumber must be shorter' }],
        },
        400,
      ),
    );
    const dialog = await openAndSearch(user);
    await waitFor(() =>
      expect(dialog.getByLabelText('Accession number').getAttribute('aria-invalid')).toBe('true'),
    );
  });

  it('says a study is already linked (409), and marks the ones the case holds', async () => {
    const other = { ...match, studyInstanceUid: '2.25.2', description: 'PET-CT' };
    const { server, user, onLinked } = setUp({ linked: ['2.25.2'] });
    server
      .on('GET', SEARCH, () => json([match, other]))
      .on('POST', LINK, () =>
        json({ statusCode: 409, code: 'conflict', message: 'already linked' }, 409),
      );
    const dialog = await openAndSearch(user);
    const petRow = await dialog.findByRole('row', { name: /PET-CT/ });
    expect(within(petRow).getByText('Linked')).toBeTruthy();
    const row = dialog.getByRole('row', { name: /CT chest with contrast/ });
    await user.click(within(row).getByRole('button', { name: /^Link/ }));
    expect(await dialog.findByText('This study is already linked to the case.')).toBeTruthy();
    expect(onLinked).not.toHaveBeenCalled();
  });

  const SEVERAL = [
    { id: 'pacs', name: 'Radiology PACS', isDefault: true },
    { id: 'vna', name: 'Archive', isDefault: false },
  ];

  it('offers the sources when there are several, and searches the chosen one', async () => {
    const { server, user } = setUp({ sources: SEVERAL });
    server.on('GET', SEARCH, () => json([]));
    await user.click(await screen.findByRole('button', { name: 'Link a study from the PACS' }));
    const dialog = within(await screen.findByRole('dialog'));
    await user.click(await dialog.findByRole('button', { name: /Source/ }));
    await user.click(await screen.findByRole('option', { name: 'Archive' }));
    await user.type(dialog.getByLabelText('Patient id'), 'SYN-0001');
    await user.click(dialog.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(searches(server.calls)).toHaveLength(1));
    expect(searches(server.calls)[0]!.path).toContain('sourceId=vna');
  });

  it("starts on the board's source", async () => {
    const { server, user } = setUp({ sources: SEVERAL, boardSourceId: 'vna' });
    server.on('GET', SEARCH, () => json([]));
    await user.click(await screen.findByRole('button', { name: 'Link a study from the PACS' }));
    const dialog = within(await screen.findByRole('dialog'));
    const select = await dialog.findByRole('button', { name: /Source/ });
    await waitFor(() => expect(select.textContent).toContain("Archive (this board's source)"));
    await user.type(dialog.getByLabelText('Patient id'), 'SYN-0001');
    await user.click(dialog.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(searches(server.calls)).toHaveLength(1));
    expect(searches(server.calls)[0]!.path).toContain('sourceId=vna');
  });

  it('asks nothing of the board when there is one source, and names no source', async () => {
    const { server, user } = setUp();
    server.on('GET', SEARCH, () => json([]));
    const dialog = await openAndSearch(user);
    expect(await dialog.findByText('No study found')).toBeTruthy();
    expect(dialog.queryByRole('button', { name: /Source/ })).toBeNull();
    expect(searches(server.calls)[0]!.path).not.toContain('sourceId');
    expect(server.calls.some((call) => BOARD_SOURCE.test(call.path))).toBe(false);
  });
});
