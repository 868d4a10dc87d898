import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { QualityMetricsView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { QualityMetricsQueryDto } from './dto/quality-metrics.dto';
import { QualityMetricsService } from './quality-metrics.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('quality metrics')
@ApiBearerAuth()
@Controller()
export class QualityMetricsController {
  constructor(private readonly qualityMetrics: QualityMetricsService) {}

  /** JSON, or a CSV download with `format=csv` (or, without `format`, `Accept: text/csv`). */
  @Get('boards/:boardId/quality-metrics')
  @Returns('QualityMetricsView', { alternatives: ['text/csv'] })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Query() query: QualityMetricsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<QualityMetricsView | StreamableFile> {
    const { format, ...selection } = query;
    const csv =
      format === undefined
        ? request.accepts(['application/json', 'text/csv']) === 'text/csv'
        : format === 'csv';
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Vary', 'Accept');
    if (!csv) return this.qualityMetrics.metrics(user, boardId, selection);
    const file = await this.qualityMetrics.csv(user, boardId, selection);
    return new StreamableFile(Buffer.from(file.content, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }
}
