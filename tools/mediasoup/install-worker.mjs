#!/usr/bin/env node
// Installs the mediasoup-worker binary that mediasoup runs for every media
// worker. Called by the root package.json `postinstall` script (mediasoup's own
// install script is disabled in `allowScripts`: it needs GitHub and PyPI).
//
// In order, the first that applies:
//   1. MEDIASOUP_WORKER_BIN is set: mediasoup runs that binary; nothing to do.
//   2. A worker for this mediasoup version and recipe is in the cache: copy it.
//   3. mediasoup's prebuilt worker can be downloaded (≈10 s timeout): cache it,
//      copy it.
//   4. Build the worker offline against Debian's libraries (installing the
//      Debian packages first when running as root, otherwise printing the
//      command to run), cache it, copy it.
// The copy goes to node_modules/mediasoup/worker/out/Release/mediasoup-worker,
// where mediasoup looks by default. See tools/mediasoup/README.md.
//
// Plain Node, no dependencies. Safe to run again at any time.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const RECIPE_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = path.resolve(RECIPE_DIR, '..', '..');
const BIN_NAME = process.platform === 'win32' ? 'mediasoup-worker.exe' : 'mediasoup-worker';
const DOWNLOAD_CONNECT_TIMEOUT_MS = 10_000;
const DOWNLOAD_BODY_TIMEOUT_MS = 120_000;

/** Debian packages the offline build needs (meson comes separately: ≥ 1.1). */
const BUILD_PACKAGES = [
  'build-essential',
  'pkg-config',
  'ninja-build',
  'libuv1-dev',
  'libssl-dev',
  'libsrtp2-dev',
  'libusrsctp-dev',
  'libabsl-dev',
  'libflatbuffers-dev',
  'flatbuffers-compiler',
];
const MIN_MESON = [1, 1, 0];
const DEBIAN_SOURCES = '/etc/apt/sources.list.d/debian.sources';

/**
 * mediasoup's subprojects (the .wrap files in worker/subprojects) that this
 * recipe does not replace with a shim from ./subprojects, and why.
 */
const WRAPS_NOT_NEEDED = {
  wingetopt: 'Windows only',
  liburing: 'disabled with -Dms_disable_liburing=true (Debian 12 has liburing 2.3, too old)',
};

/**
 * mediasoup bug (3.13 up to at least 3.27.1): the BIO callback on the DTLS
 * transport's outgoing memory BIO must return OpenSSL's own result `ret` for
 * every post-operation call. OpenSSL calls it with `BIO_CB_RETURN` OR-ed with
 * the operation (BIO_CB_WRITE, BIO_CB_CTRL, ...), so comparing with `==` never
 * matches and the callback answers 1 to everything, including the
 * BIO_CTRL_GET_KTLS_SEND query. With an OpenSSL built with kernel TLS (Debian's
 * is) libssl then believes the BIO does kTLS, skips its write buffer, and
 * SSL_do_handshake() crashes the worker (SIGSEGV) as soon as the worker is the
 * DTLS client. Testing the flag bit is the fix.
 */
const DTLS_BIO_FIX = {
  file: 'src/RTC/DtlsTransport.cpp',
  find: '(operationType == BIO_CB_RETURN)',
  replace: '((operationType & BIO_CB_RETURN) != 0)',
};

const started = Date.now();
const elapsed = (since = started) => formatDuration(Date.now() - since);

function log(message) {
  console.log(`[mediasoup-worker] ${message}`);
}

function warn(message) {
  console.warn(`[mediasoup-worker] WARNING: ${message}`);
}

class InstallError extends Error {}

function formatDuration(ms) {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

// ---------------------------------------------------------------------------
// Where things are

/** The installed mediasoup package (directory and version), or null. */
function findMediasoup() {
  const require = createRequire(path.join(PROJECT_ROOT, 'package.json'));
  // mediasoup's `exports` does not expose package.json, so look for the
  // directory along Node's own module search path instead of resolving it.
  for (const dir of require.resolve.paths('mediasoup') ?? []) {
    const manifest = path.join(dir, 'mediasoup', 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return { dir: path.dirname(manifest), version: pkg.version, repository: pkg.repository };
  }
  return null;
}

/** sha256 over the recipe (this folder, documentation excluded). */
function recipeHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.endsWith('.md')) {
        hash.update(path.relative(RECIPE_DIR, full).split(path.sep).join('/'));
        hash.update('\0');
        hash.update(fs.readFileSync(full));
        hash.update('\0');
      }
    }
  };
  walk(RECIPE_DIR);
  return hash.digest('hex');
}

