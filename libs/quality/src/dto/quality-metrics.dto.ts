import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WHOLE_NUMBER = /^-?\d+$/;

const QUALITY_METRICS_FORMATS = ['json', 'csv'] as const;
export type QualityMetricsFormat = (typeof QUALITY_METRICS_FORMATS)[number];

/** The largest analytic caseload accepted: far above any one program's yearly cases. */
const MAX_ANALYTIC_CASELOAD = 1_000_000;

export class QualityMetricsQueryDto {
  @ApiProperty({
    example: '2026-01-01',
    description: "First day of the period, in the board's time zone",
  })
  @Matches(LOCAL_DATE, { message: 'from must be a date like 2026-01-01' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from!: string;

  @ApiProperty({
    example: '2026-03-31',
    description: "Last day of the period (included), in the board's time zone",
  })
  @Matches(LOCAL_DATE, { message: 'to must be a date like 2026-03-31' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to!: string;

  @ApiProperty({
    minimum: 0,
    maximum: MAX_ANALYTIC_CASELOAD,
    description: 'Analytic cases of the period, from the cancer registry',
  })
  @Transform(({ value }) =>
    typeof value === 'string' && WHOLE_NUMBER.test(value) ? Number(value) : value,
  )
  @IsInt({ message: 'analyticCaseload must be a whole number' })
  @Min(0)
  @Max(MAX_ANALYTIC_CASELOAD)
  analyticCaseload!: number;

  @ApiPropertyOptional({
    enum: QUALITY_METRICS_FORMATS,
    description: 'csv for a download; without it, an Accept of text/csv also gives CSV',
  })
  @IsOptional()
  @IsIn(QUALITY_METRICS_FORMATS)
  format?: QualityMetricsFormat;
}
