import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { CollabServer } from './collab.server';

/** Down while any shared document has writes PostgreSQL keeps refusing (they are held and retried). */
@Injectable()
export class NotesHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly collab: CollabServer,
  ) {}

  check(key = 'notes'): HealthIndicatorResult {
    const status = this.collab.status();
    const details = {
      documents: status.documents,
      connections: status.connections,
      pendingWrites: status.pendingWrites,
      failingDocuments: status.failingDocuments.length,
    };
    const check = this.indicator.check(key);
    return status.failingDocuments.length > 0 ? check.down(details) : check.up(details);
  }
}
