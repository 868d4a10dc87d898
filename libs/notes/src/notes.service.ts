import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import {
  NoteAccessView,
  NoteSnapshotView,
  NotesView,
  noteAccessFor,
  NOTE_TEXT,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAction, MeetingsService } from '@app/boards';
import { CasesService } from '@app/cases';
import { DomainEventBus, Forbidden, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { DocumentName, NoteKind, markdownSections } from './domain';
import { NotesStore } from './notes-store';

/** Notes as data: the committed text, and frozen snapshots with a content hash. */
@Injectable()
export class NotesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly cases: CasesService,
    private readonly meetings: MeetingsService,
    private readonly store: NotesStore,
  ) {}

  /** The current, committed text. Reading clinical notes is audited. */
  async read(user: AuthenticatedUser, kind: NoteKind, id: string): Promise<NotesView> {
    const { document, access } = await this.authorise(user, kind, id, 'read');
    const markdown = await this.markdownOf(document);
    await this.events.publish({
      type: 'domain',
      action: 'notes.viewed',
      targetType: kind === 'cases' ? 'case' : 'meeting',
      targetId: id,
      details: { document: document.name },
    });
    return { document: document.name, markdown, sections: markdownSections(markdown), access };
  }

  /** Freezes the current text with its SHA-256; writers only. */
  async snapshot(user: AuthenticatedUser, kind: NoteKind, id: string): Promise<NoteSnapshotView> {
    const { document } = await this.authorise(user, kind, id, 'write');
    const { state } = await this.store.load(document);
    const markdown = textOf(state);
    const contentHash = createHash('sha256').update(markdown, 'utf8').digest('hex');
    return this.uow.run(async (db) => {
      const snapshotId = newId();
      const [row] = await db.query(
        `INSERT INTO note_snapshot (id, document, state, markdown, content_hash, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at`,
        [snapshotId, document.name, Buffer.from(state), markdown, contentHash, user.id],
      );
      await this.events.publish({
        type: 'domain',
        action: 'notes.snapshot_created',
        targetType: kind === 'cases' ? 'case' : 'meeting',
        targetId: id,
        details: { document: document.name, snapshotId, contentHash },
      });
      return {
        id: snapshotId,
        document: document.name,
        contentHash,
        markdown,
        createdBy: user.id,
        createdAt: new Date(row.created_at).toISOString(),
      };
    });
  }

  async snapshots(
    user: AuthenticatedUser,
    kind: NoteKind,
    id: string,
  ): Promise<NoteSnapshotView[]> {
    const { document } = await this.authorise(user, kind, id, 'read');
    const rows: Array<{
      id: string;
      markdown: string;
      content_hash: string;
      created_by: string;
      created_at: Date;
    }> = await this.uow.manager.query(
      `SELECT id, markdown, content_hash, created_by, created_at FROM note_snapshot WHERE document = $1 ORDER BY created_at DESC`,
      [document.name],
    );
    return rows.map((row) => ({
      id: row.id,
      document: document.name,
      contentHash: row.content_hash,
      markdown: row.markdown,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }

  private async markdownOf(document: DocumentName): Promise<string> {
    return textOf((await this.store.load(document)).state);
  }

  /**
   * Rights on a note, with the reason when read-only: for a case's discussion,
   * what the cases context decides (observers and conflicted members read);
   * for meeting minutes, members write and observers read. Used by REST and
   * by the WebSocket upgrade.
   */
  async accessTo(user: AuthenticatedUser, document: DocumentName): Promise<NoteAccessView> {
    if (document.kind === 'cases') return this.cases.noteAccess(user, document.id);
    const { actor } = await this.meetings.load(user, document.id, BoardAction.View);
    return noteAccessFor(actor.role, false);
  }

  private async authorise(
    user: AuthenticatedUser,
    kind: NoteKind,
    id: string,
    need: 'read' | 'write',
  ): Promise<{ document: DocumentName; access: NoteAccessView }> {
    const document: DocumentName = { kind, id, name: `${kind}/${id}` };
    const access = await this.accessTo(user, document);
    if (need === 'write' && !access.canWrite)
      throw new Forbidden('read-only access to these notes');
    return { document, access };
  }
}

function textOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = doc.getText(NOTE_TEXT).toString();
  doc.destroy();
  return text;
}
