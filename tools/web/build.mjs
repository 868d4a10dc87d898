#!/usr/bin/env node
// Builds the web client into apps/web/dist unless the sources are unchanged since the last
// build (a fingerprint of the client's sources, the shared contracts and the lockfile is kept
// beside the output), so a warm `npm start` does not rebuild it. `--force` always builds.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const web = join(root, 'apps/web');
const out = join(web, 'dist');
const stamp = join(out, '.source-fingerprint');
const inputs = [join(web, 'src'), join(web, 'public'), join(web, 'index.html'), join(web, 'vite.config.mts'), join(root, 'libs/contracts/src'), join(root, 'package-lock.json')];

async function files(path) {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    const nested = await Promise.all(
      entries
        .filter((entry) => !entry.name.endsWith('.test.tsx') && !entry.name.endsWith('.test.ts'))
        .map((entry) => (entry.isDirectory() ? files(join(path, entry.name)) : [join(path, entry.name)])),
    );
    return nested.flat();
  } catch (error) {
    if (error.code === 'ENOTDIR') return [path];
    throw error;
  }
}

async function fingerprint() {
  const hash = createHash('sha256');
  const all = (await Promise.all(inputs.map(files))).flat().sort();
  for (const file of all) {
    hash.update(relative(root, file));
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

const wanted = await fingerprint();
const built = await readFile(stamp, 'utf8').catch(() => null);
if (built === wanted && !process.argv.includes('--force')) {
  console.log('web client: up to date (apps/web/dist)');
} else {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.mts'), logLevel: 'warn' });
  await writeFile(stamp, wanted);
  console.log(`web client: built into apps/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
