import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '@app/core';
import { AgendaAttendance } from '@app/voting';
import { AttendanceController } from './attendance.controller';
import { AttendanceLookup } from './attendance-lookup';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';
import { LIVE_SETTINGS, LiveSettings } from './live-settings';
import { LiveGateway } from './live.gateway';
import { MediaGateway } from './media.gateway';
import { PresenceService } from './presence/presence.service';
import { RoomStateRepository } from './room-state.repository';
import { RoomService } from './room.service';
import { SocketRateLimiter } from './socket-ack';
import { VoteGateway } from './vote.gateway';
import { InMemoryPresenceStore, PRESENCE_STORE } from './presence/presence-store';
import { RedisPresenceStore } from './presence/redis-presence-store';

export interface LiveOptions {
  /** With Redis, presence is shared by every instance and expires when an instance stops confirming it. */
  redisUrl: string | null;
  /** Default 10 s; a socket is dropped after three missed heartbeats. */
  heartbeatMs?: number;
}

const DEFAULT_HEARTBEAT_MS = 10_000;

@Module({})
export class LiveModule {
  static register(options: LiveOptions): DynamicModule {
    const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    const settings: LiveSettings = { shared: options.redisUrl !== null, heartbeatMs };
    return {
      module: LiveModule,
      // Global: other contexts read meeting attendance through AttendanceLookup (voting as AgendaAttendance).
      global: true,
      controllers: [AttendanceController],
      providers: [
        LiveGateway,
        MediaGateway,
        VoteGateway,
        RoomService,
        PresenceService,
        AttendanceService,
        RoomStateRepository,
        AttendanceRepository,
        AttendanceLookup,
        { provide: AgendaAttendance, useExisting: AttendanceLookup },
        SocketRateLimiter,
        { provide: LIVE_SETTINGS, useValue: settings },
        {
          provide: PRESENCE_STORE,
          useFactory: (clock: Clock) =>
            options.redisUrl
              ? new RedisPresenceStore(options.redisUrl, { ttlMs: heartbeatMs * 3, clock })
              : new InMemoryPresenceStore(),
          inject: [Clock],
        },
      ],
      // LiveGateway: the application's metrics read its status.
      exports: [AttendanceLookup, AgendaAttendance, LiveGateway],
    };
  }
}
