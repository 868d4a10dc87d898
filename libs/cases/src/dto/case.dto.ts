import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CaseFirstTreatmentStatus } from '@app/contracts';
import { AJCC_EDITIONS, M_CATEGORIES, N_CATEGORIES, STAGE_GROUPS, T_CATEGORIES } from '../domain';
import {
  EARLIEST_TREATMENT_DATE,
  IsFirstTreatmentDate,
  IsIcd10,
  IsIcdO3Morphology,
  IsIcdO3Topography,
} from './clinical-validators';

const FIRST_TREATMENT_STATUSES: readonly CaseFirstTreatmentStatus[] = ['not_started', 'started'];

export class FirstOpinionDto {
  @ApiProperty({ example: 'Adenocarcinoma of the right upper lobe, cT2aN2M0 (IIIA)' })
  @IsString()
  @Length(2, 2000)
  diagnosis!: string;

  @ApiProperty({ example: 'Lobectomy followed by adjuvant chemotherapy' })
  @IsString()
  @Length(2, 4000)
  recommendation!: string;
}

export class ReferralDto {
  @ApiProperty({ enum: ['internal', 'external_second_opinion'] })
  @IsIn(['internal', 'external_second_opinion'])
  type!: 'internal' | 'external_second_opinion';

  @ApiPropertyOptional({ example: 'Dr J. Moreau' })
  @ValidateIf(
    (referral: ReferralDto) =>
      referral.type === 'external_second_opinion' || referral.referringPhysician !== undefined,
  )
  @IsString()
  @Length(2, 200)
  referringPhysician?: string;

  @ApiPropertyOptional({ example: 'Regional Hospital' })
  @ValidateIf(
    (referral: ReferralDto) =>
      referral.type === 'external_second_opinion' || referral.referringInstitution !== undefined,
  )
  @IsString()
  @Length(2, 200)
  referringInstitution?: string;

  @ApiPropertyOptional({ type: FirstOpinionDto })
  @ValidateIf(
    (referral: ReferralDto) =>
      referral.type === 'external_second_opinion' || referral.firstOpinion !== undefined,
  )
  @IsDefined()
  @ValidateNested()
  @Type(() => FirstOpinionDto)
  firstOpinion?: FirstOpinionDto;
}

