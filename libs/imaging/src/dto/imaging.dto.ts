import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  DICOM_UID_MAX_LENGTH,
  DICOM_UID_PATTERN,
  FRAME_LIST_PATTERN,
  STUDY_SEARCH_DEFAULT_LIMIT,
  STUDY_SEARCH_MAX_LIMIT,
} from '../domain';

const UID_MESSAGE = (field: string) =>
  `${field} must be a DICOM UID (digits and dots, at most ${DICOM_UID_MAX_LENGTH} characters)`;
const SOURCE_ID = /^[a-z][a-z0-9-]{0,30}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A PACS search for a study to link to the case. */
export class StudySearchDto {
  @ApiPropertyOptional({
    description:
      "A source id of GET /imaging/sources; default: the case's board's source (GET /imaging/boards/:boardId/source)",
  })
  @IsOptional()
  @Matches(SOURCE_ID, { message: 'sourceId must be a source id of GET /imaging/sources' })
  sourceId?: string;

  @ApiPropertyOptional({
    example: 'SYN-0001',
    description: 'The PACS patient id (`*` and `?` as wildcards)',
  })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9 ._\-^*?/]+$/, {
    message: 'patientId may hold letters, digits, spaces and . _ - ^ / and the wildcards * ?',
  })
  patientId?: string;

  @ApiPropertyOptional({ example: 'ACC0001' })
  @IsOptional()
  @MaxLength(16)
  @Matches(/^[A-Za-z0-9 ._\-/*?]+$/, {
    message: 'accessionNumber may hold letters, digits, spaces and . _ - / and the wildcards * ?',
  })
  accessionNumber?: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_DATE, { message: 'studyDateFrom must be a date like 2026-01-01' })
  studyDateFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(ISO_DATE, { message: 'studyDateTo must be a date like 2026-12-31' })
  studyDateTo?: string;

  @ApiPropertyOptional({ example: 'CT', description: 'DICOM modality code' })
  @IsOptional()
  @Matches(/^[A-Z]{2,4}$/, { message: 'modality must be a DICOM modality code such as CT, MR, PT' })
  modality?: string;

  @ApiPropertyOptional({ default: STUDY_SEARCH_DEFAULT_LIMIT, maximum: STUDY_SEARCH_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(STUDY_SEARCH_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: 10_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  offset?: number;
}

/** A study chosen from a search result. */
export class LinkStudyDto {
  @ApiProperty({ example: 'pacs', description: 'The source id the search result came from' })
  @Matches(SOURCE_ID, { message: 'sourceId must be a source id of GET /imaging/sources' })
  sourceId!: string;

  @ApiProperty({ example: '2.25.1234567890.1' })
  @MaxLength(DICOM_UID_MAX_LENGTH)
  @Matches(DICOM_UID_PATTERN, { message: UID_MESSAGE('studyInstanceUid') })
  studyInstanceUid!: string;
}

/** The source a board's PACS searches use. */
export class BoardSourceDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'pacs',
    description: "A source id of GET /imaging/sources, or null for the deployment's default source",
  })
  @ValidateIf((body: BoardSourceDto) => body.sourceId !== null)
  @IsDefined({ message: 'sourceId is required: a source id of GET /imaging/sources, or null' })
  @Matches(SOURCE_ID, { message: 'sourceId must be a source id of GET /imaging/sources, or null' })
  sourceId!: string | null;
}

export class CaseParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  caseId!: string;
}

export class StudyParams extends CaseParams {
  @ApiProperty({ example: '2.25.1234567890.1' })
  @MaxLength(DICOM_UID_MAX_LENGTH)
  @Matches(DICOM_UID_PATTERN, { message: UID_MESSAGE('studyUid') })
  studyUid!: string;
}

export class SeriesParams extends StudyParams {
  @ApiProperty({ example: '2.25.1234567890.2' })
  @MaxLength(DICOM_UID_MAX_LENGTH)
  @Matches(DICOM_UID_PATTERN, { message: UID_MESSAGE('seriesUid') })
  seriesUid!: string;
}

export class InstanceParams extends SeriesParams {
  @ApiProperty({ example: '2.25.1234567890.4.1' })
  @MaxLength(DICOM_UID_MAX_LENGTH)
  @Matches(DICOM_UID_PATTERN, { message: UID_MESSAGE('instanceUid') })
  instanceUid!: string;
}

export class FramesParams extends InstanceParams {
  @ApiProperty({ example: '1', description: 'Frame numbers from 1, comma-separated, at most 64' })
  @Matches(FRAME_LIST_PATTERN, {
    message: 'frames must be frame numbers from 1, comma-separated, at most 64 of them',
  })
  frames!: string;
}

/** How a rendered image is drawn (WADO-RS rendered parameters). */
export class RenderedQueryDto {
  @ApiPropertyOptional({ example: '40,400,linear', description: 'center,width[,linear|sigmoid]' })
  @IsOptional()
  @Matches(/^-?\d{1,6}(\.\d{1,4})?,\d{1,6}(\.\d{1,4})?(,(linear|sigmoid))?$/, {
    message: 'window must be center,width with an optional ,linear or ,sigmoid',
  })
  window?: string;

  @ApiPropertyOptional({ example: '128,128', description: 'width,height in pixels, at most 2048' })
  @IsOptional()
  @Matches(/^([1-9]\d{0,2}|1\d{3}|20[0-3]\d|204[0-8]),([1-9]\d{0,2}|1\d{3}|20[0-3]\d|204[0-8])$/, {
    message: 'viewport must be width,height in pixels from 1 to 2048',
  })
  viewport?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  quality?: number;
}
