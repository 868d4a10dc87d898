import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { OutcomeFollowUpStatus } from '@app/contracts';
import { ADHERENCE_LEVELS, DEVIATION_REASONS } from '../domain';

const STATUSES: OutcomeFollowUpStatus[] = ['overdue', 'due', 'upcoming', 'done'];

/**
 * One follow-up's outcome. Only shapes are checked here: which adherence levels and reasons
 * exist, and which combinations are allowed, is the domain rule's to say (with its refusal code).
 */
export class RecordOutcomeDto {
  @ApiProperty({
    example: 30,
    description: 'Which follow-up: one of the configured intervals, in days after publication',
  })
  @IsInt()
  @Min(1)
  @Max(9999)
  intervalDays!: number;

  @ApiProperty({ enum: [...ADHERENCE_LEVELS] })
  @IsString()
  @MaxLength(40)
  adherence!: string;

  @ApiPropertyOptional({
    enum: [...DEVIATION_REASONS],
    nullable: true,
    description: 'Required unless implemented fully, and then not allowed',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  deviationReason?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Required with the reason "other"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  deviationDetail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  outcomeNotes?: string | null;
}

export class OutcomeScheduleQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Evaluate the schedule at this instant (default now; at most 730 days away)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class BoardOutcomeFollowUpsQueryDto extends OutcomeScheduleQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, description: '`overdue` lists the overdue follow-ups' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: OutcomeFollowUpStatus;
}
