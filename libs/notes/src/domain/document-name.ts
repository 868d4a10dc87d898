/**
 * Shared documents are named `<kind>/<uuid>`: `cases/<caseId>` for a case's
 * discussion, `meetings/<meetingId>` for a meeting's minutes.
 */
export type NoteKind = 'cases' | 'meetings';

export interface DocumentName {
  kind: NoteKind;
  id: string;
  /** The canonical name, lower-case uuid. */
  name: string;
}

const PATTERN =
  /^(cases|meetings)\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export function parseDocumentName(raw: string): DocumentName | null {
  const match = PATTERN.exec(raw);
  if (!match) return null;
  const id = match[2].toLowerCase();
  return { kind: match[1] as NoteKind, id, name: `${match[1]}/${id}` };
}

/** The document name from an upgrade request path `/collab/<kind>/<uuid>` (query string ignored). */
export function documentFromPath(path: string, prefix = '/collab/'): DocumentName | null {
  if (!path.startsWith(prefix)) return null;
  const withoutQuery = path.slice(prefix.length).split('?')[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutQuery);
  } catch {
    return null;
  }
  return parseDocumentName(decoded);
}
