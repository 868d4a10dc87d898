import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  BoardImagingSourceView,
  CaseRecordView,
  ImagingSourceView,
  ImagingStudyMatch,
} from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { BoardImagingSources } from './board-imaging-sources.service';
import { BoardSourceDto, LinkStudyDto, StudySearchDto } from './dto/imaging.dto';
import { ImagingStudiesService } from './imaging-studies.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('imaging')
@ApiBearerAuth()
@Controller('imaging')
export class ImagingController {
  constructor(
    private readonly studies: ImagingStudiesService,
    private readonly boardSources: BoardImagingSources,
  ) {}

  /** The configured DICOMweb sources: ids and names only. */
  @Get('sources')
  @Returns('ImagingSourceView', { array: true })
  sources(): Promise<ImagingSourceView[]> {
    return Promise.resolve(this.studies.listSources());
  }

  /** The source the board's PACS searches use, and the board's own choice (any member). */
  @Get('boards/:boardId/source')
  @Returns('BoardImagingSourceView')
  boardSource(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<BoardImagingSourceView> {
    return this.boardSources.view(user, boardId);
  }

  /** Chooses the board's source, or null for the default (coordinators, admins); audited. */
  @Put('boards/:boardId/source')
  @Returns('BoardImagingSourceView')
  chooseBoardSource(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: BoardSourceDto,
  ): Promise<BoardImagingSourceView> {
    return this.boardSources.choose(user, boardId, body.sourceId);
  }

  /** Searches a PACS for studies to link to the case (its presenter, the chair, coordinators). */
  @Get('cases/:caseId/study-search')
  @Returns('ImagingStudyMatch', { array: true })
  search(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Query() query: StudySearchDto,
  ): Promise<ImagingStudyMatch[]> {
    return this.studies.search(user, caseId, query);
  }

  /** Links a study from a search result to the case, as an imaging study record. */
  @Post('cases/:caseId/studies')
  @Returns('CaseRecordView', { status: 201 })
  link(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Body() body: LinkStudyDto,
  ): Promise<CaseRecordView> {
    return this.studies.link(user, caseId, body);
  }
}
