import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Clock } from '@app/core';
import { AuditEventRepository } from './audit-event.repository';
import { AuditSealer } from './audit-sealer';
import {
  AuditCheckpoint,
  checkpointKey,
  latestCheckpoint,
  signCheckpoint,
} from './domain/checkpoint';

export interface AuditSettings {
  /** Where this instance appends its signed checkpoints of the chain head; null: none kept. */
  checkpointFile: string | null;
  checkpointIntervalMs: number;
  /** The server's signing key; the checkpoints are signed with a key derived from it. */
  signingKey: Buffer;
}

export const AUDIT_SETTINGS = Symbol('AuditSettings');

/** Past this size the file is rewritten with its latest checkpoint only. */
const COMPACT_AT_BYTES = 1_048_576;

/**
 * Signed checkpoints of the audit chain's head, appended to a file outside
 * the database every `checkpointIntervalMs` when the head has moved (and at
 * shutdown), one JSON line each, synced to disk. Verification compares the
 * chain with the latest: whoever can delete rows in PostgreSQL cannot make
 * the newest events, which nothing links forward to, disappear unnoticed
 * (back to the last checkpoint). Copy the file off the machine (log
 * shipping, backups) to also survive someone who controls it.
 */
@Injectable()
export class AuditCheckpoints implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private readonly key: Buffer;
  private timer: NodeJS.Timeout | null = null;
  private lastSeq: string | null = null;
  private recording: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(AUDIT_SETTINGS) private readonly settings: AuditSettings,
    private readonly auditEvents: AuditEventRepository,
    private readonly clock: Clock,
    private readonly sealer: AuditSealer,
  ) {
    this.key = checkpointKey(settings.signingKey);
  }

  onModuleInit(): void {
    if (!this.settings.checkpointFile) return;
    this.timer = setInterval(() => void this.record(), this.settings.checkpointIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.record();
  }

  /**
   * Writes a checkpoint of the head, every event committed before the call sealed first, if it
   * moved since the last one; answers what it wrote.
   */
  record(): Promise<AuditCheckpoint | null> {
    const next = this.recording.then(() => this.recordNow());
    this.recording = next.catch(() => undefined);
    return next;
  }

  /** The checkpoint of this database's log furthest along the chain in the file (null: none). */
  async latest(): Promise<AuditCheckpoint | null> {
    const file = this.settings.checkpointFile;
    if (!file) return null;
    try {
      const lines = (await readFile(file, 'utf8')).split('\n');
      return latestCheckpoint(lines, this.key, await this.auditEvents.databaseName());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private async recordNow(): Promise<AuditCheckpoint | null> {
    const file = this.settings.checkpointFile;
    if (!file) return null;
    try {
      await this.sealer.settle();
      const head = await this.auditEvents.head();
      if (!head || head.seq === this.lastSeq) return null;
      const checkpoint = signCheckpoint(this.key, { ...head, recordedAt: this.clock.now() });
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await appendSynced(file, `${JSON.stringify(checkpoint)}\n`);
      this.lastSeq = head.seq;
      if ((await stat(file)).size > COMPACT_AT_BYTES) await this.compact(file);
      return checkpoint;
    } catch (error) {
      this.logger.error({ err: error, file }, 'writing an audit checkpoint failed');
      return null;
    }
  }

  /** Replaces the file, atomically, with its latest checkpoint alone. */
  private async compact(file: string): Promise<void> {
    const latest = await this.latest();
    if (!latest) return;
    const fresh = `${file}.compacting`;
    const handle = await open(fresh, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(latest)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(fresh, file);
  }
}

async function appendSynced(file: string, line: string): Promise<void> {
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(line);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
