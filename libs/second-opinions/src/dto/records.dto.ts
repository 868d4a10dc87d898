import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class UploadLinkDto {
  @ApiProperty({ enum: ['pathology_report', 'radiology_report', 'clinical_note', 'other'] })
  @IsIn(['pathology_report', 'radiology_report', 'lab', 'genomics', 'clinical_note', 'other'])
  kind!: 'pathology_report' | 'radiology_report' | 'lab' | 'genomics' | 'clinical_note' | 'other';

  @ApiPropertyOptional({ description: 'Hours the link stays valid (default 72, at most 168)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  hours?: number;
}

export class RecordWaiverDto {
  @ApiProperty({ enum: ['pathology_report', 'radiology_report', 'clinical_note'] })
  @IsIn(['pathology_report', 'radiology_report', 'clinical_note'])
  kind!: 'pathology_report' | 'radiology_report' | 'clinical_note';

  @ApiProperty({ example: 'Diagnosis made on cytology only: no histology report exists' })
  @IsString()
  @Length(5, 1000)
  reason!: string;
}

export class LinkUploadDto {
  @ApiProperty({ example: 'Pathology report, EBUS-TBNA station 4R' })
  @IsString()
  @Length(2, 200)
  title!: string;
}
