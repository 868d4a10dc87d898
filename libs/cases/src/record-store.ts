import { createHash } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { newId } from '@app/core';

export interface StoredFile {
  key: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Uploaded clinical documents on disk, outside the database: written to a
 * temporary name, fsynced, then renamed into place, so a crash never leaves a
 * half-written record under a real key. Keys are server-generated UUIDs; no
 * client-supplied name ever reaches the file system.
 */
export class RecordStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async save(content: Buffer): Promise<StoredFile> {
    const key = newId();
    const dir = join(this.root, key.slice(0, 2));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = join(dir, `.${key}.partial`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path(key));
    return {
      key,
      sha256: createHash('sha256').update(content).digest('hex'),
      sizeBytes: content.length,
    };
  }

  /** A stored file, open for streaming: a missing one rejects before any byte is promised. */
  async openForReading(key: string): Promise<ReadStream> {
    const stream = createReadStream(this.path(key));
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('invalid record key');
    return join(this.root, key.slice(0, 2), key);
  }
}

/** Keeps a display name only: no path, no control characters, bounded length. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  const cleaned = [...base]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f && char !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}
