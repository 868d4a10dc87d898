import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock, DomainEventBus } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { redactEndpointUrl, retryDelayMs, signPayload } from './domain';
import { DeliveryClaim, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WEBHOOK_EVENTS } from './webhook-events';
import { WEBHOOKS_SETTINGS, WebhooksSettings } from './webhooks-settings';

/** Deliveries one instance claims per round; a full batch starts the next round at once. */
export const DISPATCH_BATCH_SIZE = 20;
/** Beyond the request timeout, how long a claim stays exclusive to the instance sending it. */
const LEASE_MARGIN_MS = 60_000;
const MAX_ERROR_LENGTH = 500;
const RESPONSE_SNIPPET_BYTES = 200;
const UNDEFINED_TABLE = '42P01';

type Outcome =
  { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/**
 * Sends due webhook deliveries, on every instance. Each round claims a batch
 * in one short transaction (`FOR UPDATE SKIP LOCKED`): the claim counts the
 * attempt and pushes `next_attempt_at` past the request timeout, a lease, so
 * no other instance takes the same delivery while it is in flight. Outcomes
 * are written only while the lease is still ours (same attempt count). If an
 * instance dies mid-send, the lease runs out and another instance retries:
 * delivery is at least once, and receivers dedupe on `X-TumorBoard-Delivery`.
 * Every instant that schedules a delivery (due, lease, retry) is the Clock's.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<number> | null = null;
  private stopped = true;
  private failing = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WEBHOOKS_SETTINGS) private readonly settings: WebhooksSettings,
    private readonly clock: Clock,
    private readonly events: DomainEventBus,
  ) {}

  onModuleInit(): void {
    this.stopped = false;
    this.schedule(this.settings.pollIntervalMs);
  }

  /** No new round starts; the one in flight (bounded by the request timeout) is awaited. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round: claims and sends what is due. Never throws; returns how many deliveries it attempted. */
  async deliverDue(): Promise<number> {
    let claims: DeliveryClaim[];
    try {
      claims = await this.claim();
      if (this.failing) this.logger.log('webhook polling recovered');
      this.failing = false;
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) {
        this.logger.debug('webhook tables not there yet (migrations pending)');
      } else if (!this.failing) {
        this.failing = true;
        this.logger.error(
          `webhook polling failed: ${describeError(error, this.settings.timeoutMs)}`,
        );
      }
      return 0;
    }
    await Promise.all(claims.map((claim) => this.attempt(claim)));
    return claims.length;
  }

  /** Deliveries waiting to be sent or retried, on every instance (the outbox's pending rows). */
  queueDepth(): Promise<number> {
    return this.deliveries.pendingCount();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const round = this.deliverDue();
      this.round = round;
      void round.then((attempted) => {
        if (this.round === round) this.round = null;
        this.schedule(attempted >= DISPATCH_BATCH_SIZE ? 0 : this.settings.pollIntervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** Claims, in one short transaction at the Clock's now, what is due. */
  private async claim(): Promise<DeliveryClaim[]> {
    const { maxAttempts, timeoutMs } = this.settings;
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + timeoutMs + LEASE_MARGIN_MS);
    return this.uow.run(async () => {
      await this.deliveries.failAbandoned(maxAttempts, now);
      return this.deliveries.claimDue(maxAttempts, DISPATCH_BATCH_SIZE, now, leaseUntil);
    });
  }

  private async attempt(claim: DeliveryClaim): Promise<void> {
    const outcome = await this.send(claim);
    const at = this.clock.now();
    try {
      if (outcome.ok) {
        await this.deliveries.markDelivered(claim, outcome.statusCode, at);
        await this.events.publishTo(WEBHOOK_EVENTS, { type: 'attempted', outcome: 'delivered' });
        return;
      }
      const final = claim.attempts >= this.settings.maxAttempts;
      await this.deliveries.recordFailure(claim, {
        nextAttemptAt: final
          ? null
          : new Date(at.getTime() + retryDelayMs(claim.attempts, this.settings.retryBaseMs)),
        statusCode: outcome.statusCode,
        error: outcome.error,
      });
      await this.events.publishTo(WEBHOOK_EVENTS, {
        type: 'attempted',
        outcome: final ? 'failed' : 'retrying',
      });
      const where = `webhook delivery ${claim.id} (${claim.event}) to ${redactEndpointUrl(claim.url)}`;
      if (final) {
        this.logger.warn(`${where} failed after ${claim.attempts} attempts: ${outcome.error}`);
      } else {
        this.logger.debug(`${where}: attempt ${claim.attempts} failed: ${outcome.error}`);
      }
    } catch (error) {
      // The lease runs out and the delivery is tried again (receivers dedupe).
      this.logger.error(
        `could not record the outcome of webhook delivery ${claim.id}: ${describeError(error, 0)}`,
      );
    }
  }

  private async send(claim: DeliveryClaim): Promise<Outcome> {
    const body = JSON.stringify({
      id: claim.id,
      event: claim.event,
      createdAt: new Date(claim.createdAt).toISOString(),
      data: claim.payload,
    });
    try {
      const response = await fetch(claim.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'TumorBoard-Webhooks/1',
          'X-TumorBoard-Event': claim.event,
          'X-TumorBoard-Delivery': claim.id,
          'X-TumorBoard-Signature': signPayload(
            claim.secret,
            Math.floor(this.clock.now().getTime() / 1000),
            body,
          ),
        },
        body,
        // A redirect is an answer that is not 2xx: following it could lead anywhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      const snippet = await readSnippet(response);
      if (response.status >= 200 && response.status < 300) {
        return { ok: true, statusCode: response.status };
      }
      return {
        ok: false,
        statusCode: response.status,
        error: truncate(`HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`),
      };
    } catch (error) {
      return { ok: false, statusCode: null, error: describeError(error, this.settings.timeoutMs) };
    }
  }
}

/** The start of the response body, on one line, for the delivery log; never fails. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short or timed out: the status line is what matters.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks)
    .subarray(0, RESPONSE_SNIPPET_BYTES)
    .toString('utf8')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

function describeError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return truncate(String(error));
  if (error.name === 'TimeoutError') return `no response within ${timeoutMs} ms`;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return truncate(
      `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`,
    );
  }
  return truncate(error.message);
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
