import { mkdirSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@app/persistence';

/** Where the ports handed to spawned servers during a test run are marked, one empty file each. */
export const TEST_PORTS_DIR = join(tmpdir(), 'tumor-board-test-ports');

/**
 * A free port for a server a test spawns, never handed to another test process of the same run:
 * Jest runs two files at a time, and a port found free by one could otherwise be taken by the
 * other's server before the first binds it (its health check then reached the wrong server).
 */
export async function reserveTestPort(): Promise<number> {
  mkdirSync(TEST_PORTS_DIR, { recursive: true });
  for (;;) {
    const port = await findFreePort();
    try {
      closeSync(openSync(join(TEST_PORTS_DIR, String(port)), 'wx'));
      return port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
