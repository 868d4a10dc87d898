import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { BoardsModule } from '@app/boards';
import { CasesModule } from '@app/cases';
import { ImagingModule } from '@app/imaging';
import { LiveModule } from '@app/live';
import { NotesModule } from '@app/notes';
import { VotingModule } from '@app/voting';
import { WebhooksModule } from '@app/webhooks';
import { MediaModule } from '@app/media';
import { SecondOpinionsModule } from '@app/second-opinions';
import { QualityModule } from '@app/quality';
import { SsoModule } from '@app/sso';
import { Clock, DomainEventBus, days, systemClock } from '@app/core';
import { PersistenceModule, UnitOfWork, dataSourceOptions } from '@app/persistence';
import { AppConfig } from './config/app-config';
import { ENTITIES } from './entities';
import { withoutLinkTokens } from './http/log-redaction';
import { HealthController } from './health/health.controller';
import { MetricsModule } from './metrics/metrics.module';
import { RedisEventRelay } from './realtime/redis-event-relay';

export interface AppRuntime {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  mrnEncryptionKey: string;
  signingKey: string;
  /** Where every context reads "now" from: the system clock unless a test fixes the time. */
  clock?: Clock;
}

const EVENT_RELAY = Symbol('EventRelay');

/** A frame or rendered image read through the imaging proxy. */
function isImageRead(url: string | undefined): boolean {
  return /^\/api\/v1\/imaging\/cases\/[^/]+\/dicom-web\/.*\/(frames\/[^/]+|rendered)(\?|$)/.test(
    url ?? '',
  );
}

/**
 * The domain event bus: in-transaction subscribers (audit) run inside the
 * publisher's unit of work; committed subscribers run after its outermost
 * transaction commits, on this instance and, for events marked
 * `everyInstance`, on every other one through Redis.
 */
@Global()
@Module({})
class DomainEventsModule {
  static register(redisUrl: string | null): DynamicModule {
    const logger = new Logger('events');
    return {
      module: DomainEventsModule,
      providers: [
        {
          provide: EVENT_RELAY,
          useFactory: () => (redisUrl ? new RedisEventRelay(redisUrl) : null),
        },
        // A factory, not a value: each application instance (several run in one test process) has its own bus.
        {
          provide: DomainEventBus,
          useFactory: (uow: UnitOfWork, relay: RedisEventRelay | null) =>
            new DomainEventBus({
              afterCommit: (deliver) => uow.afterCommit(deliver),
              relay,
              onError: (error, event) =>
                logger.error({ err: error, action: event.action }, 'event subscriber failed'),
            }),
          inject: [UnitOfWork, EVENT_RELAY],
        },
      ],
      exports: [DomainEventBus],
    };
  }
}

/** The one time source of every context: services take "now" from it, not from the system time directly. */
@Global()
@Module({})
class ClockModule {
  static register(clock: Clock): DynamicModule {
    return {
      module: ClockModule,
      providers: [{ provide: Clock, useValue: clock }],
      exports: [Clock],
    };
  }
}

