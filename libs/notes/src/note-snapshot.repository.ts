import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';

/** A `note_snapshot` row as listed: a note's text frozen with its content hash. */
export interface NoteSnapshotRow {
  id: string;
  markdown: string;
  content_hash: string;
  created_by: string;
  created_at: Date;
}

export interface NewNoteSnapshot {
  id: string;
  document: string;
  state: Uint8Array;
  markdown: string;
  contentHash: string;
  createdBy: string;
}

/** Frozen snapshots of a note (`note_snapshot`); inside a transaction, they join it. */
@Injectable()
export class NoteSnapshotRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Stores the snapshot and answers when the database recorded it. */
  async insert(snapshot: NewNoteSnapshot): Promise<Date> {
    const [row]: Array<Pick<NoteSnapshotRow, 'created_at'>> = await this.uow.manager.query(
      `INSERT INTO note_snapshot (id, document, state, markdown, content_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at`,
      [
        snapshot.id,
        snapshot.document,
        Buffer.from(snapshot.state),
        snapshot.markdown,
        snapshot.contentHash,
        snapshot.createdBy,
      ],
    );
    return new Date(row.created_at);
  }

  /** A document's snapshots, newest first. */
  async ofDocument(document: string): Promise<NoteSnapshotRow[]> {
    return this.uow.manager.query(
      `SELECT id, markdown, content_hash, created_by, created_at FROM note_snapshot WHERE document = $1 ORDER BY created_at DESC`,
      [document],
    );
  }
}