function cacheRoot() {
  if (process.env.TUMOR_BOARD_CACHE_DIR) return path.resolve(process.env.TUMOR_BOARD_CACHE_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tumor-board');
}

function prebuiltTarName(version) {
  let name = `mediasoup-worker-${version}-${os.platform()}-${os.arch()}`;
  // mediasoup publishes Linux builds per kernel major (≥ 6 uses io_uring).
  if (os.platform() === 'linux') name += `-kernel${Number(os.release().split('.')[0])}`;
  return `${name}.tgz`;
}

// ---------------------------------------------------------------------------
// Checking, caching and installing a binary

/**
 * A worker started without MEDIASOUP_VERSION in its environment exits with
 * code 41 (mediasoup's main.cpp): proof that it loads and runs on this host,
 * shared libraries included.
 */
function workerRuns(bin) {
  const result = spawnSync(bin, [], { env: {}, stdio: 'ignore', timeout: 15_000 });
  return result.status === 41;
}

/** Copies `from` to `to` through a temporary file and a rename. */
function copyAtomically(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = path.join(
    path.dirname(to),
    `.${path.basename(to)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    fs.copyFileSync(from, tmp);
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, to);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Stores a checked binary in the cache; a failure here is only a warning. */
function storeInCache(entry, bin, info) {
  try {
    copyAtomically(bin, entry.bin);
    writeAtomically(
      path.join(entry.dir, 'info.json'),
      `${JSON.stringify({ ...info, storedAt: new Date().toISOString() }, null, 2)}\n`,
    );
    log(`cached as ${entry.bin}`);
  } catch (error) {
    warn(`could not write the cache (${error.message}); the next clean install repeats this`);
  }
}

function installInto(mediasoup, bin) {
  const target = path.join(mediasoup.dir, 'worker', 'out', 'Release', BIN_NAME);
  copyAtomically(bin, target);
  log(`installed ${path.relative(PROJECT_ROOT, target)}`);
  return target;
}

function fromCache(entry) {
  if (!fs.existsSync(entry.bin)) return false;
  if (workerRuns(entry.bin)) return true;
  warn(`cached ${entry.bin} does not run on this host; discarding it`);
  fs.rmSync(entry.dir, { recursive: true, force: true });
  return false;
}

// ---------------------------------------------------------------------------
// mediasoup's prebuilt worker

/**
 * Returns the `wanted` regular file from a gzipped tar archive, or null. Reads
 * ustar with GNU long-name and pax `path` records, which covers the archives
 * mediasoup publishes (a single file).
 */
function fileFromTgz(tgz, wanted) {
  const tar = zlib.gunzipSync(tgz);
  const text = (buf) => buf.toString('utf8').replace(/\0[\s\S]*$/, '');
  let offset = 0;
  let nextName = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(text(header.subarray(124, 136)).trim() || '0', 8);
    const type = header[156] === 0 ? '0' : String.fromCharCode(header[156]);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      nextName = text(body);
      continue;
    }
    if (type === 'x') {
      const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (match) nextName = match[1];
      continue;
    }
    let name = text(header.subarray(0, 100));
    if (text(header.subarray(257, 263)) === 'ustar') {
      const prefix = text(header.subarray(345, 500));
      if (prefix) name = `${prefix}/${name}`;
    }
    if (nextName) name = nextName;
    nextName = null;
    if (type === '0' && path.posix.basename(name) === wanted) return Buffer.from(body);
  }
  return null;
}

function prebuiltBaseUrl(mediasoup) {
  if (process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL) {
    return process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL.replace(/\/+$/, '');
  }
  const repo = String(mediasoup.repository?.url ?? 'https://github.com/versatica/mediasoup')
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');
  return `${repo}/releases/download`;
}

/** Downloads and checks mediasoup's prebuilt worker; returns its path or null. */
async function downloadPrebuilt(mediasoup, workDir) {
  const url = `${prebuiltBaseUrl(mediasoup)}/${mediasoup.version}/${prebuiltTarName(mediasoup.version)}`;
  log(`trying mediasoup's prebuilt worker: ${url}`);
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), DOWNLOAD_CONNECT_TIMEOUT_MS);
  let archive;
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) {
      log(`prebuilt worker not available (HTTP ${response.status})`);
      return null;
    }
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), DOWNLOAD_BODY_TIMEOUT_MS);
    archive = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const reason = controller.signal.aborted
      ? 'timed out'
      : (error.cause?.code ?? error.cause?.message ?? error.message);
    log(`prebuilt worker not reachable (${reason})`);
    return null;
  } finally {
    clearTimeout(timer);
  }
  let binary;
  try {
    binary = fileFromTgz(archive, BIN_NAME);
  } catch (error) {
    warn(`prebuilt archive unreadable (${error.message})`);
    return null;
  }
  if (!binary) {
    warn(`prebuilt archive has no ${BIN_NAME}`);
    return null;
  }
  const file = path.join(workDir, BIN_NAME);
  fs.writeFileSync(file, binary, { mode: 0o755 });
  if (!workerRuns(file)) {
    warn('prebuilt worker does not run on this host (C library or kernel too old?)');
    return null;
  }
  log(`prebuilt worker downloaded (${(binary.length / 1e6).toFixed(1)} MB) and runs here`);
  return file;
}

