import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OpenVoteDto } from '@app/voting';
import { AssessmentDto, ConcordanceDto } from './referral.dto';

export class PanelVoteDto extends OpenVoteDto {
  @ApiProperty({ format: 'date-time', description: 'Between 5 minutes and 30 days from now' })
  @IsISO8601({ strict: true })
  deadline!: string;
}

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

export class FollowUpQuestionDto {
  @ApiProperty({ example: 'Could the radiotherapy be given closer to home?' })
  @IsString()
  @Length(5, 4000)
  question!: string;
}

export class AnswerDto {
  @ApiProperty()
  @IsString()
  @Length(2, 8000)
  answer!: string;
}

export class ConsultationDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ minimum: 10, maximum: 240, example: 30 })
  @IsInt()
  @Min(10)
  @Max(240)
  durationMinutes!: number;

  @ApiProperty({
    description: 'Where: a video link or a place',
    example: 'Video call: https://meet.example.org/so-42',
  })
  @IsString()
  @Length(2, 500)
  location!: string;
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

export class QuestionParamsDto {
  @IsUUID()
  id!: string;

  @ApiProperty({ description: 'The question’s number', minimum: 1, maximum: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  number!: number;
}