@Module({})
export class AppModule {
  static register({
    config,
    databaseUrl,
    jwtSecret,
    mrnEncryptionKey,
    signingKey,
    clock = systemClock,
  }: AppRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request: IncomingMessage & { id?: unknown }) =>
              String(request.id ?? 'unknown'),
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'res.headers["set-cookie"]',
                '*.password',
                '*.refreshToken',
                '*.accessToken',
                '*.invitationToken',
                'req.params.token',
                'req.query.code',
                'req.query.state',
              ],
              censor: '[redacted]',
            },
            serializers: {
              req: (request: { url?: string }) => ({
                ...request,
                url: withoutLinkTokens(request.url),
              }),
            },
            autoLogging: { ignore: (request) => request.url === '/health' },
            // A viewer reads a series' images by the hundred: those answered are logged at debug
            // (the study's opening is in the audit log); refusals and failures as any request.
            customLogLevel: (request, response, error) =>
              error || response.statusCode >= 500
                ? 'error'
                : response.statusCode < 400 && isImageRead(request.url)
                  ? 'debug'
                  : 'info',
            quietReqLogger: true,
          },
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: databaseUrl,
            entities: ENTITIES,
            poolSize: config.databasePoolSize,
          }),
          retryAttempts: 10,
          retryDelay: 1_000,
        }),
        TerminusModule.forRoot({ logger: false }),
        PersistenceModule,
        ClockModule.register(clock),
        DomainEventsModule.register(config.redisUrl),
        AuthModule.register({
          jwtSecret,
          accessTokenTtlSeconds: config.accessTokenTtlSeconds,
          sessionIdleTimeoutSeconds: config.sessionIdleTimeoutSeconds,
          sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
          maxFailedLogins: config.maxFailedLogins,
          lockoutMinutes: config.lockoutMinutes,
          loginRateLimitPerMinute: config.loginRateLimitPerMinute,
          invitationTtlHours: config.invitationTtlHours,
          passwordLogin: config.passwordLogin,
        }),
        SsoModule.register({
          providers: config.sso.providers,
          publicUrl: config.publicUrl,
          passwordLogin: config.passwordLogin,
        }),
        AuditModule.register({
          checkpointFile: config.auditCheckpointFile,
          checkpointIntervalMs: config.auditCheckpointMs,
          signingKey: Buffer.from(signingKey, 'base64'),
        }),
        BoardsModule.register({ publicUrl: config.publicUrl }),
        CasesModule.register({
          mrnEncryptionKey,
          recordsDir: config.recordsDir,
          uploadLimitBytes: config.uploadLimitBytes,
        }),
        NotesModule.register({
          maxMessageBytes: config.collab.maxMessageBytes,
          maxDocumentBytes: config.collab.maxDocumentBytes,
          idleUnloadMs: config.collab.idleUnloadMs,
          compaction: {
            maxUpdates: config.collab.compactAfterUpdates,
            maxBytes: config.collab.compactAfterBytes,
          },
          redisUrl: config.redisUrl,
        }),
        LiveModule.register({
          redisUrl: config.redisUrl,
          heartbeatMs: config.presenceHeartbeatMs,
        }),
        WebhooksModule.register({ ...config.webhooks, requireHttps: config.production }),
        MediaModule.register(
          {
            workers: config.media.workers,
            listenIp: config.media.listenIp,
            announcedAddress: config.media.announcedAddress,
            production: config.production,
            webRtcServerPort: config.media.port,
            stunUrls: config.media.stunUrls,
            turnUrls: config.media.turnUrls,
            turnSecret: config.media.turnSecret,
            turnTtlSeconds: config.media.turnTtlSeconds,
          },
          config.redisUrl
            ? { redisUrl: config.redisUrl, ownerLeaseMs: config.media.ownerLeaseMs }
            : null,
        ),
        SecondOpinionsModule.register({
          publicUrl: config.publicUrl,
          uploadLimitBytes: config.uploadLimitBytes,
          followUpQuestions: config.secondOpinions.followUpQuestions,
          referrerLinkDays: config.secondOpinions.referrerLinkDays,
          slaTargets: {
            routine: days(config.secondOpinions.targetDays.routine),
            urgent: days(config.secondOpinions.targetDays.urgent),
          },
        }),
        ImagingModule.register(config.imaging),
        QualityModule.register({
          followUpDays: config.outcomes.followUpDays,
          followUpGraceDays: config.outcomes.graceDays,
        }),
        VotingModule.register({
          signingKey: Buffer.from(signingKey, 'base64'),
          deadlineSweepMs: config.voteDeadlineSweepMs,
        }),
        ...(config.metrics ? [MetricsModule.register(config.metrics)] : []),
      ],
      controllers: [HealthController],
    };
  }
}
