import { Inject, Injectable } from '@nestjs/common';
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
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
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
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveryLog: WebhookDeliveryRepository,
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
    await this.boards.requireAccess(user, boardId, BoardAction.Manage);
    const check = checkEndpointUrl(input.url, { requireHttps: this.settings.requireHttps });
    if (!check.ok)
      throw new InvalidInput(check.problem, [{ field: 'url', message: check.problem }]);
    if (input.secret !== undefined && input.secret.trim().length < MIN_WEBHOOK_SECRET_LENGTH) {
      const message = `the secret must have at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`;
      throw new InvalidInput(message, [{ field: 'secret', message }]);
    }
    const secret = input.secret?.trim() ?? newSecret(SECRET_BYTES);
    return this.uow.run(async () => {
      // Serialises registrations per board, so the checks below hold under concurrency.
      await this.endpoints.lockBoard(boardId);
      const active = await this.endpoints.activeOnBoard(boardId);
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
      const endpoint = await this.endpoints.insert({
        id: newId(),
        boardId,
        url: check.url,
        secret,
        description: input.description?.trim() ?? '',
        active: true,
        createdBy: user.id,
        createdAt: this.clock.now(),
      });
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
    await this.boards.requireAccess(user, boardId, BoardAction.Manage);
    const endpoints = await this.endpoints.onBoard(boardId);
    return endpoints.map(toEndpointView);
  }

  /**
   * Stops an endpoint receiving anything new; deliveries still pending for it
   * are marked failed. Idempotent: deactivating an inactive endpoint changes
   * nothing and records nothing.
   */
  async deactivate(user: AuthenticatedUser, endpointId: string): Promise<void> {
    await this.uow.run(async () => {
      const endpoint = await this.managedEndpoint(user, endpointId, true);
      if (!endpoint.active) return;
      await this.endpoints.deactivate(endpoint.id);
      const cancelled = await this.deliveryLog.cancelPending(endpoint.id);
      await this.events.publish({
        type: 'domain',
        action: 'webhook.deactivated',
        targetType: 'webhook_endpoint',
        targetId: endpoint.id,
        details: {
          boardId: endpoint.boardId,
          url: redactEndpointUrl(endpoint.url),
          pendingCancelled: cancelled,
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
    const endpoint = await this.managedEndpoint(user, endpointId, false);
    const rows = await this.deliveryLog.ofEndpoint(endpoint.id, limit);
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
    const at = this.clock.now();
    return this.uow.run(async () => {
      const endpointIds = await this.endpoints.shareLockActiveIds(boardId);
      if (endpointIds.length === 0) return [];
      const ids = endpointIds.map(() => newId());
      await this.deliveryLog.insertPending({ ids, endpointIds, event, subjectId, payload }, at);
      return ids;
    });
  }

  /** The endpoint if the user manages its board; 404 alike for a missing endpoint and a foreign board. */
  private async managedEndpoint(
    user: AuthenticatedUser,
    endpointId: string,
    lock: boolean,
  ): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.find(endpointId, lock);
    if (!endpoint) throw new NotFound('webhook endpoint', endpointId);
    await this.boards.requireAccess(user, endpoint.boardId, BoardAction.Manage, {
      kind: 'webhook endpoint',
      id: endpointId,
    });
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
