import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CollabServer } from './collab.server';
import { NotesController } from './notes.controller';
import { NotesHealthIndicator } from './notes.health';
import { NOTES_SETTINGS, NotesSettings } from './notes-settings';
import { NoteDocumentRepository } from './note-document.repository';
import { NoteWrites } from './note-writes';
import { NoteSnapshotRepository } from './note-snapshot.repository';
import { NotesService } from './notes.service';

@Module({})
export class NotesModule {
  static register(settings: NotesSettings): DynamicModule {
    return {
      module: NotesModule,
      // Global: the recommendation freezes the case's notes through NotesService.
      global: true,
      imports: [TerminusModule],
      controllers: [NotesController],
      providers: [
        { provide: NOTES_SETTINGS, useValue: settings },
        NoteDocumentRepository,
        NoteWrites,
        NoteSnapshotRepository,
        NotesService,
        CollabServer,
        NotesHealthIndicator,
      ],
      // CollabServer: the application's metrics read its status.
      exports: [NotesHealthIndicator, NotesService, CollabServer],
    };
  }
}
