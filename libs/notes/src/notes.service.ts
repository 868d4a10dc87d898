import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { NoteAccessView, NoteSnapshotView, NotesView, noteAccessFor } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAction, MeetingsService } from '@app/boards';
import { CasesService } from '@app/cases';
import { DomainEventBus, Forbidden, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { DocumentName, NoteKind, markdownSections, textOf } from './domain';
import { NoteDocumentRepository } from './note-document.repository';
import { NoteSnapshotRepository } from './note-snapshot.repository';

/** Notes as data: the committed text, and frozen snapshots with a content hash. */
@Injectable()
export class NotesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly cases: CasesService,
    private readonly meetings: MeetingsService,
    private readonly documents: NoteDocumentRepository,
    private readonly savedSnapshots: NoteSnapshotRepository,
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
    const { state } = await this.documents.load(document);
    const markdown = textOf(state);
    const contentHash = createHash('sha256').update(markdown, 'utf8').digest('hex');
    return this.uow.run(async () => {
      const snapshotId = newId();
      const createdAt = await this.savedSnapshots.insert({
        id: snapshotId,
        document: document.name,
        state,
        markdown,
        contentHash,
        createdBy: user.id,
      });
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
        createdAt: createdAt.toISOString(),
      };
    });
  }

  async snapshots(
    user: AuthenticatedUser,
    kind: NoteKind,
    id: string,
  ): Promise<NoteSnapshotView[]> {
    const { document } = await this.authorise(user, kind, id, 'read');
    const rows = await this.savedSnapshots.ofDocument(document.name);
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
    return textOf((await this.documents.load(document)).state);
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
    // A UUID in capitals names the same case or meeting; documents are named in lower case.
    const canonical = id.toLowerCase();
    const document: DocumentName = { kind, id: canonical, name: `${kind}/${canonical}` };
    const access = await this.accessTo(user, document);
    if (need === 'write' && !access.canWrite)
      throw new Forbidden('read-only access to these notes');
    return { document, access };
  }
}
