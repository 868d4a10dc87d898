// Web client benchmark: what the browser must download before the first screen, and how long a
// person waits on loopback in Debian's Chromium.
//
//   npm run build && node bench/web-client.mjs
//
// 1. Size: the initial JavaScript of the built client (apps/web/dist/index.html's entry script,
//    its modulepreloads and their static imports), raw and gzipped (zlib, level 6, as a
//    compressing proxy would send it), the initial CSS, what the /login and / routes add, and
//    every lazy chunk.
// 2. Time, in Chromium (/usr/bin/chromium, headless) against the built server
//    (dist/apps/server/src/main.js) with demo data:
//    a. navigation to /login → the sign-in form is in the DOM and usable, from the navigation's
//       start (performance.now() in the page): cold (new profile, empty cache) and warm (cached);
//    b. submitting the sign-in form → the home page's heading names the user and its data
//       ("Next meetings") is rendered.
//    Both are taken in the page, at the animation frame after the DOM shows them.
//    BENCH_RUNS runs each (default 10); p50/p95 by nearest rank.
//
// The database: with DATABASE_URL set, a fresh temporary database on that server (dropped at
// the end); otherwise the server's embedded PostgreSQL in a temporary DATA_DIR.
// Prints one JSON object.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  WEB,
  launchChromium,
  machine,
  mark,
  requirePrerequisites,
  runAgainstServer,
  stats,
  submitSignIn,
} from './support/app.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const USER = {
  email: 'coordinator@demo.local',
  password: 'Demo-Board-2026!',
  name: 'Casey Coordinator',
};

requirePrerequisites();

// ---------------------------------------------------------------------------------------------
// 1. Size
// ---------------------------------------------------------------------------------------------

const assetPath = (url) => join(WEB, url.replace(/^\//, ''));
const sizeOf = (file) => {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length };
};
const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** Static `import … from "./x.js"` / `import "./x.js"` of a built chunk (not `import()`). */
function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  const found = new Set();
  const pattern = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
  for (const match of code.matchAll(pattern)) found.add(resolve(join(file, '..'), match[1]));
  return [...found];
}

/** A chunk and everything it statically imports, transitively. */
function closure(files) {
  const seen = new Set();
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(file));
  }
  return seen;
}

function summarise(files) {
  const list = [...files]
    .map((file) => ({ file: file.slice(WEB.length + 1), ...sizeOf(file) }))
    .sort((a, b) => b.raw - a.raw);
  const raw = list.reduce((sum, f) => sum + f.raw, 0);
  const gzip = list.reduce((sum, f) => sum + f.gzip, 0);
  return {
    rawKiB: kib(raw),
    gzipKiB: kib(gzip),
    files: list.map((f) => ({ file: f.file, rawKiB: kib(f.raw), gzipKiB: kib(f.gzip) })),
  };
}

function bundleReport() {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const attr = (tag, name) => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1];
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const entries = tags
    .filter((tag) => tag.startsWith('<script') && /type="module"/.test(tag))
    .map((tag) => attr(tag, 'src'));
  const preloads = tags
    .filter((tag) => /rel="modulepreload"/.test(tag))
    .map((tag) => attr(tag, 'href'));
  const styles = tags.filter((tag) => /rel="stylesheet"/.test(tag)).map((tag) => attr(tag, 'href'));
  const initial = closure([...entries, ...preloads].map(assetPath));

  const all = readdirSync(join(WEB, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(WEB, 'assets', name));
  const lazy = all.filter((file) => !initial.has(file));
  const entryCode = readFileSync(assetPath(entries[0]), 'utf8');
  /** What a lazily loaded route chunk adds to the initial set. */
  const route = (name) => {
    const chunk = new RegExp(`import\\(\\s*["'\`]\\./(${name}-[\\w-]+\\.js)["'\`]\\s*\\)`).exec(
      entryCode,
    )?.[1];
    if (!chunk) return null;
    return summarise([...closure([join(WEB, 'assets', chunk)])].filter((f) => !initial.has(f)));
  };
  return {
    entry: entries,
    modulepreload: preloads,
    initialJs: summarise(initial),
    initialCss: summarise(styles.map(assetPath)),
    routeLogin: route('LoginPage'),
    routeHome: route('HomePage'),
    lazyChunks: {
      count: lazy.length,
      ...(({ rawKiB, gzipKiB, files }) => ({ rawKiB, gzipKiB, files }))(summarise(lazy)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Time
// ---------------------------------------------------------------------------------------------

/** Marks, in the page's own clock (ms from navigation start), when things become usable. */
const PROBE = `(() => {
  const marks = (globalThis.__bench = {});
  const at = (name) => requestAnimationFrame(() => { marks[name] ??= performance.now(); });
  const check = () => {
    if (marks.formSeen === undefined) {
      const button = document.querySelector('form button[type="submit"]');
      const email = document.querySelector('input[name="email"]');
      if (button && email && !button.disabled) { marks.formSeen = true; at('formReady'); }
    }
    if (marks.submitAt !== undefined && marks.homeSeen === undefined) {
      const h1 = document.querySelector('main h1');
      const data = [...document.querySelectorAll('h2')].some((h) => h.textContent === 'Next meetings');
      if (h1 && h1.textContent.includes(${JSON.stringify(USER.name)}) && data) {
        marks.homeSeen = true; at('homeReady');
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('submit', () => { marks.submitAt = performance.now(); }, true);
})();`;

async function timings(baseUrl) {
  const browser = await launchChromium();
  const contextOptions = { baseURL: baseUrl, viewport: { width: 1280, height: 800 } };
  try {
    const coldForm = [];
    const signInToHome = [];
    // One untimed sign-in first: the server's first Argon2 verification and query plans.
    for (let run = -1; run < RUNS; run += 1) {
      const context = await browser.newContext(contextOptions);
      await context.addInitScript(PROBE);
      const page = await context.newPage();
      await page.goto('/login');
      const formReady = await mark(page, 'formReady');
      await submitSignIn(page, USER.email, USER.password);
      const homeReady = await mark(page, 'homeReady');
      const submitAt = await page.evaluate(() => globalThis.__bench.submitAt);
      if (run >= 0) {
        coldForm.push(formReady);
        signInToHome.push(homeReady - submitAt);
      }
      await context.close();
    }

    const warmForm = [];
    const context = await browser.newContext(contextOptions);
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    await page.goto('/login');
    await mark(page, 'formReady');
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto('/login');
      warmForm.push(await mark(page, 'formReady'));
    }
    await context.close();

    return {
      loginFormInteractive: { cold: stats(coldForm), warm: stats(warmForm) },
      signInSubmitToHomeWithData: stats(signInToHome),
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------

const size = bundleReport();
await runAgainstServer({ name: 'web', env: { MEDIASOUP_WORKERS: '0' } }, async (server) => ({
  machine: machine(),
  database: server.database,
  size,
  time: await timings(server.baseUrl),
}));
