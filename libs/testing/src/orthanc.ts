import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@app/persistence';

/** Debian's Orthanc (package `orthanc`) and its DICOMweb plugin (package `orthanc-dicomweb`). */
export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const ORTHANC_DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
/** The one command that installs both, for a machine where the tests cannot install them. */
export const ORTHANC_INSTALL_COMMAND =
  'sudo apt-get update && sudo apt-get install -y --no-install-recommends orthanc orthanc-dicomweb';

export function orthancInstalled(): boolean {
  return existsSync(ORTHANC_BINARY) && existsSync(ORTHANC_DICOMWEB_PLUGIN);
}

export interface OrthancOptions {
  /** HTTP Basic users (name → password); none: no authentication. */
  users?: Record<string, string>;
  /** How long to wait for `/system` to answer. */
  startTimeoutMs?: number;
}

/**
 * A real PACS for the tests: Orthanc started as a plain process on a free loopback port, with a
 * generated configuration and its own storage in a temporary folder (removed on stop), the
 * DICOM port off and DICOMweb at `/dicom-web/`. Never the system service or its ports.
 */
export class Orthanc {
  private exited: Promise<void>;
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly folder: string,
    readonly url: string,
    private readonly users: Record<string, string>,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const keep = (chunk: Buffer) => {
      this.log = `${this.log}${chunk.toString('utf8')}`.slice(-8_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** The DICOMweb root (QIDO-RS and WADO-RS), without a trailing slash. */
  get dicomWebUrl(): string {
    return `${this.url}/dicom-web`;
  }

  static async start(options: OrthancOptions = {}): Promise<Orthanc> {
    if (!orthancInstalled()) {
      throw new Error(
        `Orthanc with its DICOMweb plugin is not installed (${ORTHANC_BINARY}, ${ORTHANC_DICOMWEB_PLUGIN}). Install it with: ${ORTHANC_INSTALL_COMMAND}`,
      );
    }
    const folder = await mkdtemp(join(tmpdir(), 'tumor-board-orthanc-'));
    try {
      // Run as root, Orthanc stays root; the folder only needs to be ours.
      await chmod(folder, 0o700);
      const port = await findFreePort();
      const users = options.users ?? {};
      const configPath = join(folder, 'orthanc.json');
      await writeFile(
        configPath,
        JSON.stringify(orthancConfiguration(folder, port, users), null, 2),
      );
      const child = spawn(ORTHANC_BINARY, [configPath], {
        cwd: folder,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const orthanc = new Orthanc(child, folder, `http://127.0.0.1:${port}`, users);
      try {
        await orthanc.waitUntilAnswering(options.startTimeoutMs ?? 20_000);
      } catch (error) {
        await orthanc.stop();
        throw error;
      }
      return orthanc;
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stores Part-10 files; returns Orthanc's answers (`ParentStudy`, `ID`…), in order. */
  async upload(files: Buffer[], concurrency = 4): Promise<Array<Record<string, unknown>>> {
    const answers: Array<Record<string, unknown>> = new Array(files.length);
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const index = next++;
        const response = await fetch(`${this.url}/instances`, {
          method: 'POST',
          body: files[index],
          headers: { 'content-type': 'application/dicom', ...this.authorization() },
        });
        if (!response.ok)
          throw new Error(
            `Orthanc refused instance ${index}: ${response.status} ${await response.text()}`,
          );
        answers[index] = (await response.json()) as Record<string, unknown>;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
    return answers;
  }

  /** The Authorization header of the first configured user, or none. */
  authorization(): Record<string, string> {
    const [user] = Object.entries(this.users);
    if (!user) return {};
    return { authorization: `Basic ${Buffer.from(`${user[0]}:${user[1]}`).toString('base64')}` };
  }

  /** SIGTERM, then SIGKILL after a few seconds; the storage folder is always removed. */
  async stop(): Promise<void> {
    try {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill('SIGTERM');
        const killer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
        await this.exited;
        clearTimeout(killer);
      }
    } finally {
      await rm(this.folder, { recursive: true, force: true });
    }
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`Orthanc exited at start:\n${this.log}`);
      try {
        const response = await fetch(`${this.url}/system`, { headers: this.authorization() });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Orthanc did not answer /system within ${timeoutMs} ms:\n${this.log}`);
  }
}

/** Orthanc's configuration for a throwaway PACS in `folder`. */
export function orthancConfiguration(
  folder: string,
  port: number,
  users: Record<string, string>,
): Record<string, unknown> {
  const authenticated = Object.keys(users).length > 0;
  return {
    Name: 'tumor-board-test',
    StorageDirectory: join(folder, 'db'),
    IndexDirectory: join(folder, 'db'),
    StorageCompression: false,
    HttpPort: port,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: authenticated,
    ...(authenticated ? { RegisteredUsers: users } : {}),
    // Frames relayed byte for byte: the proxy never asks for compression, and Orthanc never uses it.
    HttpCompressionEnabled: false,
    DicomServerEnabled: false,
    DicomPort: 0,
    SaveJobs: false,
    ConcurrentJobs: 1,
    Plugins: [ORTHANC_DICOMWEB_PLUGIN],
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: false,
      Ssl: false,
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
    },
  };
}
