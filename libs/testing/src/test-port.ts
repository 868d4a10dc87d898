import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the ports handed to spawned servers during a test run are marked, one empty file each. */
export const TEST_PORTS_DIR = join(tmpdir(), 'tumor-board-test-ports');

/** The lowest port the system hands out for port 0 (Linux's default when it cannot be read). */
function ephemeralPortsFrom(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    return Number(low) || 32_768;
  } catch {
    return 32_768;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port for a server a test spawns, never handed to another test process of the same run.
 * Jest runs two files at a time. A port found free by one could otherwise be taken by the other's
 * server before the first binds it, and its health check then reached the wrong server. It is
 * drawn below the system's ephemeral range, so no listener or connection given a port by the
 * system (port 0: webhook receivers, test servers, the other file's PostgreSQL) can take it
 * meanwhile either.
 */
export async function reserveTestPort(): Promise<number> {
  mkdirSync(TEST_PORTS_DIR, { recursive: true });
  const below = Math.min(ephemeralPortsFrom(), 32_768);
  const from = Math.max(1024, below - 12_000);
  for (;;) {
    const port = from + Math.floor(Math.random() * (below - from));
    try {
      closeSync(openSync(join(TEST_PORTS_DIR, String(port)), 'wx'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    if (await isFree(port)) return port;
  }
}
