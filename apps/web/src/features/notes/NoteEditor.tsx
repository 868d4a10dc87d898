import { defaultKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { useEffect, useId, useRef, useSyncExternalStore } from 'react';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';
import type { NoteAccessView } from '@app/contracts';
import { Button } from '../../ui/Button';
import { specialtyLabel } from '../../ui/words';
import type { AwarenessUser } from './awareness';
import { specialtyColour } from './colours';
import type { NotesConnection } from './NotesConnection';
import { remoteCursors } from './remoteCursors';
import { readOnlyWords, statusWords } from './words';
import './notes.css';

export interface NoteEditorProps {
  connection: NotesConnection;
  /** The editor's accessible name: "Case notes", "Meeting minutes". */
  label: string;
  access: NoteAccessView;
  /** Opens the document afresh, dropping what the server refused. */
  onReload: () => void;
}

/** Markdown as a clinician reads notes: headings bold and larger, emphasis as emphasis. */
const NOTE_HIGHLIGHT = HighlightStyle.define([
  { tag: tags.heading, fontWeight: '700', fontSize: '1.05em' },
  { tag: tags.strong, fontWeight: '700' },
  { tag: tags.emphasis, fontStyle: 'italic' },
  { tag: tags.link, textDecoration: 'underline' },
  { tag: tags.processingInstruction, color: '#4a5666' },
]);

/** The nonce the page's Content Security Policy allows style elements with (see index.html). */
function styleNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
}

function editorExtensions(
  connection: NotesConnection,
  editable: boolean,
  undoManager: Y.UndoManager | null,
  contentAttributes: Record<string, string>,
): Extension {
  return [
    EditorView.cspNonce.of(styleNonce()),
    markdown(),
    syntaxHighlighting(NOTE_HIGHLIGHT),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of(contentAttributes),
    // The document's history is Yjs's: it undoes this user's own changes, never the others'.
    keymap.of(undoManager ? [...yUndoManagerKeymap, ...defaultKeymap] : defaultKeymap),
    yCollab(connection.text, null, { undoManager: undoManager ?? false }),
    remoteCursors(connection.text, connection.awareness),
    editable ? [] : [EditorState.readOnly.of(true), EditorView.editable.of(false)],
  ];
}

/**
 * A shared Markdown note in CodeMirror, bound to the connection's Y.Text: the others' cursors
 * and selections in their specialty's colour, who else is here, and a status line. It is
 * editable only by someone with write access while the connection can still deliver their
 * changes (synced, or reconnecting with the changes kept); otherwise nothing local can be typed.
 */
export function NoteEditor({ connection, label, access, onReload }: NoteEditorProps) {
  const state = useSyncExternalStore(connection.subscribe, connection.getState);
  const people = useSyncExternalStore(connection.subscribe, connection.getPeople);
  const host = useRef<HTMLDivElement>(null);
  const lockId = useId();
  const statusId = useId();
  const editable =
    access.canWrite && (state.status === 'synced' || state.status === 'reconnecting');
  const describedBy = access.canWrite ? statusId : `${lockId} ${statusId}`;

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const undoManager = editable ? new Y.UndoManager(connection.text) : null;
    // Focusable from the keyboard in both modes (to read and select when read-only), which also
    // makes the scrolling editor reachable.
    const contentAttributes: Record<string, string> = editable
      ? { 'aria-label': label, 'aria-describedby': describedBy, tabindex: '0' }
      : {
          'aria-label': `${label}, read-only`,
          'aria-describedby': describedBy,
          'aria-readonly': 'true',
          tabindex: '0',
        };
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: connection.text.toString(),
        extensions: editorExtensions(connection, editable, undoManager, contentAttributes),
      }),
    });
    return () => {
      view.destroy();
      undoManager?.destroy();
    };
  }, [connection, editable, label, describedBy]);

  const status = statusWords(state, access.canWrite);
  return (
    <div className="notes-editor">
      {access.canWrite ? null : (
        <p className="notes-lock" id={lockId}>
          <svg className="notes-lock-icon" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="3" y="7" width="10" height="8" rx="1.5" />
            <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" strokeWidth="1.6" />
          </svg>
          {readOnlyWords(access.readOnlyReason)}
        </p>
      )}
      <div className="notes-bar">
        <p
          className={`notes-status notes-status-${status.tone}`}
          id={statusId}
          role="status"
          aria-live="polite"
        >
          {status.text}
        </p>
        {state.status === 'refused' ? (
          <Button size="small" onPress={onReload}>
            Reload the notes
          </Button>
        ) : null}
      </div>
      {state.status === 'synced' ? <People people={people} /> : null}
      <div className="notes-surface" ref={host} />
    </div>
  );
}

function People({ people }: { people: readonly AwarenessUser[] }) {
  if (people.length === 0) {
    return <p className="notes-people notes-people-none">Nobody else is in these notes.</p>;
  }
  return (
    <ul className="notes-people" aria-label="Also in these notes">
      {people.map((person) => (
        <li key={person.id} className="notes-person">
          <span
            className="notes-dot"
            // A style property set from script, which the Content Security Policy allows.
            style={{ backgroundColor: specialtyColour(person.specialty).color }}
            aria-hidden="true"
          />
          <span className="notes-person-name">{person.name}</span>
          <span className="notes-person-specialty">{specialtyLabel(person.specialty)}</span>
        </li>
      ))}
    </ul>
  );
}
