import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { TREATMENT_MODALITIES, TreatmentIntent, TreatmentModality } from '@app/contracts';

export class ProposedRecommendationDto {
  @ApiProperty({ example: 'Neoadjuvant chemo-immunotherapy, then lobectomy' })
  @IsString()
  @Length(1, 2000)
  text!: string;

  @ApiProperty({ enum: ['curative', 'palliative'] })
  @IsIn(['curative', 'palliative'])
  intent!: TreatmentIntent;

  @ApiProperty({ enum: TREATMENT_MODALITIES, isArray: true, description: 'In the order given' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TREATMENT_MODALITIES.length)
  @ArrayUnique()
  @IsIn(TREATMENT_MODALITIES, { each: true })
  modalities!: TreatmentModality[];

  @ApiPropertyOptional({ example: '3 cycles, then surgery within 6 weeks' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  sequence?: string;
}

export class OpenVoteDto {
  @ApiProperty({ example: 'What is the recommended treatment?' })
  @IsString()
  @Length(1, 1000)
  question!: string;

  @ApiProperty({ type: ProposedRecommendationDto, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => ProposedRecommendationDto)
  options!: ProposedRecommendationDto[];
}

export class OpenPanelVoteDto extends OpenVoteDto {
  @ApiProperty({ format: 'date-time', description: 'Between 5 minutes and 30 days from now' })
  @IsISO8601({ strict: true })
  deadline!: string;

  @ApiProperty({ type: [String], description: 'The named panel members' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  panelUserIds!: string[];
}

export class CastBallotDto {
  @ApiProperty({ description: 'An option id, or "abstain"' })
  @IsDefined()
  @Matches(/^(abstain|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'choice must be an option id or "abstain"',
  })
  choice!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;

  @ApiProperty({
    format: 'uuid',
    description: 'Your id for this submission: a retry with the same id is recorded once',
  })
  @IsUUID()
  submissionId!: string;
}

export class MinorityOpinionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  text!: string;
}

export class ExternalOpinionDto {
  @ApiProperty({ example: 'Comprehensive Cancer Centre, thoracic board' })
  @IsString()
  @Length(2, 300)
  institution!: string;

  @ApiProperty()
  @IsString()
  @Length(3, 2000)
  reason!: string;
}
