import { BoardRoleValue } from './board-permissions';
import { BoardRole } from './enums';

export interface NoteSectionView {
  heading: string;
  text: string;
}

/**
 * Why a member reads a note without writing it: an observer of the board, a member who declared
 * a conflict of interest on the case, or someone who is not on the board (an administrator).
 */
export type NoteReadOnlyReason = 'observer' | 'conflict_of_interest' | 'not_on_board';

export interface NoteAccessView {
  canWrite: boolean;
  /** null when the user writes. */
  readOnlyReason: NoteReadOnlyReason | null;
}

/**
 * Who writes a note: members of the board, except observers and, on a case's discussion,
 * members with a declared conflict of interest. One rule for REST, the shared editor and the
 * web client's lock.
 */
export function noteAccessFor(
  role: BoardRoleValue | null,
  conflictOfInterest: boolean,
): NoteAccessView {
  const readOnlyReason: NoteReadOnlyReason | null =
    role === null
      ? 'not_on_board'
      : role === BoardRole.Observer
        ? 'observer'
        : conflictOfInterest
          ? 'conflict_of_interest'
          : null;
  return { canWrite: readOnlyReason === null, readOnlyReason };
}

export interface NotesView {
  document: string;
  markdown: string;
  sections: NoteSectionView[];
  /** What the caller may do with the note, and why not when they only read it. */
  access: NoteAccessView;
}

export interface NoteSnapshotView {
  id: string;
  document: string;
  /** SHA-256 of the Markdown: what a published recommendation embeds. */
  contentHash: string;
  markdown: string;
  createdBy: string;
  createdAt: string;
}

/** The shared type every client edits in a note's Yjs document: one Y.Text holding Markdown. */
export const NOTE_TEXT = 'markdown';

/** The close codes of the notes endpoint (`/collab/…`) that a client acts on; in the README too. */
export const COLLAB_CLOSE = {
  /** Normal: the server is shutting down; reconnect later. */
  goingAway: 1001,
  /** A message type this server does not speak. */
  unsupported: 1003,
  /** A message that could not be decoded, or an invalid Yjs update. */
  malformed: 1007,
  /** A message above the size limit (sent by the WebSocket layer itself). */
  tooBig: 1009,
  /** The document could not be loaded; reconnect later. */
  serverError: 1011,
  /** The access token expired: reconnect with a fresh one. */
  tokenExpired: 4001,
  /**
   * The session ended (sign-out, password change, account disabled, expiry,
   * refresh-token reuse; the close reason is `session ended: <reason>`): sign
   * in again. In y-websocket's 4400–4499 range ("reconnecting cannot fix
   * this"), so a stock WebsocketProvider stops and emits `closed` instead of
   * retrying with a dead token.
   */
  sessionEnded: 4401,
  /** The document reached its maximum size; the update was not accepted. */
  documentTooLarge: 4413,
} as const;
