import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NoteAccessView, NotesView } from '@app/contracts';
import { fakeServer, json, renderAt, tokens } from '../../test/harness';
import { NotesPanel } from './NotesPanel';
import { FakeCollabServer } from './testing';

const MEETING = '00000000-0000-4000-8000-0000000000e1';
const CASE_A = '00000000-0000-4000-8000-0000000000d1';
const CASE_B = '00000000-0000-4000-8000-0000000000d2';

let collab: FakeCollabServer;

beforeEach(() => {
  collab = new FakeCollabServer();
  vi.stubGlobal('WebSocket', collab.WebSocket);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const notes = (document: string, access: NoteAccessView): NotesView => ({
  document,
  markdown: '',
  sections: [],
  access,
});

function api(caseAccess: NoteAccessView, meetingAccess: NoteAccessView) {
  return fakeServer()
    .on('GET', /^\/api\/v1\/cases\/[^/]+\/notes$/, (call) =>
      json(notes(call.path.split('/')[4] ?? '', caseAccess)),
    )
    .on('GET', /^\/api\/v1\/meetings\/[^/]+\/notes$/, () =>
      json(notes(`meetings/${MEETING}`, meetingAccess)),
    );
}

const WRITE: NoteAccessView = { canWrite: true, readOnlyReason: null };

/** The room, with the chair's focus moving to another case. */
function Room({ first }: { first: string | null }) {
  const [caseId, setCaseId] = useState(first);
  return (
    <>
      <button type="button" onClick={() => setCaseId(CASE_B)}>
        Focus the next case
      </button>
      <NotesPanel caseId={caseId} meetingId={MEETING} tokens={tokens} />
    </>
  );
}

const socketFor = (path: string) =>
  collab.sockets.filter((socket) => new URL(socket.url).pathname === path);

describe('NotesPanel', () => {
  it('says no case is focused, and opens the meeting minutes beside', async () => {
    const server = api(WRITE, WRITE);
    renderAt(<NotesPanel caseId={null} meetingId={MEETING} tokens={tokens} />, {
      api: server.api,
    });
    expect(screen.getByRole('heading', { name: 'Notes' })).toBeTruthy();
    const caseTab = screen.getByRole('tab', { name: 'Case notes' });
    expect(caseTab.getAttribute('aria-selected')).toBe('true');
    const casePanel = screen.getByRole('tabpanel', { name: 'Case notes' });
    expect(within(casePanel).getByText('No case in focus')).toBeTruthy();

    await waitFor(() => expect(socketFor(`/collab/meetings/${MEETING}`)).toHaveLength(1));
    expect(server.calls.map((call) => call.path)).toEqual([`/api/v1/meetings/${MEETING}/notes`]);
    expect(collab.sockets).toHaveLength(1);

    await userEvent.click(screen.getByRole('tab', { name: 'Meeting minutes' }));
    const minutes = screen.getByRole('tabpanel', { name: 'Meeting minutes' });
    expect(
      within(minutes).getByRole('textbox', { name: 'Meeting minutes, read-only' }),
    ).toBeTruthy();
    collab.accept();
    expect(await within(minutes).findByRole('textbox', { name: 'Meeting minutes' })).toBeTruthy();
  });

  it('locks the case notes of a member with a conflict of interest, and says why', async () => {
    const server = api({ canWrite: false, readOnlyReason: 'conflict_of_interest' }, WRITE);
    renderAt(<NotesPanel caseId={CASE_A} meetingId={MEETING} tokens={tokens} />, {
      api: server.api,
    });
    const casePanel = screen.getByRole('tabpanel', { name: 'Case notes' });
    expect(
      await within(casePanel).findByText(
        'Read-only: you declared a conflict of interest on this case.',
      ),
    ).toBeTruthy();
    expect(within(casePanel).getByRole('textbox', { name: 'Case notes, read-only' })).toBeTruthy();
    expect(within(casePanel).getByRole('status').textContent).toBe('Opening the shared notes…');
  });

  it('opens the newly focused case’s notes and closes the previous ones', async () => {
    const server = api(WRITE, WRITE);
    renderAt(<Room first={CASE_A} />, { api: server.api });
    await waitFor(() => expect(socketFor(`/collab/cases/${CASE_A}`)).toHaveLength(1));
    const [first] = socketFor(`/collab/cases/${CASE_A}`);

    await userEvent.click(screen.getByRole('button', { name: 'Focus the next case' }));
    await waitFor(() => expect(socketFor(`/collab/cases/${CASE_B}`)).toHaveLength(1));
    expect(first?.readyState).toBe(first?.CLOSED);
    expect(socketFor(`/collab/meetings/${MEETING}`)).toHaveLength(1);
    expect(server.calls.map((call) => call.path)).toContain(`/api/v1/cases/${CASE_B}/notes`);
  });

  it('opens the note again when the rights change, so the server applies the new ones', async () => {
    const server = api({ canWrite: false, readOnlyReason: 'observer' }, WRITE);
    const { queryClient } = renderAt(
      <NotesPanel caseId={CASE_A} meetingId={MEETING} tokens={tokens} />,
      { api: server.api },
    );
    await waitFor(() => expect(socketFor(`/collab/cases/${CASE_A}`)).toHaveLength(1));
    queryClient.setQueryData(['cases', CASE_A, 'notes'], notes(`cases/${CASE_A}`, WRITE));
    await waitFor(() => expect(socketFor(`/collab/cases/${CASE_A}`)).toHaveLength(2));
    expect(socketFor(`/collab/cases/${CASE_A}`)[0]?.readyState).toBe(collab.latest.CLOSED);
    const casePanel = screen.getByRole('tabpanel', { name: 'Case notes' });
    expect(within(casePanel).queryByText(/^Read-only/)).toBeNull();
  });

  it('opens no connection when the notes cannot be read', async () => {
    const server = fakeServer().on('GET', /notes$/, () =>
      json({ statusCode: 404, error: 'Not Found', message: 'not found' }, 404),
    );
    renderAt(<NotesPanel caseId={CASE_A} meetingId={MEETING} tokens={tokens} />, {
      api: server.api,
    });
    const casePanel = screen.getByRole('tabpanel', { name: 'Case notes' });
    expect(await within(casePanel).findByText('Not found')).toBeTruthy();
    expect(collab.sockets).toHaveLength(0);
  });
});
