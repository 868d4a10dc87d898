import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { RECORD_KINDS, RecordKind } from '../domain';
import { IsDicomUid } from './clinical-validators';

export class DicomReferenceDto {
  @ApiProperty({ example: '1.2.840.113619.2.55.3.604688119.971.1700000000.1' })
  @IsDicomUid()
  studyInstanceUid!: string;

  @ApiProperty({ example: 'CT', description: 'DICOM modality code' })
  @Matches(/^[A-Z]{2,4}$/, { message: 'modality must be a DICOM modality code such as CT, MR, PT' })
  modality!: string;

  @ApiPropertyOptional({ example: 'https://pacs.hospital.example/dicomweb/studies/1.2.840...' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  url?: string;
}

export class RecordReferenceDto {
  @ApiProperty({ enum: RECORD_KINDS })
  @IsIn(RECORD_KINDS)
  kind!: RecordKind;

  @ApiProperty({ example: 'CT chest/abdomen/pelvis with contrast' })
  @IsString()
  @Length(2, 300)
  title!: string;

  @ApiPropertyOptional({ example: '2026-11-02' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'recordDate must be a date like 2026-11-02' })
  recordDate?: string;

  @ApiPropertyOptional({ example: 'Radiology department PACS' })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  source?: string;

  @ApiPropertyOptional({ type: DicomReferenceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DicomReferenceDto)
  dicom?: DicomReferenceDto;
}

/** The form fields sent with a multipart upload (`file` is the part with the document). */
export class RecordUploadDto {
  @ApiProperty({ enum: RECORD_KINDS.filter((kind) => kind !== 'imaging_study') })
  @IsIn(RECORD_KINDS)
  kind!: RecordKind;

  @ApiProperty()
  @IsString()
  @Length(2, 300)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'recordDate must be a date like 2026-11-02' })
  recordDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 300)
  source?: string;
}
