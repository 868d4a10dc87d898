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
