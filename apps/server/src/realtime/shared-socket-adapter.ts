import { INestApplicationContext } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { redisReady } from '@app/persistence';
import { DirectSocketAdapter } from './direct-socket-adapter';

/**
 * socket.io across instances: every broadcast goes through a Redis stream
 * that all instances read, and connection-recovery sessions are kept in
 * Redis, so a client that reconnects to another instance still gets what it
 * missed. The Redis Streams adapter (rather than the Pub/Sub one) is the
 * socket.io adapter that supports connection state recovery and resumes
 * after a Redis hiccup without losing packets.
 */
export class SharedSocketAdapter extends DirectSocketAdapter {
  private readonly redis: Redis;
  private readonly servers: Server[] = [];

  constructor(app: INestApplicationContext, redisUrl: string) {
    super(app);
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.redis.on('error', () => undefined);
  }

  /** The adapter subscribes on this connection as the servers are created: it must be ready first (see `redisReady`). */
  ready(): Promise<void> {
    return redisReady(this.redis);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(
      createAdapter(this.redis, {
        streamName: 'tb:socket.io',
        sessionKeyPrefix: 'tb:socket.io:session:',
        maxLen: 10_000,
        blockTimeInMs: 1_000,
      }),
    );
    this.servers.push(server);
    return server;
  }

  /**
   * The application closes the HTTP server itself (force-closing its
   * connections), so socket.io's own close never runs: this instance's
   * sockets are closed here first, while Redis is still there to keep each
   * one's session for recovery on another instance; then the adapters, which
   * hold their stream readers.
   */
  override async dispose(): Promise<void> {
    for (const server of this.servers) {
      for (const namespace of server._nsps.values()) namespace.local.disconnectSockets(true);
    }
    await super.dispose();
    for (const server of this.servers.splice(0)) {
      for (const namespace of server._nsps.values()) await namespace.adapter.close();
    }
    await this.redis.quit().catch(() => undefined);
  }
}
