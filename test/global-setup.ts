import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '@jest/types';
import { EmbeddedDatabase } from '@app/persistence';
import {
  ORTHANC_BINARY,
  ORTHANC_INSTALL_COMMAND,
  TEST_PORTS_DIR,
  orthancInstalled,
} from '@app/testing';
import { CHROMIUM_PATH } from './browser/support/chromium';

/**
 * Whether this run includes browser tests. The browser project names this module as its own
 * globalSetup too; jest runs the module once and passes the config of the project whose test
 * asked for it, so `projectConfig` is the browser project exactly when a browser test is about
 * to run: not for `--selectProjects unit` (jest 30 keeps `selectProjects` out of globalConfig
 * and drops unselected projects' tests), nor for a path filter that matches no browser test.
 */
function browserTestsInRun(projectConfig: Config.ProjectConfig | undefined): boolean {
  return projectConfig?.displayName?.name === 'browser';
}

/** Browser tests drive Debian's Chromium; install it when we can, say how when we cannot. */
function provisionChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() === 0) {
    console.log(
      `\nBrowser tests need Chromium at ${CHROMIUM_PATH}; installing Debian's package: ` +
        'apt-get update && apt-get install -y --no-install-recommends chromium',
    );
    execSync('apt-get update && apt-get install -y --no-install-recommends chromium', {
      stdio: 'inherit',
    });
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
    }
    return;
  }
  throw new Error(
    `The browser tests drive Debian's Chromium at ${CHROMIUM_PATH}, which is not installed. ` +
      'Install it with: sudo apt-get install -y chromium',
  );
}

/**
 * The imaging tests drive a real PACS: Debian's Orthanc and its DICOMweb plugin. Installed when
 * we can (root), else the run stops saying how. Called by the e2e project's own global setup
 * (test/pacs-setup.ts), so only runs with e2e tests need it.
 */
export function provisionOrthanc(): void {
  if (orthancInstalled()) return;
  const install =
    'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends orthanc orthanc-dicomweb';
  if (process.getuid?.() === 0) {
    console.log(
      `\nThe imaging tests need Orthanc with its DICOMweb plugin; installing Debian's packages: ${install}`,
    );
    execSync(install, { stdio: 'inherit' });
    if (!orthancInstalled()) {
      throw new Error(
        `apt-get installed orthanc but ${ORTHANC_BINARY} or its DICOMweb plugin is still missing`,
      );
    }
    return;
  }
  throw new Error(
    `The imaging tests drive Debian's Orthanc (${ORTHANC_BINARY}) with its DICOMweb plugin, which is not installed. ` +
      `Install it with: ${ORTHANC_INSTALL_COMMAND}`,
  );
}

/**
 * With DATABASE_URL set (CI), tests use that server. Otherwise a real
 * PostgreSQL is embedded for the run; each test file creates its own
 * database on it. When browser tests are part of the run, Chromium is
 * provisioned first.
 */
export default async function globalSetup(
  _globalConfig?: Config.GlobalConfig,
  projectConfig?: Config.ProjectConfig,
): Promise<void> {
  // The ports an earlier run handed to spawned servers are free again.
  await rm(TEST_PORTS_DIR, { recursive: true, force: true });
  if (browserTestsInRun(projectConfig)) provisionChromium();
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'tumor-board-test-'));
  await chmod(dataDir, 0o755);
  const database = await EmbeddedDatabase.start({ dataDir, databaseName: 'postgres' });
  (globalThis as { __embeddedDatabase?: EmbeddedDatabase }).__embeddedDatabase = database;
  (globalThis as { __embeddedDataDir?: string }).__embeddedDataDir = dataDir;
  process.env.TEST_DATABASE_SERVER_URL = database.url;
}
