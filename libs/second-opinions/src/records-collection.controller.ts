import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  ParseUUIDPipe,
  Post,
  StreamableFile,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  RecordChecklistView,
  SecondOpinionRecordView,
  UploadLinkRequestView,
  UploadLinkView,
} from '@app/contracts';
import { AuthenticatedUser, CurrentUser, Public } from '@app/auth';
import { ALLOWED_UPLOAD_TYPES, recordAttachment } from '@app/cases';
import { Returns, ReturnsFile } from '@app/openapi';
import { LinkUploadDto, RecordWaiverDto, UploadLinkDto } from './dto/records.dto';
import { RecordsCollectionService } from './records-collection.service';
import { UploadLinksService, UploadedDocument } from './upload-links.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('second opinions')
@ApiBearerAuth()
@Controller('second-opinions/:id')
export class RecordsCollectionController {
  constructor(
    private readonly records: RecordsCollectionService,
    private readonly uploadLinks: UploadLinksService,
  ) {}

  @Get('records')
  @Returns('RecordChecklistView')
  checklist(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<RecordChecklistView> {
    return this.records.checklist(user, id);
  }

  /** Streams a record's file to a coordinator or a cleared reviewer; audited before the first byte. */
  @Get('records/:recordId/file')
  @Header('cache-control', 'no-store')
  @ReturnsFile(ALLOWED_UPLOAD_TYPES, { description: "The record's file, as received" })
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Param('recordId', uuid) recordId: string,
  ): Promise<StreamableFile> {
    return recordAttachment(await this.records.download(user, id, recordId));
  }

  /** Coordinators: go ahead without a required record that does not exist or cannot be had. */
  @Post('records/waivers')
  @Returns('RecordChecklistView', { status: 201 })
  waive(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: RecordWaiverDto,
  ): Promise<RecordChecklistView> {
    return this.records.waive(user, id, body.kind, body.reason);
  }

  /** A single-purpose, expiring upload link for the referrer (shown once). */
  @Post('upload-links')
  @Returns('UploadLinkView', {
    status: 201,
    description: 'The link, with its URL (shown this once)',
  })
  createLink(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: UploadLinkDto,
  ): Promise<UploadLinkView> {
    return this.uploadLinks.create(user, id, body.kind, body.hours);
  }
}

/** The referrer's side: no account, only the link's token. */
@ApiTags('second opinions')
@Public()
@UseGuards(ThrottlerGuard)
@Controller('uploads/:token')
export class ReferrerUploadsController {
  constructor(private readonly uploadLinks: UploadLinksService) {}

  @Get()
  @Returns('UploadLinkRequestView')
  open(@Param('token') token: string): Promise<UploadLinkRequestView> {
    return this.uploadLinks.open(token);
  }

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'title'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG' },
        title: { type: 'string' },
      },
    },
  })
  @UseInterceptors(FileInterceptor('file'))
  @Returns('SecondOpinionRecordView', { status: 201 })
  upload(
    @Param('token') token: string,
    @Body() body: LinkUploadDto,
    @UploadedFile() file: UploadedDocument | undefined,
  ): Promise<SecondOpinionRecordView> {
    return this.uploadLinks.upload(token, body.title, file);
  }
}
