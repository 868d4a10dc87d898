import { EditorView } from '@codemirror/view';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { NoteAccessView } from '@app/contracts';
import { tokens } from '../../test/harness';
import { NoteEditor } from './NoteEditor';
import { NotesConnection } from './NotesConnection';
import { FakeCollabServer } from './testing';

const WRITER: NoteAccessView = { canWrite: true, readOnlyReason: null };
const OBSERVER: NoteAccessView = { canWrite: false, readOnlyReason: 'observer' };

let server: FakeCollabServer;
let connection: NotesConnection;

beforeEach(() => {
  server = new FakeCollabServer();
  server.doc.getText('markdown').insert(0, '## History\n\n');
  connection = new NotesConnection({
    document: { kind: 'cases', id: '00000000-0000-4000-8000-0000000000d1' },
    tokens,
    user: { id: 'user-me', displayName: 'Ola Oncologist', specialty: 'medical_oncology' },
    origin: 'ws://localhost',
    WebSocketPolyfill: server.WebSocket,
  });
});

afterEach(() => {
  cleanup();
  connection.destroy();
});

function renderEditor(access: NoteAccessView, onReload = vi.fn()) {
  return render(
    <NoteEditor connection={connection} label="Case notes" access={access} onReload={onReload} />,
  );
}

/** Accepts the connection once it asked for one, and waits for the first sync. */
async function synced() {
  await waitFor(() => expect(server.sockets).toHaveLength(1));
  server.accept();
  await waitFor(() => expect(connection.getState().status).toBe('synced'));
}

function editorView(): EditorView {
  const view = EditorView.findFromDOM(document.querySelector('.cm-editor') as HTMLElement);
  if (!view) throw new Error('no editor');
  return view;
}

const statusLine = () => screen.getByRole('status');

describe('NoteEditor', () => {
  it('locks the note for an observer and says why, in words and in its accessible name', async () => {
    renderEditor(OBSERVER);
    await synced();
    expect(
      screen.getByText('Read-only: observers follow the discussion without editing.'),
    ).toBeTruthy();
    const editor = screen.getByRole('textbox', { name: 'Case notes, read-only' });
    expect(editor.getAttribute('aria-readonly')).toBe('true');
    expect(editor.getAttribute('contenteditable')).toBe('false');
    expect(editor.getAttribute('aria-describedby')).toContain(
      screen.getByText(/^Read-only:/).closest('p')?.id,
    );
    expect(editorView().state.readOnly).toBe(true);
    await waitFor(() => expect(editor.textContent).toContain('## History'));
    expect(statusLine().textContent).toBe('Connected — changes by others appear as they are made.');
  });

  it.each([
    ['conflict_of_interest', 'Read-only: you declared a conflict of interest on this case.'],
    ['not_on_board', 'Read-only: you are not a member of this board.'],
    [null, 'Read-only: you cannot edit these notes.'],
  ] as const)('says why the note is read-only (%s)', (reason, words) => {
    renderEditor({ canWrite: false, readOnlyReason: reason });
    expect(screen.getByText(words)).toBeTruthy();
  });

  it('lets a member edit once synced, sends the edits and shows the others’ as they arrive', async () => {
    renderEditor(WRITER);
    expect(screen.queryByText(/^Read-only/)).toBeNull();
    expect(statusLine().textContent).toBe('Opening the shared notes…');
    await synced();
    await waitFor(() =>
      expect(statusLine().textContent).toBe('Connected — changes are saved as you type.'),
    );
    const editor = screen.getByRole('textbox', { name: 'Case notes' });
    expect(editor.getAttribute('contenteditable')).toBe('true');
    expect(editorView().state.readOnly).toBe(false);

    const view = editorView();
    view.dispatch({
      changes: { from: view.state.doc.length, insert: 'Smoker, 40 pack-years.' },
      userEvent: 'input.type',
    });
    await waitFor(() =>
      expect(server.doc.getText('markdown').toString()).toBe(
        '## History\n\nSmoker, 40 pack-years.',
      ),
    );

    server.doc.getText('markdown').insert(0, '# Case 7\n');
    await waitFor(() => expect(editor.textContent).toContain('# Case 7'));
  });

  it('keeps editing open while reconnecting, and says the edits are kept', async () => {
    renderEditor(WRITER);
    await synced();
    server.latest.drop(1006);
    await waitFor(() =>
      expect(statusLine().textContent).toBe(
        'Reconnecting — your edits are kept and will be sent when the connection returns.',
      ),
    );
    expect(statusLine().getAttribute('aria-live')).toBe('polite');
    expect(editorView().state.readOnly).toBe(false);
  });

  it('locks the note when the session ends', async () => {
    renderEditor(WRITER);
    await synced();
    server.latest.drop(4401, 'session ended: signed out');
    await waitFor(() =>
      expect(statusLine().textContent).toBe(
        'Your session has ended. Sign in again to continue with the notes.',
      ),
    );
    expect(editorView().state.readOnly).toBe(true);
  });

  it('locks the note when a change is refused, and offers to reload it', async () => {
    const onReload = vi.fn();
    renderEditor(WRITER, onReload);
    await synced();
    server.latest.drop(4413, 'document size limit reached');
    await waitFor(() =>
      expect(statusLine().textContent).toBe(
        'The notes have reached their maximum size, so your last change was not saved. Reload the notes to continue.',
      ),
    );
    expect(editorView().state.readOnly).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Reload the notes' }));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('lists who else is in the note, with their specialty', async () => {
    renderEditor(WRITER);
    await synced();
    expect(screen.getByText('Nobody else is in these notes.')).toBeTruthy();
    server.announce({
      user: { id: 'user-rad', name: 'Rae Radiologist', specialty: 'radiology' },
    });
    const list = await screen.findByRole('list', { name: 'Also in these notes' });
    expect(list.textContent).toBe('Rae RadiologistRadiology');
  });

  it('draws the others’ selections and carets in their specialty’s colour, with their names', async () => {
    renderEditor(WRITER);
    await synced();
    const text = server.doc.getText('markdown');
    server.announce({
      user: { id: 'user-rad', name: 'Rae Radiologist', specialty: 'radiology' },
      cursor: {
        anchor: Y.createRelativePositionFromTypeIndex(text, 3),
        head: Y.createRelativePositionFromTypeIndex(text, 10),
      },
    });
    await waitFor(() => expect(document.querySelector('.cm-notes-caret')).not.toBeNull());
    const caret = document.querySelector('.cm-notes-caret') as HTMLElement;
    expect(caret.classList).toContain('cm-notes-who-radiology');
    expect(caret.getAttribute('aria-hidden')).toBe('true');
    expect(caret.textContent).toContain('Rae Radiologist');
    const selection = document.querySelector('.cm-notes-selection') as HTMLElement;
    expect(selection.classList).toContain('cm-notes-who-radiology');
    expect(selection.textContent).toBe('History');
    // Coloured by class, never by a style attribute the Content Security Policy would block.
    expect(document.querySelector('.cm-content [style]')).toBeNull();
  });
});
