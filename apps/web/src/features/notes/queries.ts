import { useQuery } from '@tanstack/react-query';
import type { NotesView } from '@app/contracts';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { NoteDocument } from './NotesConnection';

/** Under the case's or the meeting's key, so whatever refreshes it refreshes the access too. */
export const notesKeys = {
  document: (document: NoteDocument) => [document.kind, document.id, 'notes'] as const,
};

/** The note as the server last stored it, and what this user may do with it. */
export function useNotesQuery(document: NoteDocument) {
  const api = useApi();
  return useQuery({
    queryKey: notesKeys.document(document),
    queryFn: (): Promise<NotesView> =>
      document.kind === 'cases'
        ? data(
            api.GET('/api/v1/cases/{caseId}/notes', {
              params: { path: { caseId: document.id } },
            }),
          )
        : data(
            api.GET('/api/v1/meetings/{meetingId}/notes', {
              params: { path: { meetingId: document.id } },
            }),
          ),
    refetchOnWindowFocus: false,
  });
}
