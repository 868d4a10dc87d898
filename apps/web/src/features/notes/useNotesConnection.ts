import { useEffect, useState, useSyncExternalStore } from 'react';
import type { TokenSource } from '../../api/client';
import { useMe } from '../../api/context';
import { NotesConnection, type NoteDocument } from './NotesConnection';

/** Holds the connection an effect opened, for the render that follows. */
class ConnectionSlot {
  private connection: NotesConnection | null = null;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get = (): NotesConnection | null => this.connection;

  set(connection: NotesConnection | null): void {
    this.connection = connection;
    for (const listener of this.listeners) listener();
  }
}

/**
 * The connection to one shared document while the component is mounted: opened by an effect
 * keyed by the document (and `generation`, to open it afresh), destroyed when that changes. React
 * draws; the connection lives in the class.
 */
export function useNotesConnection(
  document: NoteDocument,
  tokens: TokenSource,
  generation: number,
): NotesConnection | null {
  const me = useMe();
  const [slot] = useState(() => new ConnectionSlot());
  const { kind, id } = document;
  useEffect(() => {
    const connection = new NotesConnection({
      document: { kind, id },
      tokens,
      user: { id: me.id, displayName: me.displayName, specialty: me.specialty },
    });
    slot.set(connection);
    return () => {
      slot.set(null);
      connection.destroy();
    };
  }, [slot, kind, id, tokens, me.id, me.displayName, me.specialty, generation]);
  return useSyncExternalStore(slot.subscribe, slot.get);
}
