import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsCalendarInstant } from '@app/core';

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export class ScheduleMeetingDto {
  @ApiProperty({ example: 'Weekly thoracic board' })
  @IsString()
  @Length(2, 200)
  title!: string;

  @ApiProperty({
    example: '2026-12-01T07:30',
    description: "Wall-clock start in the board's timezone",
  })
  @Matches(LOCAL_DATE_TIME, {
    message: 'startLocal must be a local date-time like 2026-12-01T07:30',
  })
  startLocal!: string;

  @ApiProperty({ example: 60, minimum: 5, maximum: 720 })
  @IsInt()
  @Min(5)
  @Max(720)
  durationMinutes!: number;

  @ApiPropertyOptional({
    example: 'FREQ=WEEKLY;BYDAY=TU',
    description: 'RFC 5545 RRULE; omit for a single meeting',
  })
  @IsOptional()
  @IsString()
  @Length(8, 500)
  rrule?: string;

  @ApiPropertyOptional({
    default: 182,
    minimum: 7,
    maximum: 730,
    description: 'Days of a recurring series to schedule now',
  })
  @IsOptional()
  @IsInt()
  @Min(7)
  @Max(730)
  horizonDays?: number;
}

export class MoveMeetingDto {
  @ApiPropertyOptional({ example: '2026-12-02T07:30' })
  @IsOptional()
  @Matches(LOCAL_DATE_TIME, {
    message: 'startLocal must be a local date-time like 2026-12-01T07:30',
  })
  startLocal?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 720 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(720)
  durationMinutes?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 200)
  title?: string;
}

export class CancelMeetingDto {
  @ApiProperty({ example: 'Public holiday' })
  @IsString()
  @Length(2, 500)
  reason!: string;
}

export class MeetingStatusDto {
  @ApiProperty({ enum: ['live', 'ended'] })
  @IsIn(['live', 'ended'])
  status!: 'live' | 'ended';
}

export class MeetingQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsCalendarInstant()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsCalendarInstant()
  to?: Date;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeCancelled?: boolean;
}
