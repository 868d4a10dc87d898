import { Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NoteSnapshotView, NotesView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { NotesService } from './notes.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('notes')
@ApiBearerAuth()
@Controller()
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  /** The case discussion's current text, as Markdown and as sections (audited). */
  @Get('cases/:caseId/notes')
  @Returns('NotesView')
  caseNotes(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<NotesView> {
    return this.notes.read(user, 'cases', caseId);
  }

  @Post('cases/:caseId/notes/snapshots')
  @Returns('NoteSnapshotView', { status: 201 })
  snapshotCase(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<NoteSnapshotView> {
    return this.notes.snapshot(user, 'cases', caseId);
  }

  @Get('cases/:caseId/notes/snapshots')
  @Returns('NoteSnapshotView', { array: true })
  caseSnapshots(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<NoteSnapshotView[]> {
    return this.notes.snapshots(user, 'cases', caseId);
  }

  @Get('meetings/:meetingId/notes')
  @Returns('NotesView')
  meetingNotes(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
  ): Promise<NotesView> {
    return this.notes.read(user, 'meetings', meetingId);
  }

  @Post('meetings/:meetingId/notes/snapshots')
  @Returns('NoteSnapshotView', { status: 201 })
  snapshotMeeting(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
  ): Promise<NoteSnapshotView> {
    return this.notes.snapshot(user, 'meetings', meetingId);
  }
}
