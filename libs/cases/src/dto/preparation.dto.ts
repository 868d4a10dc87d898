import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import {
  PREPARATION_KINDS,
  PREPARATION_WORKLIST_FILTERS,
  PreparationKind,
  PreparationWorklistFilter,
  Specialty,
} from '@app/contracts';
import { CANCEL_REASON_LENGTH, FINDING_LENGTH, QUESTION_LENGTH } from '../domain';

export class CreatePreparationRequestDto {
  @ApiProperty({ enum: Specialty, description: 'The specialty asked to prepare the case' })
  @IsEnum(Specialty)
  specialty!: Specialty;

  @ApiProperty({
    enum: PREPARATION_KINDS,
    description:
      'imaging_review: radiology or nuclear medicine; pathology_review: pathology; ' +
      'specialty_review: any specialty',
  })
  @IsIn(PREPARATION_KINDS)
  kind!: PreparationKind;

  @ApiProperty({
    example: 'Please re-read the PET-CT: is the contralateral mediastinal node involved?',
    minLength: QUESTION_LENGTH.min,
    maxLength: QUESTION_LENGTH.max,
  })
  @IsString()
  @Length(QUESTION_LENGTH.min, QUESTION_LENGTH.max)
  question!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A board member of that specialty (not an observer) to ask by name',
  })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}

export class CompletePreparationRequestDto {
  @ApiProperty({
    example: 'Station 4L node 14 mm, FDG-avid (SUVmax 6.2): suspicious for N3 disease.',
    minLength: FINDING_LENGTH.min,
    maxLength: FINDING_LENGTH.max,
  })
  @IsString()
  @Length(FINDING_LENGTH.min, FINDING_LENGTH.max)
  finding!: string;
}

export class CancelPreparationRequestDto {
  @ApiProperty({
    example: 'Imaging already reviewed at the outside institution',
    minLength: CANCEL_REASON_LENGTH.min,
    maxLength: CANCEL_REASON_LENGTH.max,
  })
  @IsString()
  @Length(CANCEL_REASON_LENGTH.min, CANCEL_REASON_LENGTH.max)
  reason!: string;
}

export class PreparationWorklistQuery {
  @ApiPropertyOptional({
    enum: PREPARATION_WORKLIST_FILTERS,
    default: 'open',
    description: 'open: still to do; done: completed; all: whatever their status',
  })
  @IsOptional()
  @IsIn(PREPARATION_WORKLIST_FILTERS)
  status?: PreparationWorklistFilter;
}