export class DiagnosisDto {
  @ApiPropertyOptional({ example: 'Right upper lobe, lung' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  primarySite?: string;

  @ApiPropertyOptional({ example: 'Adenocarcinoma, acinar predominant' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  histology?: string;

  @ApiPropertyOptional({ example: 'C34.1' })
  @IsOptional()
  @IsIcd10()
  icd10?: string;

  @ApiPropertyOptional({ example: 'C34.1' })
  @IsOptional()
  @IsIcdO3Topography()
  icdO3Topography?: string;

  @ApiPropertyOptional({ example: '8140/3' })
  @IsOptional()
  @IsIcdO3Morphology()
  icdO3Morphology?: string;

  @ApiPropertyOptional({ example: '2026-10-02' })
  @IsOptional()
  @IsISO8601({ strict: true })
  diagnosedOn?: string;

  @ApiPropertyOptional({ enum: ['left', 'right', 'bilateral', 'not_applicable'] })
  @IsOptional()
  @IsIn(['left', 'right', 'bilateral', 'not_applicable'])
  laterality?: 'left' | 'right' | 'bilateral' | 'not_applicable';
}

export class TnmDto {
  @ApiPropertyOptional({ enum: T_CATEGORIES })
  @IsOptional()
  @IsIn(T_CATEGORIES)
  t?: string;

  @ApiPropertyOptional({ enum: N_CATEGORIES })
  @IsOptional()
  @IsIn(N_CATEGORIES)
  n?: string;

  @ApiPropertyOptional({ enum: M_CATEGORIES })
  @IsOptional()
  @IsIn(M_CATEGORIES)
  m?: string;

  @ApiPropertyOptional({ enum: STAGE_GROUPS })
  @IsOptional()
  @IsIn(STAGE_GROUPS)
  stageGroup?: string;
}

export class StagingDto {
  @ApiProperty({ enum: AJCC_EDITIONS, example: 8 })
  @IsIn(AJCC_EDITIONS)
  edition!: 7 | 8 | 9;

  @ApiPropertyOptional({ type: TnmDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TnmDto)
  clinical?: TnmDto;

  @ApiPropertyOptional({ type: TnmDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TnmDto)
  pathological?: TnmDto;
}

export class BiomarkerDto {
  @ApiProperty({ example: 'EGFR' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: 'exon 19 deletion detected' })
  @IsString()
  @Length(1, 500)
  result!: string;

  @ApiPropertyOptional({ example: 'NGS (tissue)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  method?: string;
}

/** Whether the patient's first cancer-directed treatment has begun, and when. */
export class FirstTreatmentDto {
  @ApiProperty({ enum: FIRST_TREATMENT_STATUSES })
  @IsIn(FIRST_TREATMENT_STATUSES)
  status!: CaseFirstTreatmentStatus;

  @ApiPropertyOptional({
    example: '2026-10-20',
    description:
      'The local date the first treatment began: required when started, and then only; ' +
      `from ${EARLIEST_TREATMENT_DATE}, not in the future`,
  })
  @IsFirstTreatmentDate()
  startedOn?: string;
}

class CaseFieldsDto {
  @ApiPropertyOptional({ type: DiagnosisDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DiagnosisDto)
  diagnosis?: DiagnosisDto;

  @ApiPropertyOptional({ type: StagingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StagingDto)
  staging?: StagingDto;

  @ApiPropertyOptional({ type: [BiomarkerDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BiomarkerDto)
  biomarkers?: BiomarkerDto[];

  @ApiPropertyOptional({ minimum: 0, maximum: 4 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(4)
  ecog?: number;

  @ApiPropertyOptional({ example: 'Is she a candidate for neoadjuvant chemo-immunotherapy?' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  question?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  clinicalSummary?: string;

  @ApiPropertyOptional({ enum: ['routine', 'urgent', 'emergent'] })
  @IsOptional()
  @IsIn(['routine', 'urgent', 'emergent'])
  priority?: 'routine' | 'urgent' | 'emergent';

  @ApiPropertyOptional({ example: '2026-12-15' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date like 2026-12-15' })
  dueDate?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A board member who will present the case' })
  @IsOptional()
  @IsUUID()
  presenterId?: string;

  @ApiPropertyOptional({
    type: FirstTreatmentDto,
    nullable: true,
    description:
      'Whether the first cancer-directed treatment has begun; null or left out: not recorded. ' +
      'On an update, null erases the record and leaving it out keeps it. It can be recorded ' +
      'even once the recommendation is published.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FirstTreatmentDto)
  firstTreatment?: FirstTreatmentDto | null;
}

export class CreateCaseDto extends CaseFieldsDto {
  @ApiProperty({
    example: 'THX-2026-014',
    description: 'Pseudonymous patient reference, unique on the board',
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/, {
    message: 'patientRef must be 3-40 letters, digits, dots, dashes or underscores',
  })
  patientRef!: string;

  @ApiPropertyOptional({
    example: '00123456',
    description: 'Medical record number, encrypted at rest',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'mrn must be 1-32 letters, digits or dashes' })
  mrn?: string;

  @ApiProperty({ example: 1961 })
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear!: number;

  @ApiProperty({ enum: ['female', 'male', 'other', 'unknown'] })
  @IsIn(['female', 'male', 'other', 'unknown'])
  sex!: 'female' | 'male' | 'other' | 'unknown';

  @ApiProperty({ type: ReferralDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReferralDto)
  referral!: ReferralDto;
}

export class UpdateCaseDto extends CaseFieldsDto {
  @ApiPropertyOptional({ type: ReferralDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralDto)
  referral?: ReferralDto;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'mrn must be 1-32 letters, digits or dashes' })
  mrn?: string;

  @ApiProperty({
    description: 'The version you edited (optimistic concurrency): 409 if someone saved in between',
  })
  @IsInt()
  @Min(1)
  version!: number;
}

export class CaseStatusDto {
  @ApiProperty({ enum: ['draft', 'ready', 'withdrawn'] })
  @IsIn(['draft', 'ready', 'withdrawn'])
  status!: 'draft' | 'ready' | 'withdrawn';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 1000)
  reason?: string;
}

export class CaseListQuery {
  @ApiPropertyOptional({
    enum: [
      'draft',
      'ready',
      'scheduled',
      'discussed',
      'recommendation_published',
      'deferred',
      'withdrawn',
    ],
  })
  @IsOptional()
  @IsIn([
    'draft',
    'ready',
    'scheduled',
    'discussed',
    'recommendation_published',
    'deferred',
    'withdrawn',
  ])
  status?: string;

  @ApiPropertyOptional({ enum: ['routine', 'urgent', 'emergent'] })
  @IsOptional()
  @IsIn(['routine', 'urgent', 'emergent'])
  priority?: string;
}

export class DeclareConflictDto {
  @ApiProperty({ example: 'I treated this patient privately in 2024' })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}
