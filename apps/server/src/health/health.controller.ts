import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '@app/auth';
import { MediaHealthIndicator } from '@app/media';
import { NotesHealthIndicator } from '@app/notes';

/**
 * Readiness for load balancers and orchestrators: 200 when PostgreSQL
 * answers and no shared note has writes stuck, 503 with the failing component
 * otherwise. Both recover by themselves, so the status does too. `media`
 * reports how video is set up (workers, the addresses clients are given).
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly notes: NotesHealthIndicator,
    private readonly media: MediaHealthIndicator,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2_000 }),
        () => this.notes.check('notes'),
        () => this.media.check('media'),
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        response.status(503);
        return error.getResponse() as HealthCheckResult;
      }
      throw error;
    }
  }
}
