import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  RegisteredWebhookEndpointView,
  WebhookDeliveryView,
  WebhookEndpointView,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import {
  Clock,
  Conflict,
  DomainEventBus,
  InvalidInput,
  NotFound,
  isUuid,
  newId,
  newSecret,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { checkEndpointUrl, isWebhookEventName, redactEndpointUrl } from './domain';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WEBHOOKS_SETTINGS, WebhooksSettings } from './webhooks-settings';

export interface NewWebhookEndpoint {
  url: string;
  /** Omitted: 32 random bytes are generated. */
  secret?: string;
  description?: string;
}

export const MIN_WEBHOOK_SECRET_LENGTH = 16;
export const MAX_ACTIVE_ENDPOINTS_PER_BOARD = 10;
export const DEFAULT_DELIVERY_LOG_LIMIT = 50;
export const MAX_DELIVERY_LOG_LIMIT = 200;
const SECRET_BYTES = 32;

/**
 * Board coordinators (and admins) manage where a board's published
 * recommendations are pushed. Deliveries are an outbox: `enqueue` writes them
 * in the caller's transaction, the dispatcher sends them after commit.
 */
@Injectable()
export class WebhookService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    @Inject(WEBHOOKS_SETTINGS) private readonly settings: WebhooksSettings,
    private readonly clock: Clock,
  ) {}

  /** Registers an endpoint; the answer carries its signing secret, shown this once. */
  async register(
    user: AuthenticatedUser,
    boardId: string,
    input: NewWebhookEndpoint,
  ): Promise<RegisteredWebhookEndpointView> {
    await this.boards.require(boardId, user, BoardAction.Manage);
    const check = checkEndpointUrl(input.url, { requireHttps: this.settings.requireHttps });
    if (!check.ok)
      throw new InvalidInput(check.problem, [{ field: 'url', message: check.problem }]);
    if (input.secret !== undefined && input.secret.trim().length < MIN_WEBHOOK_SECRET_LENGTH) {
      const message = `the secret must have at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`;
      throw new InvalidInput(message, [{ field: 'secret', message }]);
    }
    const secret = input.secret?.trim() ?? newSecret(SECRET_BYTES);
    return this.uow.run(async (db) => {
      // Serialises registrations per board, so the checks below hold under concurrency.
      await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `webhook_endpoint:${boardId}`,
      ]);
      const active = await db.getRepository(WebhookEndpoint).findBy({ boardId, active: true });
      if (active.some((endpoint) => endpoint.url === check.url)) {
        throw new Conflict('this URL is already registered on this board', [
          { field: 'url', message: 'already registered' },
        ]);
      }
      if (active.length >= MAX_ACTIVE_ENDPOINTS_PER_BOARD) {
        throw new Conflict(
          `a board has at most ${MAX_ACTIVE_ENDPOINTS_PER_BOARD} active webhook endpoints; deactivate one first`,
        );
      }
      const endpoint = db.getRepository(WebhookEndpoint).create({
        id: newId(),
        boardId,
        url: check.url,
        secret,
        description: input.description?.trim() ?? '',
        active: true,
        createdBy: user.id,
        createdAt: this.clock.now(),
      });
      await db.getRepository(WebhookEndpoint).insert(endpoint);
      await this.events.publish({
        type: 'domain',
        action: 'webhook.registered',
        targetType: 'webhook_endpoint',
        targetId: endpoint.id,
        // Never the secret, and not the query string (it may carry an API key).
        details: {
          boardId,
          url: redactEndpointUrl(endpoint.url),
          secretGenerated: input.secret === undefined,
        },
      });
      return { ...toEndpointView(endpoint), secret };
    });
  }

  /** The board's endpoints, newest first, active or not; never their secrets. */
  async list(user: AuthenticatedUser, boardId: string): Promise<WebhookEndpointView[]> {
    await this.boards.require(boardId, user, BoardAction.Manage);
    const endpoints = await this.uow.manager
      .getRepository(WebhookEndpoint)
      .find({ where: { boardId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return endpoints.map(toEndpointView);
  }

  /**
   * Stops an endpoint receiving anything new; deliveries still pending for it
   * are marked failed. Idempotent: deactivating an inactive endpoint changes
   * nothing and records nothing.
   */
  async deactivate(user: AuthenticatedUser, endpointId: string): Promise<void> {
    await this.uow.run(async (db) => {
      const endpoint = await this.managedEndpoint(db, user, endpointId, true);
      if (!endpoint.active) return;
      await db.getRepository(WebhookEndpoint).update(endpoint.id, { active: false });
      const cancelled = await db
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({ status: 'failed', nextAttemptAt: null, lastError: 'endpoint deactivated' })
        .where('endpoint_id = :id AND status = :pending', { id: endpoint.id, pending: 'pending' })
        .execute();
      await this.events.publish({
        type: 'domain',
        action: 'webhook.deactivated',
        targetType: 'webhook_endpoint',
        targetId: endpoint.id,
        details: {
          boardId: endpoint.boardId,
          url: redactEndpointUrl(endpoint.url),
          pendingCancelled: cancelled.affected ?? 0,
        },
      });
    });
  }

  /** The endpoint's delivery log, newest first. */
  async deliveries(
    user: AuthenticatedUser,
    endpointId: string,
    options: { limit?: number } = {},
  ): Promise<WebhookDeliveryView[]> {
    const limit = Math.min(
      Math.max(options.limit ?? DEFAULT_DELIVERY_LOG_LIMIT, 1),
      MAX_DELIVERY_LOG_LIMIT,
    );
    const endpoint = await this.managedEndpoint(this.uow.manager, user, endpointId, false);
    const rows = await this.uow.manager.getRepository(WebhookDelivery).find({
      where: { endpointId: endpoint.id },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    return rows.map(toDeliveryView);
  }

  /**
   * Writes one pending delivery per active endpoint of the board, in the
   * caller's transaction (call it inside `uow.run`): they are sent only if
   * that transaction commits, and never if it rolls back. The endpoints are
   * share-locked so a concurrent deactivation either sees these deliveries
   * (and cancels them) or is seen here (and gets none). `payload` becomes the
   * body's `data`: keep patient identifiers out of it. Returns the delivery ids.
   */
  async enqueue(
    boardId: string,
    event: string,
    subjectId: string,
    payload: Record<string, unknown>,
  ): Promise<string[]> {
    if (!isWebhookEventName(event)) throw new InvalidInput(`not a webhook event name: ${event}`);
    if (!isUuid(subjectId)) throw new InvalidInput(`the subject id must be a UUID: ${subjectId}`);
    // Joins the caller's transaction (this.uow.manager inside `uow.run`); called
    // outside one, it opens its own, as the share lock needs a transaction.
    return this.uow.run(async (db) => {
      const endpoints = await db.getRepository(WebhookEndpoint).find({
        select: { id: true },
        where: { boardId, active: true },
        lock: { mode: 'pessimistic_read' },
      });
      if (endpoints.length === 0) return [];
      const ids = endpoints.map(() => newId());
      // The database clock schedules deliveries, whichever instance sends them.
      await db.query(
        `INSERT INTO webhook_delivery
           (id, endpoint_id, event, subject_id, payload, status, attempts, next_attempt_at, created_at)
         SELECT u.id, u.endpoint_id, $3, $4, $5::jsonb, 'pending', 0, now(), now()
           FROM unnest($1::uuid[], $2::uuid[]) AS u (id, endpoint_id)`,
        [ids, endpoints.map((endpoint) => endpoint.id), event, subjectId, JSON.stringify(payload)],
      );
      return ids;
    });
  }

  /** The endpoint if the user manages its board; 404 alike for a missing endpoint and a foreign board. */
  private async managedEndpoint(
    db: EntityManager,
    user: AuthenticatedUser,
    endpointId: string,
    lock: boolean,
  ): Promise<WebhookEndpoint> {
    const endpoint = await db.getRepository(WebhookEndpoint).findOne({
      where: { id: endpointId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!endpoint) throw new NotFound('webhook endpoint', endpointId);
    const actor = await this.boards.actorOn(endpoint.boardId, user).catch((error: unknown) => {
      throw error instanceof NotFound ? new NotFound('webhook endpoint', endpointId) : error;
    });
    this.boards.assert(actor, BoardAction.Manage);
    return endpoint;
  }
}

export function toEndpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    boardId: endpoint.boardId,
    url: endpoint.url,
    description: endpoint.description,
    active: endpoint.active,
    createdBy: endpoint.createdBy,
    createdAt: endpoint.createdAt.toISOString(),
  };
}

export function toDeliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    event: delivery.event,
    subjectId: delivery.subjectId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
  };
}
