import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DocumentName, combineUpdates, templateState } from './domain';

export interface StoredState {
  /** Everything persisted, as one Yjs update. */
  state: Uint8Array;
  /** Updates in the log since the last compaction, and their weight. */
  pendingUpdates: number;
  pendingBytes: number;
}

export interface PendingWrite {
  payload: Uint8Array;
  actorId: string | null;
}

/** A document's writes, in the order they were made. */
export interface DocumentWrites {
  document: string;
  writes: PendingWrite[];
}

/** A `note_document` row as loading and compaction read it. */
interface DocumentRow {
  snapshot: Buffer;
}

/** A `note_update` row: one logged Yjs update since the last compaction. */
interface UpdateRow {
  id: string;
  payload: Buffer;
}

/**
 * A shared note's persistence: its snapshot (`note_document`) and the log of
 * updates since (`note_update`). Loading reads the snapshot and the log in one
 * statement, so it sees one consistent point in time;
 * appends are one multi-row INSERT for the writes of every document pending
 * (group commit across documents, `NoteWrites`); compaction merges
 * the snapshot with the log rows it read and deletes exactly those rows, under
 * the document's row lock, so it is safe with several instances.
 */
@Injectable()
export class NoteDocumentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The document as stored; a new one is created from its template (once, whichever instance
   * gets there first). One statement for a document that exists, two for a new one.
   */
  async load(document: DocumentName): Promise<StoredState> {
    const stored =
      (await this.read(document.name)) ??
      (await this.create(document)) ??
      (await this.read(document.name));
    if (!stored) throw new Error(`note document ${document.name} was deleted while it loaded`);
    return stored;
  }

  /** Logs several documents' writes with one INSERT (one commit), each document's in order. */
  async appendMany(entries: DocumentWrites[]): Promise<void> {
    const writes = entries.flatMap(({ document, writes }) =>
      writes.map((write) => ({ document, ...write })),
    );
    await this.dataSource.query(
      `INSERT INTO note_update (document, payload, actor_id)
       SELECT document, payload, actor
       FROM unnest($1::text[], $2::bytea[], $3::uuid[]) WITH ORDINALITY AS w(document, payload, actor, n)
       ORDER BY n`,
      [
        writes.map((write) => write.document),
        writes.map((write) => Buffer.from(write.payload)),
        writes.map((write) => write.actorId),
      ],
    );
  }

  /** Folds the log into the snapshot in one transaction, at `at`. Returns how many updates were folded. */
  async compact(document: string, at: Date): Promise<number> {
    return this.dataSource.transaction(async (db) => {
      const [row]: Array<DocumentRow | undefined> = await db.query(
        `SELECT snapshot FROM note_document WHERE name = $1 FOR UPDATE`,
        [document],
      );
      if (!row) return 0;
      const updates: UpdateRow[] = await db.query(
        `SELECT id, payload FROM note_update WHERE document = $1 ORDER BY id`,
        [document],
      );
      if (updates.length === 0) return 0;
      const merged = combineUpdates([
        new Uint8Array(row.snapshot),
        ...updates.map((u) => new Uint8Array(u.payload)),
      ]);
      const lastId = updates[updates.length - 1].id;
      await db.query(`UPDATE note_document SET snapshot = $2, compacted_at = $3 WHERE name = $1`, [
        document,
        Buffer.from(merged),
        at,
      ]);
      await db.query(`DELETE FROM note_update WHERE document = $1 AND id <= $2`, [
        document,
        lastId,
      ]);
      return updates.length;
    });
  }

  /**
   * The snapshot and the log since, read by one statement, so at one consistent point in time
   * (a compaction commits both at once); null for a document not created yet.
   */
  private async read(name: string): Promise<StoredState | null> {
    const [row]: Array<(DocumentRow & { updates: Buffer[] }) | undefined> =
      await this.dataSource.query(
        `SELECT d.snapshot,
                ARRAY(SELECT u.payload FROM note_update u WHERE u.document = d.name ORDER BY u.id)
                  AS updates
         FROM note_document d
         WHERE d.name = $1`,
        [name],
      );
    if (!row) return null;
    const parts = [
      new Uint8Array(row.snapshot),
      ...row.updates.map((update) => new Uint8Array(update)),
    ];
    return {
      state: parts.length === 1 ? parts[0] : combineUpdates(parts),
      pendingUpdates: row.updates.length,
      pendingBytes: row.updates.reduce((sum, update) => sum + update.length, 0),
    };
  }

  /** Creates the document from its template; null when another instance created it first. */
  private async create(document: DocumentName): Promise<StoredState | null> {
    const template = templateState(document.kind);
    const created: unknown[] = await this.dataSource.query(
      `INSERT INTO note_document (name, snapshot) VALUES ($1, $2)
       ON CONFLICT (name) DO NOTHING
       RETURNING name`,
      [document.name, Buffer.from(template)],
    );
    return created.length > 0 ? { state: template, pendingUpdates: 0, pendingBytes: 0 } : null;
  }
}
