import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { AuthService, AuthenticatedUser, SessionTracker, bearerToken } from '@app/auth';
import { COLLAB_CLOSE } from '@app/contracts';
import {
  Clock,
  DomainError,
  DomainEventBus,
  Forbidden,
  NotFound,
  Unauthenticated,
} from '@app/core';
import { DatabaseUnavailable, isDatabaseUnreachable } from '@app/persistence';
import { CollabConnection } from './collab-connection';
import { CollabDocument } from './collab-document';
import { DocumentName, documentFromPath } from './domain';
import { NOTES_SETTINGS, NotesSettings } from './notes-settings';
import { NoteDocumentRepository } from './note-document.repository';
import { NoteWrites } from './note-writes';
import { NotesService } from './notes.service';
import { RedisFanout } from './redis-fanout';

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CollabStatus {
  documents: number;
  connections: number;
  pendingWrites: number;
  failingDocuments: string[];
}

/**
 * The y-websocket endpoint at `/collab/<kind>/<uuid>` on the application's
 * own HTTP server. The access token is checked before the upgrade completes;
 * a document is loaded completely before its first client is answered, and
 * unloaded (after its writes are committed) once idle.
 */
@Injectable()
export class CollabServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('collab');
  private readonly sockets: WebSocketServer;
  private readonly fanout: RedisFanout | null;
  /** Documents being loaded or loaded, so concurrent first clients share one load. */
  private readonly documents = new Map<string, Promise<CollabDocument>>();
  private readonly loaded = new Map<
    string,
    { document: CollabDocument; unsubscribe: () => Promise<void> }
  >();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    void this.upgrade(request, socket, head);

  constructor(
    @Inject(NOTES_SETTINGS) private readonly settings: NotesSettings,
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    private readonly notes: NotesService,
    private readonly store: NoteDocumentRepository,
    private readonly writes: NoteWrites,
    private readonly events: DomainEventBus,
    private readonly sessions: SessionTracker,
    private readonly clock: Clock,
  ) {
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: settings.maxMessageBytes });
    this.fanout = settings.redisUrl ? new RedisFanout(settings.redisUrl) : null;
  }

  onApplicationBootstrap(): void {
    this.adapterHost.httpAdapter?.getHttpServer().on('upgrade', this.onUpgrade);
  }

  /** Closes every connection (1001) and waits until every document's writes are committed. */
  async onModuleDestroy(): Promise<void> {
    this.adapterHost.httpAdapter?.getHttpServer().off('upgrade', this.onUpgrade);
    for (const client of this.sockets.clients)
      client.close(COLLAB_CLOSE.goingAway, 'server shutting down');
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    const documents = await Promise.allSettled(this.documents.values());
    await Promise.all(
      documents.map(async (loaded) => {
        if (loaded.status !== 'fulfilled') return;
        await loaded.value.flushed();
        loaded.value.destroy();
      }),
    );
    this.documents.clear();
    await this.fanout?.close();
  }

  status(): CollabStatus {
    let pendingWrites = 0;
    const failingDocuments: string[] = [];
    let connections = 0;
    for (const { document } of this.loaded.values()) {
      pendingWrites += document.pendingWrites;
      connections += document.peers.size;
      if (document.failing) failingDocuments.push(document.name.name);
    }
    return { documents: this.documents.size, connections, pendingWrites, failingDocuments };
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = request.url ?? '';
    if (!url.startsWith('/collab/') && url !== '/collab') return;
    socket.on('error', () => socket.destroy());
    const document = documentFromPath(url);
    if (!document)
      return refuse(
        socket,
        404,
        'unknown document: use /collab/cases/<caseId> or /collab/meetings/<meetingId>',
      );
    let user: AuthenticatedUser;
    let canWrite: boolean;
    try {
      const token =
        new URL(url, 'http://collab').searchParams.get('token') ??
        bearerToken(request.headers.authorization);
      if (!token) throw new Unauthenticated('authentication required: pass ?token=<access token>');
      user = await this.auth.authenticateConnection(token);
      canWrite = (await this.notes.accessTo(user, document)).canWrite;
    } catch (error) {
      if (error instanceof Unauthenticated) return refuse(socket, 401, error.message);
      if (error instanceof NotFound || error instanceof Forbidden)
        return refuse(socket, 403, 'no access to this document');
      if (isDatabaseUnreachable(error))
        return refuse(socket, 503, new DatabaseUnavailable().message);
      this.logger.error({ err: error }, 'upgrade failed');
      return refuse(
        socket,
        error instanceof DomainError ? error.status : 500,
        'cannot open this document',
      );
    }
    this.sockets.handleUpgrade(request, socket, head, (ws) => {
      void this.attach(ws, document, user, canWrite, request.socket.remoteAddress ?? null);
    });
  }

  private async attach(
    ws: WebSocket,
    name: DocumentName,
    user: AuthenticatedUser,
    canWrite: boolean,
    clientIp: string | null,
  ): Promise<void> {
    const early: Uint8Array[] = [];
    let connection: CollabConnection | null = null;
    ws.on('message', (data: Buffer) => {
      // Nothing from a connection whose session has ended is applied (an edit racing the close included).
      if (!this.sessions.isLive(user)) return;
      const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (connection) connection.receive(message);
      else early.push(message);
    });
    ws.on('error', () => undefined);
    const expiry = user.tokenExpiresAt
      ? setTimeout(
          () =>
            ws.close(COLLAB_CLOSE.tokenExpired, 'access token expired: reconnect with a fresh one'),
          Math.min(
            MAX_TIMER_MS,
            Math.max(0, user.tokenExpiresAt.getTime() - this.clock.now().getTime()),
          ),
        )
      : null;
    // The connection lives no longer than its session, whichever instance ended it.
    const unwatch = this.sessions.watch(user, (reason) =>
      ws.close(COLLAB_CLOSE.sessionEnded, `session ended: ${reason}`),
    );
    ws.on('close', () => {
      if (expiry) clearTimeout(expiry);
      unwatch();
      if (connection) {
        connection.detach();
        this.scheduleUnload(name.name);
      }
    });

    let document: CollabDocument;
    try {
      document = await this.documentFor(name);
    } catch (error) {
      this.logger.error({ err: error, document: name.name }, 'document load failed');
      ws.close(COLLAB_CLOSE.serverError, 'document could not be loaded');
      return;
    }
    if (ws.readyState !== ws.OPEN) {
      this.scheduleUnload(name.name);
      return;
    }
    this.cancelUnload(name.name);
    connection = new CollabConnection(ws, document, user.id, canWrite);
    connection.open();
    for (const message of early.splice(0)) connection.receive(message);
    await this.events
      .publish({
        type: 'domain',
        action: 'notes.opened',
        targetType: name.kind === 'cases' ? 'case' : 'meeting',
        targetId: name.id,
        actorId: user.id,
        details: { document: name.name, access: canWrite ? 'write' : 'read', clientIp },
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'audit of notes.opened failed'));
  }

  /** The document in memory, loading it once however many clients arrive at the same moment. */
  private documentFor(name: DocumentName): Promise<CollabDocument> {
    const existing = this.documents.get(name.name);
    if (existing) return existing;
    const loading = this.load(name);
    this.documents.set(name.name, loading);
    loading.catch(() => this.documents.delete(name.name));
    return loading;
  }

  private async load(name: DocumentName): Promise<CollabDocument> {
    // Subscribe before reading the database, so nothing another instance commits in between is missed;
    // what arrives early is applied after the load (Yjs updates are idempotent).
    const early: Array<{ kind: 'update' | 'awareness'; payload: Uint8Array }> = [];
    let document: CollabDocument | null = null;
    const unsubscribe = this.fanout
      ? await this.fanout.subscribe(name.name, (kind, payload) => {
          if (!document) early.push({ kind, payload });
          else if (kind === 'update') document.applyRemoteUpdate(payload);
          else document.applyRemoteAwareness(payload);
        })
      : async () => undefined;
    try {
      document = new CollabDocument(
        name,
        await this.store.load(name),
        this.writes,
        this.store,
        this.fanout,
        this.settings,
        this.clock,
      );
    } catch (error) {
      await unsubscribe();
      throw error;
    }
    for (const message of early) {
      if (message.kind === 'update') document.applyRemoteUpdate(message.payload);
      else document.applyRemoteAwareness(message.payload);
    }
    this.loaded.set(name.name, { document, unsubscribe });
    return document;
  }

  private scheduleUnload(name: string): void {
    this.cancelUnload(name);
    const timer = setTimeout(() => void this.unload(name), this.settings.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(name, timer);
  }

  private cancelUnload(name: string): void {
    const timer = this.unloadTimers.get(name);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(name);
  }

  /** Drops an idle document from memory once its writes are committed; a client arriving meanwhile keeps it. */
  private async unload(name: string): Promise<void> {
    this.unloadTimers.delete(name);
    const entry = this.loaded.get(name);
    if (!entry || entry.document.peers.size > 0) return;
    await entry.document.flushed();
    if (entry.document.peers.size > 0 || this.unloadTimers.has(name)) return;
    this.documents.delete(name);
    this.loaded.delete(name);
    entry.document.destroy();
    await entry.unsubscribe();
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  const body = JSON.stringify({ statusCode: status, error: reason, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
