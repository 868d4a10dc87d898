import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsOmittable } from '@app/core';
import { RECORD_KINDS, ReadinessCriterion, RecordKind } from '../domain';

export class AddAgendaItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  caseId!: string;

  @ApiProperty({ minimum: 1, maximum: 240, example: 10 })
  @IsInt()
  @Min(1)
  @Max(240)
  minutesAllotted!: number;

  @ApiProperty({ format: 'uuid', description: 'A board member who presents the case' })
  @IsUUID()
  presenterId!: string;

  @ApiPropertyOptional({
    description: 'Required to add a case that is not ready; recorded and audited',
  })
  @IsOptional()
  @IsString()
  @Length(5, 1000)
  overrideReason?: string;
}

export class ReorderAgendaDto {
  @ApiProperty({
    type: [String],
    description: 'Every current (non-deferred) item id, in the new order',
  })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID(undefined, { each: true })
  itemIds!: string[];
}

export class UpdateAgendaItemDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 240 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(240)
  minutesAllotted?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  presenterId?: string;
}

export class AgendaItemStatusDto {
  @ApiProperty({ enum: ['pending', 'in_discussion', 'discussed'] })
  @IsIn(['pending', 'in_discussion', 'discussed'])
  status!: 'pending' | 'in_discussion' | 'discussed';
}

export class DeferAgendaItemDto {
  @ApiPropertyOptional({ example: 'Awaiting PET-CT' })
  @IsOptional()
  @IsString()
  @Length(2, 1000)
  reason?: string;
}

const CRITERION_KINDS = [
  'record_present',
  'recent_record',
  'staging_complete',
  'question_stated',
  'diagnosis_coded',
  'ecog_recorded',
] as const;

export class ReadinessCriterionDto {
  @ApiProperty({ enum: CRITERION_KINDS })
  @IsIn(CRITERION_KINDS)
  kind!: (typeof CRITERION_KINDS)[number];

  @ApiPropertyOptional({ enum: RECORD_KINDS, description: 'For record_present and recent_record' })
  @ValidateIf(
    (c: ReadinessCriterionDto) =>
      c.kind === 'record_present' || c.kind === 'recent_record' || c.recordKind !== undefined,
  )
  @IsIn(RECORD_KINDS)
  recordKind?: RecordKind;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, description: 'For recent_record' })
  @ValidateIf(
    (c: ReadinessCriterionDto) => c.kind === 'recent_record' || c.withinDays !== undefined,
  )
  @IsInt()
  @Min(1)
  @Max(3650)
  withinDays?: number;

  @ApiPropertyOptional({ example: 'PET-CT within 6 weeks' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  label?: string;
}

export class ReadinessTemplateDto {
  @ApiProperty({ type: [ReadinessCriterionDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ReadinessCriterionDto)
  criteria!: ReadinessCriterionDto[];
}

export function toCriterion(dto: ReadinessCriterionDto): ReadinessCriterion {
  const label = dto.label ? { label: dto.label } : {};
  switch (dto.kind) {
    case 'record_present':
      return { kind: dto.kind, recordKind: dto.recordKind as RecordKind, ...label };
    case 'recent_record':
      return {
        kind: dto.kind,
        recordKind: dto.recordKind as RecordKind,
        withinDays: dto.withinDays as number,
        ...label,
      };
    default:
      return { kind: dto.kind, ...label };
  }
}
