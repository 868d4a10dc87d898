import type { NoteReadOnlyReason } from '@app/contracts';
import type { ConnectionTrouble, NotesConnectionState } from './NotesConnection';

/** Why the notes cannot be edited, in plain words. */
const READ_ONLY_REASONS: Record<NoteReadOnlyReason, string> = {
  observer: 'observers follow the discussion without editing',
  conflict_of_interest: 'you declared a conflict of interest on this case',
  not_on_board: 'you are not a member of this board',
};

export function readOnlyWords(reason: NoteReadOnlyReason | null): string {
  return `Read-only: ${reason ? READ_ONLY_REASONS[reason] : 'you cannot edit these notes'}.`;
}

export type StatusTone = 'ok' | 'pending' | 'problem';

const TROUBLE: Record<ConnectionTrouble, string> = {
  offline: 'The notes server cannot be reached',
  token_expired: 'Renewing your access',
  server_restarting: 'The server is restarting',
  server_error: 'The server could not load the notes',
};

/** The connection's state, as the status line says it to someone who can (or cannot) edit. */
export function statusWords(
  state: NotesConnectionState,
  canWrite: boolean,
): { text: string; tone: StatusTone } {
  switch (state.status) {
    case 'connecting':
      return state.why
        ? { text: `${TROUBLE[state.why]}; retrying…`, tone: 'problem' }
        : { text: 'Opening the shared notes…', tone: 'pending' };
    case 'synced':
      return {
        text: canWrite
          ? 'Connected — changes are saved as you type.'
          : 'Connected — changes by others appear as they are made.',
        tone: 'ok',
      };
    case 'reconnecting': {
      const cause =
        state.why === 'server_restarting' || state.why === 'server_error'
          ? `${TROUBLE[state.why]}. `
          : '';
      const then = canWrite
        ? 'your edits are kept and will be sent when the connection returns.'
        : 'the notes catch up when the connection returns.';
      return { text: `${cause}Reconnecting — ${then}`, tone: 'problem' };
    }
    case 'ended':
      return {
        text: 'Your session has ended. Sign in again to continue with the notes.',
        tone: 'problem',
      };
    case 'refused':
      return {
        text:
          state.why === 'too_large'
            ? 'The notes have reached their maximum size, so your last change was not saved. Reload the notes to continue.'
            : 'The server refused your last change, so it was not saved. Reload the notes to continue.',
        tone: 'problem',
      };
  }
}
