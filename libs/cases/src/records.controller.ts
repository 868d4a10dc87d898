import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CaseRecordView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns, ReturnsFile, ReturnsNothing } from '@app/openapi';
import { ALLOWED_UPLOAD_TYPES } from './domain';
import { recordAttachment } from './record-download';
import { RecordReferenceDto, RecordUploadDto } from './dto/record.dto';
import { RecordsService, UploadedFile as UploadedDocument } from './records.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('records')
@ApiBearerAuth()
@Controller('cases/:caseId/records')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  /** A record without a file: a DICOM imaging study reference or a document held elsewhere. */
  @Post()
  @Returns('CaseRecordView', { status: 201 })
  add(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Body() body: RecordReferenceDto,
  ): Promise<CaseRecordView> {
    return this.records.addReference(user, caseId, body);
  }

  /** Multipart upload of one PDF, PNG or JPEG in the `file` part. */
  @Post('upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind', 'title'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'PDF, PNG or JPEG; the bytes must match the declared type',
        },
        kind: {
          type: 'string',
          enum: [
            'pathology_report',
            'radiology_report',
            'lab',
            'genomics',
            'clinical_note',
            'other',
          ],
        },
        title: { type: 'string' },
        recordDate: { type: 'string', format: 'date' },
        source: { type: 'string' },
      },
    },
  })
  @UseInterceptors(FileInterceptor('file'))
  @Returns('CaseRecordView', { status: 201 })
  upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Body() body: RecordUploadDto,
    @UploadedFile() file: UploadedDocument | undefined,
  ): Promise<CaseRecordView> {
    return this.records.upload(user, caseId, body, file);
  }

  /** Streams the file; the download is audited before the first byte. */
  @Get(':recordId/file')
  @Header('cache-control', 'no-store')
  @ReturnsFile(ALLOWED_UPLOAD_TYPES, { description: "The record's file, as uploaded" })
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Param('recordId', uuid) recordId: string,
  ): Promise<StreamableFile> {
    return recordAttachment(await this.records.download(user, caseId, recordId));
  }

  @Delete(':recordId')
  @HttpCode(204)
  @ReturnsNothing()
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Param('recordId', uuid) recordId: string,
  ): Promise<void> {
    return this.records.remove(user, caseId, recordId);
  }
}