// ---------------------------------------------------------------------------
// Debian packages for the offline build

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) return { ok: false, status: null, stdout: '', stderr: result.error.message };
  return {
    ok: result.status === 0,
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
  };
}

function hasCommand(command) {
  return run('sh', ['-c', `command -v "${command}"`]).ok;
}

function versionAtLeast(version, minimum) {
  const parts = version.split(/[.+~-]/).map((part) => parseInt(part, 10) || 0);
  for (let i = 0; i < minimum.length; i += 1) {
    if ((parts[i] ?? 0) !== minimum[i]) return (parts[i] ?? 0) > minimum[i];
  }
  return true;
}

/** The meson to use: $MESON, else `meson` on PATH; with its version. */
function findMeson() {
  const command = process.env.MESON || 'meson';
  const result = run(command, ['--version']);
  if (!result.ok) return { command, version: null, ok: false };
  const version = result.stdout.trim();
  return { command, version, ok: versionAtLeast(version, MIN_MESON) };
}

function osRelease() {
  try {
    const fields = {};
    for (const line of fs.readFileSync('/etc/os-release', 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=("?)(.*)\2$/.exec(line.trim());
      if (match) fields[match[1]] = match[3];
    }
    return fields;
  } catch {
    return {};
  }
}

function missingPackages() {
  return BUILD_PACKAGES.filter((pkg) => {
    const result = run('dpkg-query', ['-W', '-f=${db:Status-Abbrev}', pkg]);
    return !(result.ok && result.stdout.startsWith('ii'));
  });
}

/** Is `suite` in any APT source already (one-line or deb822 format)? */
function aptHasSuite(suite) {
  const files = ['/etc/apt/sources.list'];
  try {
    for (const name of fs.readdirSync('/etc/apt/sources.list.d')) {
      if (/\.(list|sources)$/.test(name)) files.push(path.join('/etc/apt/sources.list.d', name));
    }
  } catch {
    // no sources.list.d
  }
  const word = new RegExp(`(^|\\s)${suite}(\\s|$)`, 'm');
  return files.some((file) => {
    try {
      return fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .some((line) => !line.trim().startsWith('#') && word.test(line));
    } catch {
      return false;
    }
  });
}

/**
 * Adds `backports` after `release` on every `Suites:` line of a deb822 source
 * that lists `release` itself (the main archive, not `release-security`).
 * Returns the new text, or null when no line qualifies. Idempotent.
 */
function withBackportsSuite(text, release) {
  const backports = `${release}-backports`;
  let matched = false;
  const lines = text.split('\n').map((line) => {
    const match = /^(Suites:\s*)(.*)$/.exec(line);
    if (!match) return line;
    const suites = match[2].trim().split(/\s+/);
    if (!suites.includes(release)) return line;
    matched = true;
    if (suites.includes(backports)) return line;
    suites.splice(suites.indexOf(release) + 1, 0, backports);
    return `${match[1]}${suites.join(' ')}`;
  });
  return matched ? lines.join('\n') : null;
}

/** The same edit as a sed expression, for the command printed to non-root users. */
function backportsSedCommand(release) {
  const script = `/^Suites:/{/${release}-backports/!s/\\( ${release}\\)\\( \\|$\\)/\\1 ${release}-backports\\2/}`;
  return `sed -i '${script}' ${DEBIAN_SOURCES}`;
}

/**
 * Makes sure the build tools and libraries are there: installs the missing
 * Debian packages as root, otherwise stops with the command to run.
 * Returns the meson command to use.
 */
function ensureBuildDependencies() {
  if (process.platform !== 'linux') {
    throw new InstallError(
      `the offline build is for Debian Linux; on ${process.platform}, point MEDIASOUP_WORKER_BIN at a worker built elsewhere`,
    );
  }
  let meson = findMeson();
  if (!hasCommand('dpkg-query')) {
    if (!meson.ok) {
      throw new InstallError(
        `not a Debian system and no meson >= ${MIN_MESON.join('.')} found: install meson, ninja, pkg-config, a C++17 compiler, flatc and the development files of libuv, OpenSSL 3, libsrtp2, usrsctp, Abseil and FlatBuffers, then run \`node tools/mediasoup/install-worker.mjs\` (or \`npm ci\`) again`,
      );
    }
    warn(
      'not a Debian system: assuming the build libraries are installed (see tools/mediasoup/README.md)',
    );
    return meson.command;
  }

  const missing = missingPackages();
  if (missing.length === 0 && meson.ok) {
    log(`build packages present; meson ${meson.version}`);
    return meson.command;
  }

  const { VERSION_CODENAME: codename = '' } = osRelease();
  // Debian 12 ships meson 1.0.1; mediasoup needs >= 1.1, from bookworm-backports.
  const backports = !meson.ok && codename === 'bookworm' ? `${codename}-backports` : null;
  const needSource = backports !== null && !aptHasSuite(backports);
  const toInstall = [...missing];
  if (!meson.ok) toInstall.push(backports ? `meson/${backports}` : 'meson');

  log(
    `missing for the offline build: ${toInstall.join(' ')}${meson.version ? ` (meson ${meson.version} is older than ${MIN_MESON.join('.')})` : ''}`,
  );

  if (process.getuid?.() !== 0) {
    const command = [
      ...(needSource ? [`sudo ${backportsSedCommand(codename)}`] : []),
      'sudo apt-get update',
      `sudo apt-get install -y --no-install-recommends ${toInstall.join(' ')}`,
    ].join(' && ');
    console.error(
      [
        '',
        '[mediasoup-worker] The video worker must be built here, and its Debian packages are missing.',
        '[mediasoup-worker] Run this once as an administrator, then `npm ci` again:',
        '',
        `  ${command}`,
        '',
        '[mediasoup-worker] (or set MEDIASOUP_WORKER_BIN to a worker built elsewhere; see README.md)',
        '',
      ].join('\n'),
    );
    throw new InstallError('Debian build packages missing (see the command above)');
  }

  if (needSource) {
    const text = fs.existsSync(DEBIAN_SOURCES) ? fs.readFileSync(DEBIAN_SOURCES, 'utf8') : '';
    const updated = withBackportsSuite(text, codename);
    if (updated === null) {
      throw new InstallError(
        `meson >= ${MIN_MESON.join('.')} comes from ${backports}, but ${DEBIAN_SOURCES} has no "Suites:" line with "${codename}" to add it to; add ${backports} to your APT sources (or set MESON to a newer meson) and retry`,
      );
    }
    if (updated !== text) {
      writeAtomically(DEBIAN_SOURCES, updated);
      log(`added ${backports} to the Suites of ${DEBIAN_SOURCES}`);
    }
  }

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => {
    log(`running apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0)
      throw new InstallError(`apt-get ${args[0]} failed (exit ${result.status})`);
  };
  const aptStarted = Date.now();
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', ...toInstall]);
  log(`Debian packages installed in ${elapsed(aptStarted)}`);

  const stillMissing = missingPackages();
  meson = findMeson();
  if (stillMissing.length > 0 || !meson.ok) {
    throw new InstallError(
      `still missing after apt-get: ${[...stillMissing, ...(meson.ok ? [] : [`meson >= ${MIN_MESON.join('.')}`])].join(' ')}`,
    );
  }
  return meson.command;
}

// ---------------------------------------------------------------------------
// The offline build

/**
 * Puts a shim from ./subprojects where meson expects each downloaded
 * subproject (the `directory` of its .wrap), so `subproject()` finds it
 * already "downloaded" and gets the Debian library through pkg-config.
 */
function installShims(workerDir) {
  const subprojectsDir = path.join(workerDir, 'subprojects');
  const shimsDir = path.join(RECIPE_DIR, 'subprojects');
  const placeholder = path.join(shimsDir, 'placeholder.c');
  for (const wrapFile of fs
    .readdirSync(subprojectsDir)
    .filter((f) => f.endsWith('.wrap'))
    .sort()) {
    const name = wrapFile.slice(0, -'.wrap'.length);
    const shim = path.join(shimsDir, name);
    if (!fs.existsSync(shim)) {
      if (WRAPS_NOT_NEEDED[name]) continue;
      throw new InstallError(
        `mediasoup needs subproject "${name}", which this recipe has no shim for: add tools/mediasoup/subprojects/${name}/`,
      );
    }
    const wrap = fs.readFileSync(path.join(subprojectsDir, wrapFile), 'utf8');
    const directory = /^\s*directory\s*=\s*(\S+)\s*$/m.exec(wrap)?.[1] ?? name;
    const target = path.join(subprojectsDir, directory);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(shim, target, { recursive: true });
    fs.copyFileSync(placeholder, path.join(target, 'placeholder.c'));
  }
}

/** Applies DTLS_BIO_FIX; fails if mediasoup's source no longer has that line. */
function applyDtlsBioFix(workerDir) {
  const file = path.join(workerDir, DTLS_BIO_FIX.file);
  const source = fs.readFileSync(file, 'utf8');
  const count = source.split(DTLS_BIO_FIX.find).length - 1;
  if (count !== 1) {
    throw new InstallError(
      `DTLS BIO callback fix: expected "${DTLS_BIO_FIX.find}" once in ${DTLS_BIO_FIX.file}, found it ${count} times. mediasoup changed: check whether the bug is fixed upstream and update tools/mediasoup/install-worker.mjs`,
    );
  }
  fs.writeFileSync(file, source.replace(DTLS_BIO_FIX.find, DTLS_BIO_FIX.replace));
  log(`patched ${DTLS_BIO_FIX.file}: BIO callback tests the BIO_CB_RETURN bit`);
}

/**
 * Runs a build command with its output in `logFile`; prints ninja's progress
 * ("[n/m]") about once a minute and the log's tail on failure.
 */
function runLogged(command, args, { cwd, logFile, label }) {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    out.write(`\n$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stepStarted = Date.now();
    let lastReport = Date.now();
    let pending = '';
    const onData = (chunk) => {
      out.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^\[(\d+)\/(\d+)\]/.exec(line);
        if (match && Date.now() - lastReport >= 60_000) {
          lastReport = Date.now();
          log(`${label}: ${match[1]}/${match[2]} steps, ${elapsed(stepStarted)}`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) =>
      out.end(() => reject(new InstallError(`${label}: ${error.message}`))),
    );
    child.on('close', (code) => {
      out.end(() => {
        if (code === 0) return resolve();
        const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
        console.error(tail);
        reject(new InstallError(`${label} failed (exit ${code}); full log: ${logFile}`));
      });
    });
  });
}

/**
 * Compiles and runs checks/srtp-compat.cpp against this host's libsrtp 2: a
 * broken compatibility layer fails here in seconds, not after the build.
 */
function checkSrtpCompat(workDir) {
  const flags = run('pkg-config', ['--cflags', '--libs', 'libsrtp2']);
  if (!flags.ok) throw new InstallError(`pkg-config libsrtp2 failed: ${flags.stderr.trim()}`);
  const exe = path.join(workDir, 'srtp-compat');
  const compile = run(process.env.CXX || 'c++', [
    '-std=c++17',
    '-O2',
    '-I',
    path.join(RECIPE_DIR, 'subprojects', 'libsrtp3', 'include'),
    path.join(RECIPE_DIR, 'checks', 'srtp-compat.cpp'),
    '-o',
    exe,
    ...flags.stdout.trim().split(/\s+/),
  ]);
  if (!compile.ok) {
    throw new InstallError(`compiling checks/srtp-compat.cpp failed:\n${compile.stderr}`);
  }
  const check = run(exe, []);
  if (!check.ok) {
    throw new InstallError(`libsrtp 3 compatibility check failed:\n${check.stderr}${check.stdout}`);
  }
  log(check.stdout.trim());
}

/** Builds the worker from mediasoup's sources; returns the binary's path. */
async function buildOffline(mediasoup, meson, workDir, logFile) {
  const workerDir = path.join(workDir, 'worker');
  const buildDir = path.join(workDir, 'build');
  const source = path.join(mediasoup.dir, 'worker');
  checkSrtpCompat(workDir);
  // Build in a copy: node_modules stays as npm wrote it.
  const skip = new Set(['out', 'prebuild', 'pip_invoke', 'pip_meson_ninja']);
  fs.cpSync(source, workerDir, {
    recursive: true,
    filter: (from) => !skip.has(path.relative(source, from).split(path.sep)[0]),
  });
  installShims(workerDir);
  applyDtlsBioFix(workerDir);

  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(
    logFile,
    `mediasoup ${mediasoup.version} worker build, ${new Date().toISOString()}\n`,
  );
  log(`building in ${workDir} (log: ${logFile}); 5 to 10 minutes on 2 cores`);

  const setupStarted = Date.now();
  await runLogged(
    meson,
    [
      'setup',
      '--wrap-mode=nodownload',
      '-Dms_disable_liburing=true',
      '--buildtype',
      'release',
      '-Db_ndebug=true',
      buildDir,
    ],
    { cwd: workerDir, logFile, label: 'meson setup' },
  );
  log(`meson setup done in ${elapsed(setupStarted)}`);

  // The FlatBuffers headers are generated by their own target, which the
  // worker's sources do not declare as a dependency: generate them first.
  const compileStarted = Date.now();
  for (const target of ['flatbuffers-generator', 'mediasoup-worker']) {
    await runLogged(meson, ['compile', '-C', buildDir, target], {
      cwd: workerDir,
      logFile,
      label: `compile ${target}`,
    });
  }
  log(`compiled in ${elapsed(compileStarted)}`);
  return path.join(buildDir, BIN_NAME);
}

// ---------------------------------------------------------------------------

async function main() {
  if (process.env.MEDIASOUP_WORKER_BIN) {
    const bin = process.env.MEDIASOUP_WORKER_BIN;
    log(`MEDIASOUP_WORKER_BIN=${bin}: mediasoup runs that binary, nothing to install`);
    if (!workerRuns(bin)) warn(`${bin} does not run on this host`);
    return;
  }

  const mediasoup = findMediasoup();
  if (!mediasoup) {
    log('mediasoup is not installed here; nothing to do');
    return;
  }

  const hash = recipeHash().slice(0, 12);
  const platform = `${os.platform()}-${os.arch()}`;
  const cacheDir = path.join(cacheRoot(), 'mediasoup');
  const entry = (key) => ({
    dir: path.join(cacheDir, key),
    bin: path.join(cacheDir, key, BIN_NAME),
  });
  const built = entry(`${mediasoup.version}-${platform}-${hash}`);
  const prebuiltKey = prebuiltTarName(mediasoup.version)
    .replace(/^mediasoup-worker-/, '')
    .replace(/\.tgz$/, '');
  const prebuilt = entry(`${prebuiltKey}-prebuilt`);
  log(`mediasoup ${mediasoup.version}, ${platform}, recipe ${hash}`);

  for (const [candidate, kind] of [
    [built, 'worker built by this recipe'],
    [prebuilt, "mediasoup's prebuilt worker"],
  ]) {
    if (fromCache(candidate)) {
      installInto(mediasoup, candidate.bin);
      log(`path: cache hit (${kind}, ${candidate.bin}); done in ${elapsed()}`);
      return;
    }
  }
  log(`no cached worker in ${cacheDir}`);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tumor-board-mediasoup-'));
  try {
    const skipDownload =
      process.env.MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD &&
      !process.env.MEDIASOUP_FORCE_WORKER_PREBUILT_DOWNLOAD;
    if (skipDownload) {
      log('MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD is set: not trying the prebuilt worker');
    } else {
      const downloadStarted = Date.now();
      const bin = await downloadPrebuilt(mediasoup, workDir);
      if (bin) {
        storeInCache(prebuilt, bin, { source: 'prebuilt', mediasoup: mediasoup.version, platform });
        installInto(mediasoup, bin);
        log(`path: prebuilt download (${elapsed(downloadStarted)}); done in ${elapsed()}`);
        return;
      }
    }

    log('building the worker offline against Debian libraries');
    const meson = ensureBuildDependencies();
    const buildStarted = Date.now();
    const logFile = path.join(cacheDir, `build-${built.dir.split(path.sep).pop()}.log`);
    const bin = await buildOffline(mediasoup, meson, workDir, logFile);
    if (!workerRuns(bin)) throw new InstallError(`the built ${bin} does not run (see ${logFile})`);
    storeInCache(built, bin, {
      source: 'offline build (tools/mediasoup)',
      mediasoup: mediasoup.version,
      platform,
      recipe: hash,
      meson: findMeson().version,
      os: osRelease().PRETTY_NAME,
    });
    installInto(mediasoup, bin);
    log(`path: offline build (${elapsed(buildStarted)}); done in ${elapsed()}`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(
    `[mediasoup-worker] ERROR: ${error instanceof InstallError ? error.message : (error.stack ?? error)}`,
  );
  process.exit(1);
});
