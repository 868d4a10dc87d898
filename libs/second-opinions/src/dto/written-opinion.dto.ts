import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { AssessmentDto, ConcordanceDto } from './review.dto';

/** A panel's conclusion: its recommendation is the option the panel decided by vote. */
export class PanelConclusionDto extends OmitType(AssessmentDto, ['recommendation'] as const) {}

export class DeliverOpinionDto {
  @ApiProperty({
    description: 'The opinion in plain words for the patient, in their preferred language',
  })
  @IsString()
  @Length(20, 8000)
  patientSummary!: string;

  @ApiPropertyOptional({
    type: PanelConclusionDto,
    description:
      'A panel’s conclusion, its recommendation being the option it decided (required for a panel; ' +
      'a single specialist’s opinion is their own assessment)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PanelConclusionDto)
  conclusion?: PanelConclusionDto;

  @ApiPropertyOptional({ type: ConcordanceDto, description: 'A panel’s concordance class' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConcordanceDto)
  concordance?: ConcordanceDto;
}

export class CorrectOpinionDto {
  @ApiProperty({ description: 'Why this version replaces the previous one' })
  @IsString()
  @Length(3, 1000)
  reason!: string;

  @ApiProperty({ description: 'The corrected plain-language summary for the patient' })
  @IsString()
  @Length(20, 8000)
  patientSummary!: string;
}

export class OpinionVersionQueryDto {
  @ApiPropertyOptional({ description: 'A version number; the latest if left out', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  version?: number;
}
