import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

export class GuidelineReferenceDto {
  @ApiProperty({ example: 'NCCN NSCLC v3.2026, NSCL-7' })
  @IsString()
  @Length(1, 500)
  citation!: string;

  @ApiProperty({ example: '2A' })
  @IsString()
  @Length(1, 50)
  evidenceCategory!: string;
}

export class TrialReferralDto {
  @ApiProperty({ example: 'NCT01234567' })
  @Matches(/^NCT\d{8}$/, { message: 'nctId must be NCT followed by 8 digits' })
  nctId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;
}

export class RecommendationDto {
  @ApiProperty()
  @IsString()
  @Length(1, 10_000)
  rationale!: string;

  @ApiProperty({ type: GuidelineReferenceDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GuidelineReferenceDto)
  guidelineReferences!: GuidelineReferenceDto[];

  @ApiProperty({ type: TrialReferralDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TrialReferralDto)
  trialReferrals!: TrialReferralDto[];
}

/** Exactly one proof: the password, or a confirmation at the identity provider. */
export class SignRecommendationDto {
  @ApiPropertyOptional({
    description:
      'The chair re-enters their password to sign; a wrong one is refused with 400 on this field',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  password?: string;

  @ApiPropertyOptional({
    enum: ['provider'],
    description:
      'Instead of the password: take the confirmation at the identity provider made for this ' +
      'recommendation in this session (`POST /auth/reauthentication`); without one, 409 ' +
      '`reauthentication_required`',
  })
  @IsOptional()
  @IsIn(['provider'])
  reauthentication?: 'provider';
}

export class AmendRecommendationDto {
  @ApiProperty()
  @IsString()
  @Length(3, 1000)
  reason!: string;
}
