import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { DomainEventBus } from '@app/core';
import { LiveGateway } from '@app/live';
import { MediaCounts, WorkerPool } from '@app/media';
import { CollabServer } from '@app/notes';
import { PoolStatus, poolStatus } from '@app/persistence';
import { VOTE_EVENTS } from '@app/voting';
import { WEBHOOK_EVENTS, WebhookDispatcher, WebhookEvent } from '@app/webhooks';

const PREFIX = 'tumorboard_';
const HOUR = 3600;
const DAY = 24 * HOUR;

/** A request answered from memory in milliseconds up to a record upload of 25 MiB on a slow link. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** A live vote lasts minutes; an asynchronous panel vote, days. */
const VOTE_BUCKETS = [30, 60, 120, 300, 600, 1800, HOUR, 4 * HOUR, DAY, 3 * DAY, 7 * DAY];
const WEBHOOK_OUTCOMES: Array<WebhookEvent['outcome']> = ['delivered', 'retrying', 'failed'];

/**
 * This instance's Prometheus series, in a registry of its own (several applications may run in
 * one process, as in the tests). What the contexts hold is read when Prometheus scrapes (gauges
 * with a `collect` callback over their status); what happens is counted from the domain event
 * bus and the media worker pool. The contexts know nothing of Prometheus.
 */
@Injectable()
export class AppMetrics implements OnModuleInit, OnModuleDestroy {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly ballotsCast: Counter;
  private readonly voteDuration: Histogram;
  private readonly webhookAttempts: Counter<'outcome'>;
  private readonly workerDeaths: Counter;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly events: DomainEventBus,
    private readonly live: LiveGateway,
    private readonly collab: CollabServer,
    private readonly workers: WorkerPool,
    webhooks: WebhookDispatcher,
    private readonly dataSource: DataSource,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    this.httpDuration = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'HTTP requests by method, route template and status: time to the end of the response',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });

    this.gauge(
      'socketio_connections',
      'Sockets connected to /meetings on this instance',
      () => this.live.status().connections,
    );
    this.gauge(
      'meeting_rooms',
      'Meetings with at least one socket on this instance',
      () => this.live.status().meetingRooms,
    );

    this.gauge(
      'notes_documents',
      'Shared notes documents in memory (loading or loaded)',
      () => this.collab.status().documents,
    );
    this.gauge(
      'notes_connections',
      'y-websocket connections to shared notes',
      () => this.collab.status().connections,
    );
    this.gauge(
      'notes_pending_writes',
      'Notes updates not yet committed to PostgreSQL',
      () => this.collab.status().pendingWrites,
    );
    this.gauge(
      'notes_failing_documents',
      'Notes documents whose writes PostgreSQL keeps refusing (held and retried)',
      () => this.collab.status().failingDocuments.length,
    );

    this.gauge('media_workers', 'mediasoup workers running', () => this.workers.capacity.running);
    this.gauge(
      'media_workers_configured',
      'mediasoup workers configured (MEDIASOUP_WORKERS)',
      () => this.workers.capacity.configured,
    );
    const objects: Array<[keyof MediaCounts, string]> = [
      ['routers', 'mediasoup routers (one per meeting with media)'],
      ['transports', 'mediasoup transports'],
      ['producers', 'mediasoup producers (streams sent by clients)'],
      ['consumers', 'mediasoup consumers (streams sent to clients)'],
    ];
    for (const [kind, help] of objects)
      this.gauge(`media_${kind}`, help, () => this.workers.counts.current[kind]);
    this.workerDeaths = new Counter({
      name: `${PREFIX}media_worker_deaths_total`,
      help: 'mediasoup workers that died (each is replaced)',
      registers,
    });
    const pool = this.workers;
    new Counter({
      name: `${PREFIX}media_worker_cpu_seconds_total`,
      help: 'CPU time used by each running mediasoup worker process (user and system)',
      labelNames: ['worker', 'mode'],
      registers,
      // Each worker's own running total: restarts from zero when a dead worker is replaced.
      async collect() {
        const usages = await pool.cpuUsage();
        this.reset();
        for (const { index, userMs, systemMs } of usages) {
          this.inc({ worker: index, mode: 'user' }, userMs / 1000);
          this.inc({ worker: index, mode: 'system' }, systemMs / 1000);
        }
      },
    });

    this.ballotsCast = new Counter({
      name: `${PREFIX}ballots_cast_total`,
      help: 'Ballots cast (committed), changed ballots included',
      registers,
    });
    this.voteDuration = new Histogram({
      name: `${PREFIX}vote_duration_seconds`,
      help: 'Votes closed on this instance: time from opening to closing',
      buckets: VOTE_BUCKETS,
      registers,
    });

    new Gauge({
      name: `${PREFIX}webhook_queue_depth`,
      help: 'Webhook deliveries waiting to be sent or retried (all instances share the queue)',
      registers,
      async collect() {
        // Unreadable (the database away): the last depth read stays; the pool gauges tell why.
        const depth = await webhooks.queueDepth().catch(() => null);
        if (depth !== null) this.set(depth);
      },
    });
    this.webhookAttempts = new Counter({
      name: `${PREFIX}webhook_attempts_total`,
      help: 'Webhook delivery attempts by outcome: delivered, retrying (failed, tried again later), failed (given up)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of WEBHOOK_OUTCOMES) this.webhookAttempts.inc({ outcome }, 0);

    const fromPool = (read: (status: PoolStatus) => number) => () => {
      const status = poolStatus(this.dataSource);
      return status === null ? 0 : read(status);
    };
    this.gauge(
      'db_pool_in_use',
      'PostgreSQL connections in use',
      fromPool((s) => s.total - s.idle),
    );
    this.gauge(
      'db_pool_idle',
      'PostgreSQL connections open and idle',
      fromPool((s) => s.idle),
    );
    this.gauge(
      'db_pool_waiting',
      'Queries waiting for a PostgreSQL connection',
      fromPool((s) => s.waiting),
    );
    this.gauge(
      'db_pool_max',
      'PostgreSQL connections the pool may open (DATABASE_POOL_SIZE)',
      fromPool((s) => s.max),
    );
  }

  onModuleInit(): void {
    this.workers.onWorkerDied(() => this.workerDeaths.inc());
    this.unsubscribe.push(
      this.events.subscribeCommitted((event) => {
        if (event.action === 'vote.ballot_cast') this.ballotsCast.inc();
      }),
      this.events.subscribeTo(VOTE_EVENTS, (event) => {
        if (event.type !== 'closed') return;
        const seconds = (event.closedAt.getTime() - event.openedAt.getTime()) / 1000;
        this.voteDuration.observe(Math.max(0, seconds));
      }),
      this.events.subscribeTo(WEBHOOK_EVENTS, (event) =>
        this.webhookAttempts.inc({ outcome: event.outcome }),
      ),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }

  /** One HTTP request, with labels from route-label.ts (never the raw URL). */
  observeHttp(labels: { method: string; route: string; status: string }, seconds: number): void {
    this.httpDuration.observe(labels, seconds);
  }

  /** The exposition: the body and its content type (`text/plain; version=0.0.4`). */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  private gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}
