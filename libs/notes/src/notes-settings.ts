import { CompactionPolicy } from './domain';

export interface NotesSettings {
  /** Largest WebSocket message accepted; larger ones close the connection (1009). */
  maxMessageBytes: number;
  /** Largest a document may grow; an update past it closes the connection (4413). */
  maxDocumentBytes: number;
  /** How long a document with no connections stays in memory. */
  idleUnloadMs: number;
  compaction: CompactionPolicy;
  /** Set: updates and awareness cross instances through Redis. */
  redisUrl: string | null;
}

export const NOTES_SETTINGS = Symbol('NOTES_SETTINGS');
