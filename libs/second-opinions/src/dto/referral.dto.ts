import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConsentScope, PatientSex, SecondOpinionType } from '@app/contracts';

export class PatientDto {
  @ApiProperty({
    description: 'Pseudonym: never a name or a medical record number',
    example: 'SO-PT-0042',
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$/, {
    message: 'reference must be a pseudonym of 2–40 letters, digits, dots, dashes or underscores',
  })
  reference!: string;

  @ApiProperty({ example: 1961 })
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear!: number;

  @ApiProperty({ enum: ['female', 'male', 'other', 'unknown'] })
  @IsIn(['female', 'male', 'other', 'unknown'])
  sex!: PatientSex;
}

export class ReferrerDto {
  @ApiProperty({ example: 'Dr M. Rossi' })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ example: 'Ospedale San Carlo, Milano' })
  @IsString()
  @Length(2, 300)
  institution!: string;

  @ApiProperty({ example: 'm.rossi@sancarlo.example' })
  @IsEmail()
  email!: string;
}

export class FirstOpinionRecordDto {
  @ApiProperty()
  @IsString()
  @Length(2, 2000)
  diagnosis!: string;

  @ApiPropertyOptional({ example: 'cT2aN2M0, stage IIIA (AJCC 8)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  stage?: string;

  @ApiProperty()
  @IsString()
  @Length(2, 4000)
  proposedTreatment!: string;

  @ApiProperty()
  @IsString()
  @Length(2, 300)
  institution!: string;

  @ApiProperty()
  @IsString()
  @Length(2, 200)
  physician!: string;
}

export class ConsentDto {
  @ApiProperty({ enum: ['patient', 'legal_representative'] })
  @IsIn(['patient', 'legal_representative'])
  grantedBy!: 'patient' | 'legal_representative';

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  grantedAt!: string;

  @ApiProperty({
    enum: ['share_records', 'process_records', 'international_transfer'],
    isArray: true,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(['share_records', 'process_records', 'international_transfer'], { each: true })
  scope!: ConsentScope[];
}

export class PayerDto {
  @ApiProperty({ example: 'Self-pay' })
  @IsString()
  @Length(2, 200)
  payer!: string;

  @ApiProperty()
  @IsBoolean()
  coverageVerified!: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  authorizationNumber?: string;
}

export class ReferralIntakeDto {
  @ApiProperty({
    enum: ['diagnosis_review', 'treatment_plan', 'pathology_review', 'imaging_review'],
  })
  @IsIn(['diagnosis_review', 'treatment_plan', 'pathology_review', 'imaging_review'])
  type!: SecondOpinionType;

  @ApiProperty({
    enum: ['routine', 'urgent', 'emergent'],
    description: 'Emergent cases are refused: they belong in emergency care, not a second opinion',
  })
  @IsIn(['routine', 'urgent', 'emergent'])
  priority!: 'routine' | 'urgent' | 'emergent';

  @ApiProperty({ type: PatientDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PatientDto)
  patient!: PatientDto;

  @ApiProperty({ description: 'BCP 47 language tag', example: 'it' })
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
    message: 'preferredLanguage must be a BCP 47 tag, e.g. "it" or "pt-BR"',
  })
  preferredLanguage!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'IT' })
  @IsISO31661Alpha2()
  country!: string;

  @ApiProperty({ description: 'IANA time zone', example: 'Europe/Rome' })
  @IsString()
  @Length(3, 64)
  timezone!: string;

  @ApiProperty()
  @IsString()
  @Length(5, 4000)
  question!: string;

  @ApiProperty({ type: ReferrerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReferrerDto)
  referrer!: ReferrerDto;

  @ApiProperty({ type: FirstOpinionRecordDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => FirstOpinionRecordDto)
  firstOpinion!: FirstOpinionRecordDto;

  @ApiProperty({ type: ConsentDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent!: ConsentDto;

  @ApiProperty({ type: PayerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PayerDto)
  payer!: PayerDto;

  @ApiPropertyOptional({
    description:
      'Follow-up questions the referrer may ask after delivery (default: SECOND_OPINION_FOLLOW_UP_QUESTIONS)',
    minimum: 0,
    maximum: 20,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  followUpQuestions?: number;
}

export class WithdrawConsentDto {
  @ApiProperty()
  @IsString()
  @Length(3, 1000)
  reason!: string;
}
