import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';
import { UnitOfWork } from '@app/persistence';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/**
 * Boards' webhook endpoints (webhook_endpoint): the one place they are read and written. Inside a
 * transaction it joins it, so the locks taken here hold until it ends.
 */
@Injectable()
export class WebhookEndpointRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Serialises registrations on the board until the transaction ends. */
  async lockBoard(boardId: string): Promise<void> {
    await this.uow.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `webhook_endpoint:${boardId}`,
    ]);
  }

  activeOnBoard(boardId: string): Promise<WebhookEndpoint[]> {
    return this.endpoints.findBy({ boardId, active: true });
  }

  /**
   * The ids of the board's active endpoints, share-locked until the transaction ends: a
   * concurrent deactivation waits for it.
   */
  async shareLockActiveIds(boardId: string): Promise<string[]> {
    const endpoints = await this.endpoints.find({
      select: { id: true },
      where: { boardId, active: true },
      lock: { mode: 'pessimistic_read' },
    });
    return endpoints.map((endpoint) => endpoint.id);
  }

  /** The board's endpoints, newest first, active or not. */
  onBoard(boardId: string): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ where: { boardId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** The endpoint, or null; `lock` locks it until the transaction ends. */
  find(id: string, lock: boolean): Promise<WebhookEndpoint | null> {
    return this.endpoints.findOne({
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** Writes a new endpoint; returns it as stored. */
  async insert(fields: WebhookEndpoint): Promise<WebhookEndpoint> {
    const endpoint = this.endpoints.create(fields);
    await this.endpoints.insert(endpoint);
    return endpoint;
  }

  async deactivate(id: string): Promise<void> {
    await this.endpoints.update(id, { active: false });
  }

  private get endpoints(): Repository<WebhookEndpoint> {
    return this.uow.manager.getRepository(WebhookEndpoint);
  }
}
