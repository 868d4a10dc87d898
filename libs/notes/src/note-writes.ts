import { Injectable } from '@nestjs/common';
import { DocumentWrites, NoteDocumentRepository, PendingWrite } from './note-document.repository';

interface Waiting extends DocumentWrites {
  committed(): void;
  failed(error: unknown): void;
}

/**
 * Group commit across documents: the writes every open note flushes while a commit is in flight
 * wait, and all go into the next one — one INSERT and one commit for every document pending, not
 * one per document. A document's writes keep their order. When a commit of several documents
 * fails, each is tried again alone, so one document whose writes the database refuses never
 * holds back the others; the one that fails gets the error, keeps its writes and retries (see
 * `CollabDocument`).
 */
@Injectable()
export class NoteWrites {
  private waiting: Waiting[] = [];
  private committing = false;

  constructor(private readonly store: NoteDocumentRepository) {}

  /** Resolves once the writes are committed; rejects when the database refused them. */
  append(document: string, writes: PendingWrite[]): Promise<void> {
    return new Promise<void>((committed, failed) => {
      this.waiting.push({ document, writes, committed, failed });
      if (!this.committing) void this.commitWaiting();
    });
  }

  private async commitWaiting(): Promise<void> {
    this.committing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.store.appendMany(batch);
        for (const entry of batch) entry.committed();
      } catch (error) {
        if (batch.length === 1) batch[0].failed(error);
        else await this.commitAlone(batch);
      }
    }
    this.committing = false;
  }

  private async commitAlone(batch: Waiting[]): Promise<void> {
    await Promise.all(
      batch.map((entry) => this.store.appendMany([entry]).then(entry.committed, entry.failed)),
    );
  }
}
