import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';

export class AssignReviewersDto {
  @ApiProperty({ type: [String], description: 'One specialist, or a panel' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  userIds!: string[];
}

export class AttestationDto {
  @ApiProperty({
    description:
      'True: I have no conflict of interest with this patient, the referrer or the first team',
  })
  @IsBoolean()
  noConflict!: boolean;
}

export class AssessmentDto {
  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  diagnosis!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  stage?: string;

  @ApiProperty()
  @IsString()
  @Length(2, 4000)
  recommendation!: string;

  @ApiProperty({
    type: [String],
    description: 'Alternatives considered, including non-surgical ones',
  })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(2, 1000, { each: true })
  alternatives!: string[];

  @ApiProperty()
  @IsString()
  @Length(2, 4000)
  risks!: string;

  @ApiProperty()
  @IsString()
  @Length(2, 4000)
  pros!: string;

  @ApiProperty()
  @IsString()
  @Length(2, 4000)
  cons!: string;
}

export class ConcordanceDto {
  @ApiProperty({ enum: ['confirmed', 'clarified', 'diagnosis_changed', 'treatment_changed'] })
  @IsIn(['confirmed', 'clarified', 'diagnosis_changed', 'treatment_changed'])
  classification!: string;

  @ApiPropertyOptional({ description: 'Required unless confirmed' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  rationale?: string;
}
